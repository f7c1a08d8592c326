import { connectNats, healthRpc, RpcClient, SERVICE_NAMES, ServiceName, SYSTEM_CALLER } from '@app/shared';

/** Container health check of a NATS-only service: exit 0 when it answers its health request as up. */
async function main(): Promise<void> {
  const service = process.argv[2] as ServiceName;
  if (!SERVICE_NAMES.includes(service)) throw new Error(`usage: healthcheck <${SERVICE_NAMES.join('|')}>`);
  const nc = await connectNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', `healthcheck-${service}`);
  try {
    const health = await new RpcClient(nc, 2000).send(healthRpc(service), {}, { caller: SYSTEM_CALLER });
    if (health.status !== 'up') throw new Error(`${service} is ${health.status} (database ${health.database})`);
  } finally {
    await nc.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
