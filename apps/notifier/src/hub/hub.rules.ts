import { AppError, TMF_EVENT_TYPES, TmfEventType, TmfTicket } from '@app/shared';

/** TMF621's event hub: which callbacks may be called, which events a subscription wants, when to try again. Pure. */

const refuse = (field: string, reason: string, message: string) => new AppError('VALIDATION_FAILED', message, { fields: [{ field, reason }] });

/** The allowed hosts of TMF_HUB_CALLBACK_HOSTS: `host` allows any port of it, `host:port` that port only. */
export function allowedHosts(config: string): string[] {
  return config.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

/** An http(s) URL without credentials, to an allowed host: the platform sends requests nowhere else. */
export function checkCallback(callback: string, allowed: string[]): string {
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    throw refuse('callback', 'must be an absolute http or https URL', `The callback ${callback} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('callback', 'must be an http or https URL', `The callback must be http or https, not ${url.protocol}`);
  if (url.username || url.password) throw refuse('callback', 'must not carry credentials', 'The callback must not carry credentials');
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (!allowed.includes(host) && !allowed.includes(`${host}:${port}`)) {
    throw refuse('callback', 'its host is not allowed (TMF_HUB_CALLBACK_HOSTS)', `Callbacks to ${host}:${port} are not allowed by this platform's configuration`);
  }
  return url.toString();
}

/** The event types a subscription's query asks for (`eventType=A,B`); null: every type. */
export function parseQuery(query: string | undefined): TmfEventType[] | null {
  if (query === undefined || query.trim() === '') return null;
  const types: TmfEventType[] = [];
  for (const [key, value] of new URLSearchParams(query.trim())) {
    if (key !== 'eventType') throw refuse('query', 'filters on eventType only', `The hub filters events by eventType only, not ${key}`);
    for (const t of value.split(',').map((v) => v.trim()).filter(Boolean)) {
      if (!(TMF_EVENT_TYPES as readonly string[]).includes(t)) throw refuse('query', `eventType must be one of ${TMF_EVENT_TYPES.join(', ')}`, `No event type ${t}`);
      types.push(t as TmfEventType);
    }
  }
  return types.length > 0 ? types : null;
}

/** Wait before the next attempt after `attempts` failed ones: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

/** The notification as TMF621 defines it: the event's id, time and type, and the ticket as it stood. */
export function hubPayload(eventId: string, eventType: TmfEventType, at: string, ticket: TmfTicket): Record<string, unknown> {
  return { eventId, eventTime: at, eventType, '@type': eventType, event: { troubleTicket: ticket } };
}
