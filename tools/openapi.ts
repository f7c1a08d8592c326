import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayEnv, loadConfig } from '@app/shared';
import { createGatewayApp, openApiDocument } from '../apps/gateway/src/gateway.app';

export const OPENAPI_PATH = join(__dirname, '..', '..', 'openapi', 'openapi.json');

export function serialiseOpenApi(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Writes the gateway's OpenAPI document to openapi/openapi.json, where review sees every API change. */
async function main(): Promise<void> {
  const app = await createGatewayApp(loadConfig(GatewayEnv, { ...process.env, LOG_LEVEL: 'error' }));
  await app.init();
  writeFileSync(OPENAPI_PATH, serialiseOpenApi(openApiDocument(app)));
  console.log(`wrote ${OPENAPI_PATH}`);
  process.exit(0);
}

if (require.main === module) void main();
