import { isRetryable } from './channel-failure.rules';

describe('a channel failure is retryable or permanent', () => {
  it('timeouts, connection errors, HTTP 5xx and 429, SMTP 4xx: retryable', () => {
    expect(isRetryable({ kind: 'timeout' })).toBe(true);
    expect(isRetryable({ kind: 'connection', code: 'ECONNREFUSED' })).toBe(true);
    for (const status of [500, 502, 503, 504, 429]) expect(isRetryable({ kind: 'http', status })).toBe(true);
    for (const responseCode of [421, 450, 451, 452]) expect(isRetryable({ kind: 'smtp', responseCode })).toBe(true);
    expect(isRetryable({ kind: 'unknown' })).toBe(true);
  });

  it('any other HTTP 4xx and SMTP 5xx: permanent', () => {
    for (const status of [400, 401, 403, 404, 422]) expect(isRetryable({ kind: 'http', status })).toBe(false);
    for (const responseCode of [550, 553, 554, 535]) expect(isRetryable({ kind: 'smtp', responseCode })).toBe(false);
  });
});
