import { Injectable, Logger } from '@nestjs/common';
import { CircuitGrade, Kpi, KPIS, ServiceType } from '@app/shared';
import { PoolClient, Query } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { KPI_COLUMN, KPI_COLUMNS, rollupColumns } from './kpi-columns';
import { dayOf, ParsedSample, partitionName } from './sample.rules';

export interface KnownCircuitRow {
  id: string;
  code: string;
  customer_id: string;
  service_type: ServiceType;
  grade: CircuitGrade;
}

/** A sample as stored: the circuit, the time and the KPIs it carried. */
export interface StoredSample {
  circuitId: string;
  at: Date;
  values: Partial<Record<Kpi, number>>;
}

const ROLLUPS = [
  { table: 'rollup_15m', interval: '15 minutes' },
  { table: 'rollup_1h', interval: '1 hour' },
] as const;

/** The aggregate of the rows just inserted, added to what the bucket already holds (never a rescan). */
function rollupUpsert(table: string, interval: string): string {
  const aggregates = KPIS.map((k) => {
    const c = KPI_COLUMN[k];
    return `count(${c}), coalesce(sum(${c}), 0), min(${c}), max(${c})`;
  }).join(', ');
  const columns = KPIS.flatMap((k) => Object.values(rollupColumns(k))).join(', ');
  const updates = KPIS.map((k) => {
    const r = rollupColumns(k);
    return `${r.n} = t.${r.n} + excluded.${r.n}, ${r.sum} = t.${r.sum} + excluded.${r.sum}, ${r.min} = least(t.${r.min}, excluded.${r.min}), ${r.max} = greatest(t.${r.max}, excluded.${r.max})`;
  }).join(',\n        ');
  return `${table}_up AS (
      INSERT INTO ${table} AS t (circuit_id, bucket, ${columns})
      SELECT circuit_id, date_bin('${interval}', at, timestamptz '2000-01-01T00:00:00Z') AS bucket, ${aggregates}
      FROM ins GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (circuit_id, bucket) DO UPDATE SET
        ${updates}
    )`;
}

/**
 * The batch's samples land first in a temporary table of the connection (COPY, text format: no statement per row,
 * no arrays to escape and parse), emptied at every commit. `i` is the sample's place in the batch.
 */
const STAGE_SQL = `CREATE TEMP TABLE IF NOT EXISTS sample_stage (i int, circuit_id uuid, at timestamptz, ${KPI_COLUMNS.map((c) => `${c} real`).join(', ')}) ON COMMIT DELETE ROWS`;
const COPY_SQL = `COPY pg_temp.sample_stage (i, circuit_id, at, ${KPI_COLUMNS.join(', ')}) FROM STDIN`;

/**
 * Then one statement: the staged samples into `sample`, those of a (circuit, time) already stored skipped, the
 * inserted rows added to their 15-minute and hourly buckets (each bucket of the batch upserted once, with the
 * aggregate of its samples). It answers how many were stored and, only when some were not (a duplicate of a stored
 * sample: rare), the places of those stored — the usual batch needs no join back to the staged rows.
 */
const INGEST_SQL = `
  WITH ins AS (
    INSERT INTO sample (circuit_id, at, ${KPI_COLUMNS.join(', ')})
    SELECT circuit_id, at, ${KPI_COLUMNS.join(', ')} FROM pg_temp.sample_stage
    ON CONFLICT (circuit_id, at) DO NOTHING
    RETURNING circuit_id, at, ${KPI_COLUMNS.join(', ')}
  ),
  ${ROLLUPS.map((r) => rollupUpsert(r.table, r.interval)).join(',\n  ')},
  stored AS (SELECT count(*)::int AS n FROM ins)
  SELECT stored.n AS stored, CASE WHEN stored.n < $1 THEN (SELECT array_agg(s.i) FROM ins JOIN pg_temp.sample_stage s USING (circuit_id, at)) END AS places
  FROM stored`;

/** A `COPY … FROM STDIN` whose rows are all in hand: sent in one message when the server asks for them. */
class CopyFrom extends Query {
  constructor(
    text: string,
    // Not `rows`: pg's Query reads that as the rows to fetch a time, which turns the copy into a prepared statement.
    private readonly copyData: Buffer,
    done: (err: Error | undefined) => void,
  ) {
    super(text, done);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    connection.sendCopyFromChunk(this.copyData);
    connection.endCopyFrom();
  }
}

/** A sample as a line of COPY's text format (\N: no value). */
function copyLine(i: number, s: ParsedSample & { circuitId: string }): string {
  let line = `${i}\t${s.circuitId}\t${s.at.toISOString()}`;
  for (const k of KPIS) line += `\t${s.values[k] ?? '\\N'}`;
  return `${line}\n`;
}

