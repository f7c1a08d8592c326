import { Pool } from 'pg';
import { KPIS } from '@app/shared';
import { KPI_COLUMN, rollupColumns } from '../../apps/quality/src/samples/kpi-columns';
import { PlatformClient } from './client';
import { sleep } from './processes';
import { Row } from './verify';

const FIVE_MIN = 300_000;
const GIVE_UP_MS = 90_000;
/** A circuit whose latency goes bad for `BAD_RUN` slots of every `CYCLE` (one in `BAD_EVERY` circuits): warnings raise and clear. */
const CYCLE = 12;
const BAD_RUN = 4;
const BAD_EVERY = 8;

/** One sample batch as the feed sent it and what it last heard. */
export interface SentBatch {
  batchId: string;
  samples: Array<{ circuitCode: string; at: string; latencyMs: number; packetLossPct: number; utilInPct: number }>;
  outcome: 'acked' | 'refused' | 'unknown';
  status?: number;
  accepted?: number;
  duplicates?: number;
}

/**
 * A network management system feeding quality over HTTP: one batch at a time, each the next 5-minute slot of every
 * circuit of its own (time moves forward, as a live feed's does), resent with the same batch id and Idempotency-Key
 * until it gets a definite answer. Some circuits go bad in runs, so warnings are raised and cleared and fault opens
 * proactive tickets while services die.
 */
export class SampleLoad {
  readonly batches: SentBatch[] = [];
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly firstSlot: number;

  constructor(
    private readonly client: () => PlatformClient,
    readonly circuits: string[],
  ) {
    // Five days back: a run of a few minutes sends at most a few hundred slots, all within the raw retention and none ahead.
    this.firstSlot = Math.floor(Date.now() / FIVE_MIN) * FIVE_MIN - 5 * 86_400_000;
  }

  batchOf(slot: number): SentBatch {
    const at = new Date(this.firstSlot + slot * FIVE_MIN).toISOString();
    return {
      batchId: `chaos-${slot}`,
      outcome: 'unknown',
      samples: this.circuits.map((circuitCode, i) => ({
        circuitCode,
        at,
        latencyMs: i % BAD_EVERY === 0 && (slot + i) % CYCLE < BAD_RUN ? 400 + (slot % 7) : 5 + ((slot + i) % 4),
        packetLossPct: ((slot + i) % 8) / 20,
        utilInPct: 20 + ((slot * 3 + i) % 50),
      })),
    };
  }

