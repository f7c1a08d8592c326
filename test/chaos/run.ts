import { seen } from './client';
import { Ledger, Load } from './load';
import { ChaosPlatform, runChaos, say, until } from './platform';
import { sleep } from './processes';
import { SampleLoad, verifyQuality } from './quality';
import { KillRecord, table, verify } from './verify';

/**
 * `npm run test:chaos` (first part): the platform as separate processes on a Postgres and a NATS of this run's own,
 * under a steady intake and feedback load and a feed of KPI sample batches, while each service, the gateway, NATS and
 * Postgres is killed with SIGKILL and started again, in turn. Then every acknowledged change must be stored exactly
 * once, every event applied once, no clock fired twice, no key stuck, and no answer a 5xx other than 503/504 (which
 * say "retry"); every acknowledged sample batch's samples stored once, the roll-ups equal to their recomputation from
 * the raw samples, no warning raised twice and no circuit given two proactive tickets. Prints the table; exits 1 on
 * any violation.
 */

const SERVICES = ['fault', 'provisioning', 'reporting', 'notifier', 'quality'] as const;
const KILL_ORDER = ['fault', 'provisioning', 'reporting', 'notifier', 'quality', 'gateway', 'nats', 'postgres'] as const;
const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 2);
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 5);
const CIRCUITS = Number(process.env.CHAOS_CIRCUITS ?? 400);
/** Circuits of the sample feed, apart from the load's (their proactive tickets are quality's, not the load's). */
const QUALITY_CIRCUITS = Number(process.env.CHAOS_QUALITY_CIRCUITS ?? 40);
const SAMPLE_PAUSE_MS = Number(process.env.CHAOS_SAMPLE_PAUSE_MS ?? 300);
/** No new kill starts after this long under load, so the whole run stays within about four minutes. */
const KILL_BUDGET_MS = Number(process.env.CHAOS_KILL_BUDGET_MS ?? 170_000);
const RECOVERY_BOUND_MS = 90_000;

class Run {
  readonly platform = new ChaosPlatform({ services: SERVICES, replicas: 1 });
  readonly kills: KillRecord[] = [];

  async killAndRestart(target: string, round: number): Promise<KillRecord> {
    const proc = this.platform.procs.get(target)!;
    const killedAt = Date.now();
    await proc.kill9();
    await sleep(1000);
    await proc.start();
    const record: KillRecord = { target, round };
    const recovered = await until(`recovery after kill -9 of ${target}`, RECOVERY_BOUND_MS, async () => ((await this.platform.healthy()) ? true : undefined)).catch(() => false);
    if (recovered) record.recoverySeconds = (Date.now() - killedAt) / 1000;
    say(`kill -9 ${target} #${round}: ${recovered ? `recovered in ${record.recoverySeconds!.toFixed(1)} s` : 'NOT recovered'}`);
    return record;
  }

  async storm(load: Load, samples: SampleLoad): Promise<void> {
    const started = Date.now();
    await sleep(5000);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of KILL_ORDER) {
        if (Date.now() - started > KILL_BUDGET_MS) {
          say(`time budget used: skipping the rest of round ${round}`);
          return;
        }
        this.kills.push(await this.killAndRestart(target, round));
        await sleep(3000);
      }
    }
    say(`load ran ${((Date.now() - started) / 1000).toFixed(0)} s; ${load.ledger.opens.size} opens, ${load.ledger.feedbacks.size} feedbacks, ${samples.batches.length} sample batches sent`);
  }
}

function main(): void {
  const run = new Run();
  const { platform } = run;
  runChaos(platform, async () => {
    await platform.start();
    await platform.signIn();
    await until('the platform answering', 90_000, async () => ((await platform.healthy()) ? true : undefined));
    const { customer, circuits } = await platform.seed(CIRCUITS + QUALITY_CIRCUITS);
    await until('quality learning every circuit', 120_000, async () => {
      const { rows } = await platform.db.query('SELECT count(*)::int AS n FROM quality.known_circuit');
      return (rows[0] as { n: number }).n >= circuits.length ? true : undefined;
    });
    const fed = circuits.splice(0, QUALITY_CIRCUITS);
    say(`seeded a customer and ${circuits.length} + ${fed.length} circuits; load: ${CLIENTS} clients and a feed of ${fed.length} circuits' samples`);

    const load = new Load(() => platform.client(), customer, circuits, new Ledger());
    const samples = new SampleLoad(() => platform.client(), fed);
    load.start(CLIENTS, 300);
    samples.start(SAMPLE_PAUSE_MS);
    try {
      await run.storm(load, samples);
      await sleep(5000);
    } finally {
      await Promise.all([load.stop(), samples.stop()]);
    }
    // No manual step since the last kill: a read through every service must succeed on its own.
    const recovered = await until('the platform answering after the storm', 60_000, async () => ((await platform.healthy()) ? true : undefined)).catch(() => false);

    say('verifying...');
    const verdict = await verify(platform.db, platform.client(), load.ledger, run.kills);
    const quality = await verifyQuality(platform.db, platform.client(), samples);
    verdict.rows.push(...quality.rows);
    verdict.facts.push(...quality.facts);
    verdict.violations.push(...quality.violations);
    if (!recovered) verdict.violations.push('the platform did not answer within 60 s after the storm');
    // 503 and 504 say "retry" (the outage of a kill); anything else in the 5xx range is a fault of the platform.
    for (const [status, n] of seen.other5xx) verdict.violations.push(`${n} answer(s) ${status}: a 5xx other than 503/504 (examples below)`);
    // A 503 tells the client when to come back; one without Retry-After leaves it guessing.
    if (seen.unavailableWithoutRetryAfter > 0) verdict.violations.push(`${seen.unavailableWithoutRetryAfter} answer(s) 503 without Retry-After`);
    console.log('');
    console.log(table(verdict, run.kills));
    console.log('');
    for (const fact of verdict.facts) say(fact);
    const other5xx = [...seen.other5xx].map(([s, n]) => `${s}×${n}`).join(', ') || 'none';
    say(
      `while retrying: ${seen.networkErrors} network errors, ${seen.unavailable}×503 (${seen.unavailableWithoutRetryAfter} without Retry-After), ${seen.timeouts}×504, ${seen.inProgress}×409 in progress, other 5xx: ${other5xx}`,
    );
    for (const example of seen.examples) say(`  unexpected: ${example}`);
    if (seen.examples.length > 0) {
      const unexpected = /→ 5\d\d (?!SERVICE_UNAVAILABLE|SERVICE_TIMEOUT)|ERROR \[RpcError\]|Unhandled|uncaught/i;
      for (const name of ['gateway', ...SERVICES]) for (const line of platform.ws.grep(name, unexpected)) console.log(`    ${line}`);
    }
    return {
      violations: verdict.violations,
      passed:
        'every acknowledged change stored exactly once, every event applied once, no clock fired twice, no key stuck, no 5xx but 503/504, every 503 with Retry-After; every acknowledged sample stored once, roll-ups equal to the raw samples, no warning or proactive ticket doubled',
    };
  });
}

main();
