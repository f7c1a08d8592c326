import 'reflect-metadata';
import { GatewayEnv, loadConfig } from '@app/shared';
import { API_PREFIX, createGatewayApp } from './gateway.app';

async function main(): Promise<void> {
  const env = loadConfig(GatewayEnv);
  const app = await createGatewayApp(env);
  await app.listen(env.PORT, env.HOST);
  const host = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;
  console.log(`Gateway listening: API http://${host}:${env.PORT}/${API_PREFIX}  Swagger UI http://${host}:${env.PORT}/docs`);
}

main().catch((err: unknown) => {
  console.error(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
