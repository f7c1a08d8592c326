import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TmfVersion } from '@app/shared';

/** TM Forum's published TMF621 documents (Apache-2.0), kept in openapi/tmf/ of the repository and of the image. */
const FILES: Record<TmfVersion, string> = {
  v4: 'TMF621-TroubleTicket-v4.0.0.swagger.json',
  v5: 'TMF621-Trouble_Ticket-v5.0.1.oas.json',
};

/** The operations this platform serves; the rest of the specification (specifications of tickets, listeners) it does not. */
export const TMF_SERVED: Record<string, string[]> = {
  '/troubleTicket': ['get', 'post'],
  '/troubleTicket/{id}': ['get', 'patch', 'delete'],
  '/hub': ['post'],
  '/hub/{id}': ['delete'],
};

const NOTE =
  'Served by the government & enterprise network maintenance platform: the trouble ticket operations only. Every request needs `Authorization: Bearer <access token>` (a system client\'s token from POST /api/v1/auth/token, grant client_credentials). `fields=` returns the attributes named and nothing else in v4, and in v5 also id, href and @type. Lists page with offset/limit (no cursors, sort or JSONPath filter). Answers are synchronous (never 202). Status follows fault handling and is not set by clients. PATCH of a ticket the operator opened takes new notes and attachments only (409 naming the other attributes). DELETE withdraws the client\'s own report: its fault ticket is cancelled when the NOC has not dispatched it and nobody else reported the fault (204); another client\'s or the operator\'s ticket answers 403, one being handled 409; the report is kept as a record and answers 404 after. The hub posts TroubleTicketCreateEvent, TroubleTicketStatusChangeEvent, TroubleTicketResolvedEvent, TroubleTicketAttributeValueChangeEvent and (a report withdrawn) TroubleTicketDeleteEvent to callbacks on hosts the platform allows (TMF_HUB_CALLBACK_HOSTS).';

function folder(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'openapi', 'tmf');
    if (existsSync(join(candidate, FILES.v4))) return candidate;
    if (dirname(dir) === dir) throw new Error('openapi/tmf not found above ' + __dirname);
  }
}

/** PATCH takes a JSON merge patch (or plain JSON read the same way); JSON Patch and JSON Patch Query are not offered. */
function mergePatchOnly(bodies: Record<string, { content?: Record<string, unknown> }>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(bodies).map(([name, body]) => [
      name,
      body.content ? { ...body, content: Object.fromEntries(Object.entries(body.content).filter(([type]) => !type.startsWith('application/json-patch'))) } : body,
    ]),
  );
}

const cache = new Map<TmfVersion, Record<string, unknown>>();

/** The specification as this deployment serves it: its base path, bearer authentication, the served operations. */
export function tmfDocument(version: TmfVersion): Record<string, unknown> {
  const cached = cache.get(version);
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(join(folder(), FILES[version]), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const paths = Object.fromEntries(
    Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .filter(([p]) => p in TMF_SERVED)
      .map(([p, item]) => [p, Object.fromEntries(Object.entries(item).filter(([method]) => !/^(get|put|post|patch|delete)$/.test(method) || TMF_SERVED[p].includes(method)))]),
  );
  const info = { ...spec.info, description: `${spec.info.description ?? ''}\n\n${NOTE}` };
  const base = `/tmf-api/troubleTicket/${version}`;
  const document =
    version === 'v4'
      ? {
          ...spec,
          info,
          host: undefined,
          schemes: undefined,
          basePath: base,
          paths,
          securityDefinitions: { bearer: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'Bearer <access token>' } },
          security: [{ bearer: [] }],
        }
      : {
          ...spec,
          info,
          servers: [{ url: base }],
          paths,
          components: { ...spec.components, requestBodies: mergePatchOnly(spec.components.requestBodies), securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
          security: [{ bearer: [] }],
        };
  const clean = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
  cache.set(version, clean);
  return clean;
}
