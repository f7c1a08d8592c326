import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter every change of `known_circuit` moves on (a statement trigger: inventory events, or anything else that
 * writes the table): the ingest keeps the circuits it has looked up in memory and reads only this number per batch,
 * dropping what it holds when it has moved, instead of looking up every circuit of every batch (2,000 index probes
 * and rows a batch, as much database time as storing the samples).
 */
export class QualityKnownCircuitVersion1766520000001 implements MigrationInterface {
  name = 'QualityKnownCircuitVersion1766520000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE known_circuit_version (one boolean PRIMARY KEY DEFAULT true CHECK (one), v bigint NOT NULL)`);
    await q.query(`INSERT INTO known_circuit_version (v) VALUES (0)`);
    await q.query(`CREATE FUNCTION known_circuit_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- The trigger's own schema: the changing session's search path may not hold it.
        EXECUTE format('UPDATE %I.known_circuit_version SET v = v + 1', TG_TABLE_SCHEMA);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER known_circuit_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON known_circuit
      FOR EACH STATEMENT EXECUTE FUNCTION known_circuit_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER known_circuit_changed ON known_circuit');
    await q.query('DROP FUNCTION known_circuit_changed()');
    await q.query('DROP TABLE known_circuit_version');
  }
}