  start(pauseMs: number): void {
    this.running = (async () => {
      const client = this.client();
      for (let slot = 0; !this.stopped; slot++) {
        const batch = this.batchOf(slot);
        this.batches.push(batch);
        await sendBatch(client, batch);
        await sleep(pauseMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}

async function sendBatch(client: PlatformClient, batch: SentBatch, giveUpMs = GIVE_UP_MS): Promise<void> {
  const answer = await client.send('POST', '/api/v1/quality/samples', { source: 'chaos-nms', batchId: batch.batchId, samples: batch.samples }, `samples-${batch.batchId}`, giveUpMs);
  if (!answer) return;
  batch.status = answer.status;
  if (answer.status === 200) {
    batch.outcome = 'acked';
    batch.accepted = answer.body.accepted as number;
    batch.duplicates = answer.body.duplicates as number;
  } else {
    batch.outcome = 'refused';
    console.log(`  refused sample batch ${batch.batchId} ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
}

async function one<T>(db: Pool, sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query(sql, params)).rows[0] as T;
}

/**
 * After the storm: every batch gets its definite answer; every acknowledged batch's samples are stored exactly once
 * (none lost, none twice, none that no batch sent); every 15-minute and hourly roll-up equals its recomputation from
 * the raw samples; no warning raised twice; no circuit with two proactive tickets.
 */
export async function verifyQuality(db: Pool, client: PlatformClient, load: SampleLoad): Promise<{ rows: Row[]; facts: string[]; violations: string[] }> {
  const violations: string[] = [];
  const facts: string[] = [];
  const unknown = load.batches.filter((b) => b.outcome === 'unknown');
  facts.push(`sample batches sent: ${load.batches.length}, without an answer when the load stopped: ${unknown.length}`);
  for (const b of unknown) await sendBatch(client, b, 60_000);
  for (const b of load.batches.filter((x) => x.outcome === 'unknown')) violations.push(`stuck sample batch ${b.batchId}: no definite answer within 60 s`);
  for (const b of load.batches.filter((x) => x.outcome === 'refused')) violations.push(`sample batch ${b.batchId} refused with ${b.status}`);
  const acked = load.batches.filter((b) => b.outcome === 'acked');
  // A batch whose first answer was lost is answered again from its first answer (or finds its samples stored).
  for (const b of acked.filter((x) => x.accepted! + x.duplicates! !== x.samples.length)) violations.push(`sample batch ${b.batchId}: ${b.accepted} accepted + ${b.duplicates} duplicates of ${b.samples.length}`);

  const expected = acked.flatMap((b) => b.samples);
  const params = [expected.map((s) => s.circuitCode), expected.map((s) => s.at), expected.map((s) => s.latencyMs), expected.map((s) => s.packetLossPct), expected.map((s) => s.utilInPct)];
  const stored = await one<{ lost: string; differs: string; stored: string; keys: string }>(
    db,
    `WITH e AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::real[], $4::real[], $5::real[]) AS e(code, at, latency, loss, util)),
          c AS (SELECT id, code FROM quality.known_circuit WHERE code = ANY($6::text[])),
          s AS (SELECT s.* FROM quality.sample s JOIN c ON c.id = s.circuit_id)
     SELECT (SELECT count(*) FROM e LEFT JOIN c ON c.code = e.code LEFT JOIN s ON s.circuit_id = c.id AND s.at = e.at WHERE s.circuit_id IS NULL) AS lost,
            (SELECT count(*) FROM e JOIN c ON c.code = e.code JOIN s ON s.circuit_id = c.id AND s.at = e.at
              WHERE s.latency_ms <> e.latency OR s.packet_loss_pct <> e.loss OR s.util_in_pct <> e.util) AS differs,
            (SELECT count(*) FROM s) AS stored,
            (SELECT count(*) FROM (SELECT DISTINCT circuit_id, at FROM s) k) AS keys`,
    [...params, load.circuits],
  );
  const lost = Number(stored.lost);
  // Rows of one circuit and time twice, and rows no acknowledged batch sent.
  const doubled = Number(stored.stored) - Number(stored.keys) + Math.max(0, Number(stored.keys) - (expected.length - lost));
  if (lost) violations.push(`${lost} sample(s) of acknowledged batches not stored`);
  if (Number(stored.differs)) violations.push(`${stored.differs} stored sample(s) differ from what was sent`);
  if (doubled) violations.push(`${doubled} sample(s) stored twice or never sent`);
  const batches = await one<{ n: string }>(db, `SELECT count(*) AS n FROM quality.sample_batch WHERE source = 'chaos-nms'`);
  if (Number(batches.n) !== acked.length) violations.push(`quality keeps ${batches.n} chaos batches for ${acked.length} acknowledged`);

  // Roll-ups: each bucket's count, sum, min and max per KPI as recomputed from the raw samples (every circuit).
  let rollupsWrong = 0;
  let buckets = 0;
  for (const [table, interval] of [
    ['rollup_15m', '15 minutes'],
    ['rollup_1h', '1 hour'],
  ]) {
    const differs = KPIS.map((k) => {
      const c = KPI_COLUMN[k];
      const r = rollupColumns(k);
      return `raw.${c}_n <> r.${r.n} OR abs(raw.${c}_sum - r.${r.sum}) > 1e-6 * greatest(1, abs(raw.${c}_sum)) OR raw.${c}_min IS DISTINCT FROM r.${r.min} OR raw.${c}_max IS DISTINCT FROM r.${r.max}`;
    }).join(' OR ');
    const aggregates = KPIS.map((k) => {
      const c = KPI_COLUMN[k];
      return `count(${c}) AS ${c}_n, coalesce(sum(${c}::float8), 0) AS ${c}_sum, min(${c}) AS ${c}_min, max(${c}) AS ${c}_max`;
    }).join(', ');
    const row = await one<{ wrong: string; buckets: string }>(
      db,
      `WITH raw AS (SELECT circuit_id, date_bin('${interval}', at, timestamptz '2000-01-01T00:00:00Z') AS bucket, ${aggregates} FROM quality.sample GROUP BY 1, 2)
       SELECT count(*) FILTER (WHERE raw.circuit_id IS NULL OR r.circuit_id IS NULL OR ${differs}) AS wrong, count(*) AS buckets
       FROM raw FULL JOIN quality.${table} r USING (circuit_id, bucket)`,
    );
    rollupsWrong += Number(row.wrong);
    buckets += Number(row.buckets);
    if (Number(row.wrong)) violations.push(`${row.wrong} ${table} bucket(s) differ from their recomputation from the raw samples`);
  }

  // Warnings: each raised once (one event per warning row, none for a warning not stored), no two from the same samples.
  const w = await one<{ warnings: string; raised: string; events_without: string; unraised: string; raised_twice: string; same_samples: string; cleared: string }>(
    db,
    `WITH ev AS (SELECT envelope->'data'->>'warningId' AS id FROM quality.outbox WHERE type = 'evt.quality.warning.raised.v1')
     SELECT (SELECT count(*) FROM quality.warning) AS warnings,
            (SELECT count(*) FROM ev) AS raised,
            (SELECT count(*) FROM ev WHERE NOT EXISTS (SELECT 1 FROM quality.warning w WHERE w.id::text = ev.id)) AS events_without,
            (SELECT count(*) FROM quality.warning w WHERE NOT EXISTS (SELECT 1 FROM ev WHERE ev.id = w.id::text)) AS unraised,
            (SELECT count(*) FROM quality.warning w WHERE (SELECT count(*) FROM ev WHERE ev.id = w.id::text) > 1) AS raised_twice,
            (SELECT count(*) - count(DISTINCT (circuit_id, kpi, rule, samples::text)) FROM quality.warning) AS same_samples,
            (SELECT count(*) FROM quality.warning WHERE status = 'cleared') AS cleared`,
  );
  const doubledWarnings = Number(w.events_without) + Number(w.raised_twice) + Number(w.same_samples);
  if (doubledWarnings) violations.push(`warnings doubled: ${w.events_without} raise event(s) of no warning, ${w.raised_twice} warning(s) raised twice, ${w.same_samples} raised again from the same samples`);
  if (Number(w.unraised)) violations.push(`${w.unraised} warning(s) stored without their raise event`);
  const fr = await one<{ records: string; distinct_records: string }>(
    db,
    `SELECT count(*) AS records, count(DISTINCT detail->>'warningId') AS distinct_records FROM fault.ticket_record WHERE type = 'quality-warning'`,
  );
  if (fr.records !== fr.distinct_records) violations.push(`fault recorded ${fr.records} quality warnings for ${fr.distinct_records} distinct`);

  // Proactive tickets: at most one per circuit (a warning on a circuit with one open adds evidence to it).
  const p = await one<{ tickets: string; circuits: string; without_warning: string }>(
    db,
    `SELECT count(*) AS tickets, count(DISTINCT circuit_code) AS circuits,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM fault.ticket_record r WHERE r.ticket_id = t.id AND r.type = 'quality-warning')) AS without_warning
     FROM fault.ticket t WHERE channel = 'monitoring'`,
  );
  const twice = Number(p.tickets) - Number(p.circuits);
  if (twice) violations.push(`${twice} proactive ticket(s) opened on a circuit that had one`);
  if (Number(p.without_warning)) violations.push(`${p.without_warning} proactive ticket(s) without their warning`);
  facts.push(
    `quality: ${acked.length} batches, ${expected.length} samples acknowledged, ${stored.stored} stored; ${buckets} roll-up buckets recomputed (${rollupsWrong} differ); warnings ${w.warnings} (${w.cleared} cleared), raise events ${w.raised}; proactive tickets ${p.tickets} on ${p.circuits} circuits`,
  );
  if (Number(w.warnings) === 0) violations.push('no quality warning was raised: the sample load did not exercise warnings');

  return {
    rows: [
      { what: 'quality samples', acknowledged: expected.length, stored: Number(stored.stored), lost, doubled },
      { what: 'quality roll-up buckets', acknowledged: buckets, stored: buckets - rollupsWrong, lost: rollupsWrong, doubled: 0 },
      { what: 'quality warnings raised', acknowledged: Number(w.warnings), stored: Number(w.raised), lost: Number(w.unraised), doubled: doubledWarnings },
      { what: 'proactive tickets', acknowledged: Number(p.circuits), stored: Number(p.tickets), lost: Number(p.without_warning), doubled: twice },
    ],
    facts,
    violations,
  };
}
