import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { problem } from '../http/problem.filter';

export const CONSOLE_PATH = '/console';

/** Where `npm run build` puts the console: dist/console, seen from dist/apps/gateway/… or from the sources under test. */
export function consoleDirectory(): string | undefined {
  return [resolve(__dirname, '../../../../console'), resolve(__dirname, '../../../../dist/console')].find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * The web console (apps/console, built by Vite): its hashed assets kept for a year, its page never cached so a new
 * build is seen at once, and every other path under /console answered with the page (the console routes itself).
 */
export async function registerConsole(fastify: FastifyInstance, dir = consoleDirectory()): Promise<void> {
  const notBuilt = (reply: FastifyReply) =>
    reply
      .status(404)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(problem(404, 'NOT_FOUND', 'The console is not built: run npm run build', CONSOLE_PATH));
  if (!dir) {
    fastify.get(CONSOLE_PATH, (_request, reply) => notBuilt(reply));
    fastify.get(`${CONSOLE_PATH}/*`, (_request, reply) => notBuilt(reply));
    return;
  }
  await fastify.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: `${CONSOLE_PATH}/assets/`,
    decorateReply: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply) => reply.header('cache-control', 'public, max-age=31536000, immutable'),
  });
  // Read once: the build replaces it only with a new start.
  const page = readFileSync(join(dir, 'index.html'));
  const sendPage = (reply: FastifyReply) => reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  fastify.get(CONSOLE_PATH, (_request, reply) => reply.redirect(`${CONSOLE_PATH}/`, 301));
  fastify.get(`${CONSOLE_PATH}/`, (_request, reply) => sendPage(reply));
  // A missing asset stays a 404 (the static route above owns /console/assets/*): a stale page gets no HTML for a script.
  fastify.get(`${CONSOLE_PATH}/*`, (_request, reply) => sendPage(reply));
}
