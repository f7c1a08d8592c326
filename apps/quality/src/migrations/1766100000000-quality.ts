import { KPIS } from '@app/shared';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { KPI_COLUMNS, rollupColumns } from '../samples/kpi-columns';
import { DEFAULT_THRESHOLDS } from '../warnings/thresholds';

const rollupTable = (name: string) => `
  CREATE TABLE ${name} (
    circuit_id uuid NOT NULL,
    bucket timestamptz NOT NULL,
    ${KPIS.map((k) => {
      const c = rollupColumns(k);
      return `${c.n} int NOT NULL DEFAULT 0, ${c.sum} double precision NOT NULL DEFAULT 0, ${c.min} real, ${c.max} real`;
    }).join(',\n    ')},
    PRIMARY KEY (circuit_id, bucket)
  )`;

/**
 * Quality monitoring (issue #15): the circuits it has been told of, the raw samples partitioned by day (the
 * partitions are made ahead and dropped past retention by the service), 15-minute and hourly roll-ups kept by upsert
 * as batches arrive, the batches seen, thresholds, and the warnings with their streaks.
 */
export class Quality1766100000000 implements MigrationInterface {
  name = 'Quality1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE known_customer (id uuid PRIMARY KEY, code text NOT NULL, name text NOT NULL, region text)`);
    await q.query(`CREATE TABLE known_circuit (
      id uuid PRIMARY KEY, code text NOT NULL UNIQUE, customer_id uuid NOT NULL, service_type text NOT NULL, grade text NOT NULL, state text NOT NULL
    )`);
    await q.query('CREATE INDEX known_circuit_customer_idx ON known_circuit (customer_id)');
    await q.query(`CREATE TABLE sample_batch (
      source text NOT NULL, batch_id text NOT NULL, reply jsonb NOT NULL, received_at timestamptz NOT NULL, PRIMARY KEY (source, batch_id)
    )`);
    await q.query('CREATE INDEX sample_batch_received_idx ON sample_batch (received_at)');
    await q.query(`CREATE TABLE sample (
      circuit_id uuid NOT NULL,
      at timestamptz NOT NULL,
      ${KPI_COLUMNS.map((c) => `${c} real`).join(', ')},
      PRIMARY KEY (circuit_id, at)
    ) PARTITION BY RANGE (at)`);
    await q.query(rollupTable('rollup_15m'));
    await q.query(rollupTable('rollup_1h'));
    await q.query('CREATE INDEX rollup_15m_bucket_idx ON rollup_15m (bucket)');
    await q.query('CREATE INDEX rollup_1h_bucket_idx ON rollup_1h (bucket)');
    await q.query(`CREATE TABLE threshold (
      service_type text NOT NULL, grade text NOT NULL, kpi text NOT NULL, limit_value double precision NOT NULL,
      bad text NOT NULL CHECK (bad IN ('above', 'below')), PRIMARY KEY (service_type, grade, kpi)
    )`);
    for (const t of DEFAULT_THRESHOLDS) {
      await q.query('INSERT INTO threshold (service_type, grade, kpi, limit_value, bad) VALUES ($1, $2, $3, $4, $5)', [t.serviceType, t.grade, t.kpi, t.limit, t.bad]);
    }
    await q.query(`CREATE TABLE baseline (
      circuit_id uuid PRIMARY KEY, latency_p95 double precision, samples int NOT NULL, computed_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE warning (
      id uuid PRIMARY KEY, circuit_id uuid NOT NULL, circuit_code text NOT NULL, customer_id uuid NOT NULL, service_type text NOT NULL,
      grade text NOT NULL, kpi text NOT NULL, rule text NOT NULL, limit_value double precision NOT NULL, bad text NOT NULL,
      samples jsonb NOT NULL, status text NOT NULL CHECK (status IN ('active', 'cleared')), raised_at timestamptz NOT NULL, cleared_at timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX warning_active_idx ON warning (circuit_id, kpi, rule) WHERE status = 'active'`);
    await q.query('CREATE INDEX warning_customer_idx ON warning (customer_id, raised_at DESC)');
    // The run of consecutive samples beyond (or, under an active warning, within) a limit, per circuit, KPI and rule.
    await q.query(`CREATE TABLE watch (
      circuit_id uuid NOT NULL, kpi text NOT NULL, rule text NOT NULL, last_at timestamptz NOT NULL, run jsonb NOT NULL,
      PRIMARY KEY (circuit_id, kpi, rule)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['watch', 'warning', 'baseline', 'threshold', 'rollup_1h', 'rollup_15m', 'sample', 'sample_batch', 'known_circuit', 'known_customer']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
