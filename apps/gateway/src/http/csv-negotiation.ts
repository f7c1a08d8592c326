import type { FastifyInstance } from 'fastify';
import { csvNegotiation, tableRows, toCsv } from './csv';
import { httpCode, problem } from './problem.filter';

/**
 * `Accept: text/csv` on any table: a list's page or an array answer becomes CSV (see csv.ts). An answer that is
 * not a table, to a client that accepts only CSV, is 406. Errors stay problem+json; without the header nothing changes.
 */
export function registerCsvNegotiation(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const { wantsCsv, jsonAcceptable } = csvNegotiation(request.headers.accept);
    if (!wantsCsv) return payload;
    void reply.header('vary', 'accept');
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
