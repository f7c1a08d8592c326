import { Delivery } from '../deliveries/delivery.entities';
import { NotifierEnv } from '../notifier.env';
import { Accepted, ChannelError, DeliveryChannel, isConnectionCode } from './channel';

/** The text inside a JSON string literal: the template's placeholders sit between quotes. */
function jsonText(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** The template with its placeholders filled; fails at start-up if the template does not make JSON. */
export function smsBody(template: string, values: { to: string; content: string; ref: string }): string {
  return template.replace(/\{\{(to|content|ref)\}\}/g, (_, name: 'to' | 'content' | 'ref') => jsonText(values[name]));
}

/** What the recipient of an SMS reads: the registered signature, the title and the body. */
export function smsText(signature: string, d: Pick<Delivery, 'title' | 'body'>): string {
  return `${signature}${d.title}：${d.body}`;
}

function fieldAt(answer: unknown, path: string): string | undefined {
  let value: unknown = answer;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * SMS through the operator's SMS gateway, an HTTP API (CMPP-style gateways sit behind such a front): one POST per
 * message, the delivery id as the client reference (in the body's {{ref}} and the Idempotency-Key header) so the
 * gateway can drop a message sent again after a crash.
 */
export class SmsGatewayChannel implements DeliveryChannel {
  readonly name = 'sms' as const;
  private readonly url: string;
  private readonly authorization: string | undefined;

  constructor(private readonly env: NotifierEnv) {
    this.url = env.SMS_GATEWAY_URL!;
    if (env.SMS_GATEWAY_TOKEN) this.authorization = `Bearer ${env.SMS_GATEWAY_TOKEN}`;
    else if (env.SMS_GATEWAY_USER) this.authorization = `Basic ${Buffer.from(`${env.SMS_GATEWAY_USER}:${env.SMS_GATEWAY_PASSWORD ?? ''}`).toString('base64')}`;
    try {
      JSON.parse(smsBody(env.SMS_GATEWAY_BODY_TEMPLATE, { to: 'x', content: 'x', ref: 'x' }));
    } catch {
      throw new Error('SMS_GATEWAY_BODY_TEMPLATE must be JSON once its placeholders are filled (put each inside a string: "{{to}}")');
    }
  }

  async send(d: Delivery): Promise<Accepted> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'idempotency-key': d.id,
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
        body: smsBody(this.env.SMS_GATEWAY_BODY_TEMPLATE, { to: d.address, content: smsText(this.env.SMS_SIGNATURE, d), ref: d.id }),
        signal: AbortSignal.timeout(this.env.SEND_TIMEOUT_MS),
      });
    } catch (err) {
      throw failureOf(err, this.env.SEND_TIMEOUT_MS);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new ChannelError({ kind: 'http', status: res.status }, `SMS gateway answered ${res.status}: ${text.slice(0, 200)}`);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    return { provider: 'sms-gateway', providerId: fieldAt(answer, this.env.SMS_GATEWAY_ID_FIELD) };
  }
}

function failureOf(err: unknown, timeoutMs: number): ChannelError {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return new ChannelError({ kind: 'timeout' }, `SMS gateway did not answer within ${timeoutMs} ms`);
  const code = e.cause?.code;
  if (isConnectionCode(code)) return new ChannelError({ kind: 'connection', code }, `SMS gateway unreachable: ${code} ${e.cause?.message ?? ''}`.trim());
  return new ChannelError({ kind: 'unknown' }, `SMS gateway request failed: ${e.cause?.message ?? e.message}`);
}
