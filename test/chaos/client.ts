import { sleep } from './processes';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  replayed: boolean;
  /** The Retry-After header, when the answer has one. */
  retryAfter: string | null;
}

/** What the clients saw along the way that a healthy platform should not answer (counted, shown in the table). */
export const seen = {
  networkErrors: 0,
  inProgress: 0,
  unavailable: 0,
  /** 503s that do not say when to retry (the client then waits its own default). */
  unavailableWithoutRetryAfter: 0,
  timeouts: 0,
  /** 5xx other than 503 and 504: a fault of the platform, not a passing outage. */
  other5xx: new Map<number, number>(),
  examples: [] as string[],
};

const RETRY_AFTER_CAP_MS = 5_000;

/** One HTTP exchange as a client saw it: status 0 is a network error (no answer). */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  startedAt: number;
  ms: number;
}

export type Observer = (exchange: Exchange) => void;

/**
 * A good HTTP client of the platform: a request carrying an Idempotency-Key is sent again with the same key and body
 * after a network error, 409 IDEMPOTENCY_IN_PROGRESS, 503 or 504 (honouring Retry-After up to a bound), until it gets
 * a definite answer or gives up (undefined: outcome unknown).
 */
export class PlatformClient {
  token = '';

  /** `observe` sees every attempt, retries included. */
  constructor(
    private readonly baseUrl: string,
    private readonly observe?: Observer,
  ) {}

  async once(method: string, path: string, body?: unknown, key?: string): Promise<Answer> {
    const startedAt = Date.now();
    const seenAs = (status: number) => this.observe?.({ method, path, status, startedAt, ms: Date.now() - startedAt });
    try {
      const answer = await this.exchange(method, path, body, key);
      seenAs(answer.status);
      return answer;
    } catch (err) {
      seenAs(0);
      throw err;
    }
  }

  private async exchange(method: string, path: string, body?: unknown, key?: string): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    if (res.status === 503 || res.status === 504 || (res.status === 409 && parsed.code === 'IDEMPOTENCY_IN_PROGRESS')) {
      const retryAfter = Number(res.headers.get('retry-after'));
      parsed.retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, RETRY_AFTER_CAP_MS) : 500;
    }
    return { status: res.status, body: parsed, replayed: res.headers.get('idempotent-replayed') === 'true', retryAfter: res.headers.get('retry-after') };
  }

  /** Sends until a definite answer, for at most `giveUpMs`. */
  async send(method: string, path: string, body: unknown, key: string | undefined, giveUpMs: number): Promise<Answer | undefined> {
    const until = Date.now() + giveUpMs;
    while (Date.now() < until) {
      let answer: Answer;
      try {
        answer = await this.once(method, path, body, key);
      } catch {
        seen.networkErrors++;
        await sleep(500);
        continue;
      }
      const retryable = answer.body.retryAfterMs !== undefined;
      if (answer.status === 409 && retryable) seen.inProgress++;
      else if (answer.status === 503) {
        seen.unavailable++;
        if (answer.retryAfter === null) seen.unavailableWithoutRetryAfter++;
      }
      else if (answer.status === 504) seen.timeouts++;
      else if (answer.status >= 500) {
        seen.other5xx.set(answer.status, (seen.other5xx.get(answer.status) ?? 0) + 1);
        if (seen.examples.length < 10) seen.examples.push(`${new Date().toISOString()} ${method} ${path} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      }
      if (retryable) {
        await sleep(answer.body.retryAfterMs as number);
        continue;
      }
      // Any other 5xx is not a definite answer either: a good client retries it with the same key.
      if (answer.status >= 500) {
        await sleep(1000);
        continue;
      }
      return answer;
    }
    return undefined;
  }
}
