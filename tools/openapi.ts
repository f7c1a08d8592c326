import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayEnv, loadConfig } from '@app/shared';
import { openApiDocumentOffline } from '../apps/gateway/src/gateway.app';

export const OPENAPI_PATH = join(__dirname, '..', '..', 'openapi', 'openapi.json');

export function serialiseOpenApi(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Writes the gateway's OpenAPI document to openapi/openapi.json, where review sees every API change. */
async function main(): Promise<void> {
  // No database or NATS is touched: the document comes from the routes alone.
  const env = loadConfig(GatewayEnv, { DATABASE_URL: 'postgres://unused@127.0.0.1/unused', ...process.env, LOG_LEVEL: 'error' });
  writeFileSync(OPENAPI_PATH, serialiseOpenApi(await openApiDocumentOffline(env)));
  console.log(`wrote ${OPENAPI_PATH}`);
  process.exit(0);
}

if (require.main === module) void main();