/** The only code that writes the samples, their roll-ups and partitions. */
@Injectable()
export class SampleStore {
  private readonly logger = new Logger(SampleStore.name);
  private readonly partitions = new Set<string>();
  /** The circuits looked up, as of a version of `known_circuit` (see circuitsByCode). */
  private circuits: { version: string | null; byCode: Map<string, KnownCircuitRow> } = { version: null, byCode: new Map() };

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The known circuits of these codes. Those looked up before are kept in memory while `known_circuit_version` (moved
   * on by every change of `known_circuit`, in the changing transaction) stays where it was when they were read; only
   * codes not held are looked up. Rows read after the version was seen are at least as new as it, so what is held for
   * a version is never older than that version.
   */
  async circuitsByCode(m: EntityManager, codes: string[]): Promise<Map<string, KnownCircuitRow>> {
    const [{ v }] = (await m.query('SELECT v FROM known_circuit_version')) as Array<{ v: string }>;
    if (v !== this.circuits.version) this.circuits = { version: v, byCode: new Map() };
    const held = this.circuits.byCode;
    const found = new Map<string, KnownCircuitRow>();
    const missing: string[] = [];
    for (const code of codes) {
      const c = held.get(code);
      if (c) found.set(code, c);
      else missing.push(code);
    }
    if (missing.length > 0) {
      const rows = (await m.query('SELECT id, code, customer_id, service_type, grade FROM known_circuit WHERE code = ANY($1::text[])', [missing])) as KnownCircuitRow[];
      for (const r of rows) {
        found.set(r.code, r);
        held.set(r.code, r);
      }
    }
    return found;
  }

  /**
   * Inserts the samples (known circuits, no two of the same circuit and time) and returns those stored, without the
   * ones already stored.
   */
  async insert(m: EntityManager, samples: Array<ParsedSample & { circuitId: string }>): Promise<StoredSample[]> {
    if (samples.length === 0) return [];
    const client = (await (m.queryRunner as PostgresQueryRunner).connect()) as PoolClient;
    await client.query(STAGE_SQL);
    let text = '';
    for (let i = 0; i < samples.length; i++) text += copyLine(i, samples[i]);
    await new Promise<void>((resolve, reject) => client.query(new CopyFrom(COPY_SQL, Buffer.from(text), (err) => (err ? reject(err) : resolve()))));
    const [row] = (await m.query(INGEST_SQL, [samples.length])) as Array<{ stored: number; places: number[] | null }>;
    if (row.places === null) return row.stored === samples.length ? samples : [];
    return row.places.map((i) => samples[i]);
  }

  /** Creates the daily partitions of these days that do not exist yet (each in a short transaction of its own). */
  async ensurePartitions(days: Date[]): Promise<void> {
    for (const day of days.map(dayOf)) {
      const name = partitionName(day);
      if (this.partitions.has(name)) continue;
      const next = new Date(day.getTime() + 86_400_000);
      await this.dataSource.transaction(async (m) => {
        // Replicas racing to make the same partition: one at a time.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('quality.partition'))`);
        await m.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF sample FOR VALUES FROM ('${day.toISOString()}') TO ('${next.toISOString()}')`);
      });
      this.partitions.add(name);
    }
  }

  /** The days of the raw partitions that exist. */
  async partitionDays(): Promise<Date[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = 'sample' AND p.relnamespace = current_schema()::regnamespace`,
    )) as Array<{ name: string }>;
    return rows.map((r) => new Date(`${r.name.slice(8, 12)}-${r.name.slice(12, 14)}-${r.name.slice(14, 16)}T00:00:00Z`));
  }

  async dropPartitions(days: Date[]): Promise<void> {
    for (const day of days) {
      const name = partitionName(day);
      await this.dataSource.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('quality.partition'))`);
        await m.query(`DROP TABLE IF EXISTS ${name}`);
      });
      this.partitions.delete(name);
      this.logger.log(`Dropped raw samples of ${day.toISOString().slice(0, 10)} (past retention)`);
    }
  }

  /** Deletes roll-up buckets past their retention and batches older than the raw retention. */
  async deleteBefore(cutoffs: { quarterHour: Date; hourly: Date; batches: Date }): Promise<void> {
    await this.dataSource.query('DELETE FROM rollup_15m WHERE bucket < $1', [cutoffs.quarterHour]);
    await this.dataSource.query('DELETE FROM rollup_1h WHERE bucket < $1', [cutoffs.hourly]);
    await this.dataSource.query('DELETE FROM sample_batch WHERE received_at < $1', [cutoffs.batches]);
  }
}
