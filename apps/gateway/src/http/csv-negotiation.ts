import type { FastifyInstance, FastifyReply } from 'fastify';
import { csvNegotiation, tableRows, toCsv } from './csv';
import { httpCode, problem } from './problem.filter';

/**
 * `Accept: text/csv` on any table: a list's page or an array answer becomes CSV (see csv.ts). An answer that is
 * not a table, to a client that accepts only CSV, is 406. Errors stay problem+json; without the header nothing changes.
 */
export function registerCsvNegotiation(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    // What a GET answers depends on Accept: caches must keep the two representations apart.
    if (request.method === 'GET') varyOnAccept(reply);
    const { wantsCsv, jsonAcceptable } = csvNegotiation(request.headers.accept);
    if (!wantsCsv) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (reply.statusCode >= 300 || !type.startsWith('application/json') || typeof payload !== 'string') return payload;
    const rows = tableRows(JSON.parse(payload));
    if (rows) {
      void reply.header('content-type', 'text/csv; charset=utf-8');
      return toCsv(rows);
    }
    if (jsonAcceptable) return payload;
    void reply.code(406).header('content-type', 'application/problem+json; charset=utf-8');
    return JSON.stringify(problem(406, httpCode(406), 'Only tables (lists and statistics) are offered as text/csv; this answer is application/json', request.url));
  });
}

function varyOnAccept(reply: FastifyReply): void {
  const vary = String(reply.getHeader('vary') ?? '');
  if (!/(^|,)\s*(accept|\*)\s*(,|$)/i.test(vary)) void reply.header('vary', vary ? `${vary}, Accept` : 'Accept');
}
