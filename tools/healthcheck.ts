import { connectNats, loadConfig, replicaHealthRpc, RpcClient, SERVICE_NAMES, ServiceEnv, ServiceName, SYSTEM_CALLER } from '@app/shared';

/**
 * Container health check of a NATS-only service, run in its container: exit 0 when this replica (by INSTANCE_ID,
 * the container's host name unless set) answers its own health request as up.
 */
async function main(): Promise<void> {
  const service = process.argv[2] as ServiceName;
  if (!SERVICE_NAMES.includes(service)) throw new Error(`usage: healthcheck <${SERVICE_NAMES.join('|')}>`);
  const env = loadConfig(ServiceEnv);
  const nc = await connectNats(env.NATS_URL, `healthcheck-${service}`);
  try {
    const health = await new RpcClient(nc, 2000).send(replicaHealthRpc(service, env.INSTANCE_ID), {}, { caller: SYSTEM_CALLER });
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
