import type { Infra } from '../../tools/infra';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __testInfra?: Infra };
  const infra = holder.__testInfra;
  delete holder.__testInfra;
  await infra?.stop();
}
