/**
 * Postgres SQLSTATEs that mean "the database cannot serve now", not "the request is wrong": shutdowns, lost
 * connections, too many connections, and 57014, a statement cancelled by statement_timeout.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57014', '57P01', '57P02', '57P03', '53300', '53400', '08000', '08001', '08003', '08004', '08006', '08007']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /terminating connection/i,
  // TypeORM, when the connection of a transaction died under it: the connection's error event releases the query
  // runner, and the transaction's next statement (or its rollback) finds it gone. TypeORM 1.x says it two ways.
  /Query runner already released/i, /connection provided by a query runner was already released/i];

/**
 * Whether an error means the database is unreachable or shutting down (answered 503 with Retry-After, so a
 * client retries) rather than a fault in the request or the code (500).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_ERRNOS.has(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(e!.message as string))) return true;
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return false;
}
