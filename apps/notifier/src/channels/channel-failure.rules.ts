/** What went wrong with one attempt on a channel, as the channel observed it. */
export type ChannelFailure =
  | { kind: 'timeout' }
  /** No connection, or it broke: refused, reset, DNS, TLS. */
  | { kind: 'connection'; code?: string }
  | { kind: 'http'; status: number }
  | { kind: 'smtp'; responseCode: number }
  /** Something we cannot classify: tried again, the attempts limit still ends it. */
  | { kind: 'unknown' };

/**
 * Whether trying again may succeed. Timeouts, connection errors, an HTTP 5xx or 429 and an SMTP 4xx are passing
 * troubles; any other HTTP 4xx (the gateway refuses this request) and an SMTP 5xx (the server refuses the message
 * for good) are permanent: retrying would fail the same way, so the delivery becomes a dead letter at once.
 */
export function isRetryable(failure: ChannelFailure): boolean {
  switch (failure.kind) {
    case 'timeout':
    case 'connection':
    case 'unknown':
      return true;
    case 'http':
      return failure.status >= 500 || failure.status === 429 || failure.status < 400;
    case 'smtp':
      return failure.responseCode < 500;
  }
}
