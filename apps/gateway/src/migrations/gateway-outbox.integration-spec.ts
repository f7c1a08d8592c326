import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createServiceDataSource, EventEnvelope, GatewayEvents, serviceDatabaseUrl, UserChangedData } from '@app/shared';
import { freshEnvironment } from '../../../../test/support/platform';
import { GATEWAY_ENTITIES, GATEWAY_MIGRATIONS } from '../identity/identity.schema';
import { GatewayOutbox1765670000001 } from './1765670000001-gateway-outbox';

/** An installation upgraded to the gateway's outbox: its existing users reach the notifier's directory too. */
describe('the migration that gives the gateway its outbox', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let db: DataSource;

  beforeAll(async () => {
    env = await freshEnvironment();
    db = await createServiceDataSource({ url: serviceDatabaseUrl(env.databaseUrl, 'gateway'), schema: 'gateway', entities: GATEWAY_ENTITIES, migrations: GATEWAY_MIGRATIONS }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await env?.drop();
  });

  it('announces each user made before it once, as an event the notifier reads', async () => {
    // Back to before the outbox: undo it and every migration after it.
    const since = GATEWAY_MIGRATIONS.length - GATEWAY_MIGRATIONS.indexOf(GatewayOutbox1765670000001);
    for (let i = 0; i < since; i++) await db.undoLastMigration({ transaction: 'each' });
    const admin = randomUUID();
    const unit = randomUUID();
    const portal = randomUUID();
    const customer = randomUUID();
    const insert = (id: string, username: string, roles: string[], extra: { customer_id?: string; unit?: string; phone?: string; active?: boolean }, at: string) =>
      db.query(
        `INSERT INTO users (id, username, display_name, password_hash, roles, customer_id, unit, phone, active, created_at, updated_at)
         VALUES ($1, $2, $2, 'x', $3, $4, $5, $6, $7, $8, $8)`,
        [id, username, roles, extra.customer_id ?? null, extra.unit ?? null, extra.phone ?? null, extra.active ?? true, at],
      );
    await insert(admin, 'admin', ['admin'], {}, '2026-10-01T01:00:00Z');
    await insert(unit, 'gz-transport', ['handling_unit'], { unit: '广州本地网传输中心', phone: '13800138000', active: false }, '2026-10-02T01:00:00.123Z');
    await insert(portal, 'bank-ops', ['customer_user'], { customer_id: customer }, '2026-10-03T01:00:00Z');

    await db.runMigrations({ transaction: 'each' });
    const rows = (await db.query('SELECT id, type, envelope FROM outbox ORDER BY seq')) as Array<{ id: string; type: string; envelope: EventEnvelope<UserChangedData> }>;
    expect(rows.map((r) => r.envelope.subjectId)).toEqual([admin, unit, portal]);
    for (const { id, type, envelope } of rows) {
      expect(type).toBe(GatewayEvents.userChanged.type);
      expect(envelope).toMatchObject({ id, type, source: 'gateway', occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
      // What the notifier's consumer checks before applying it.
      expect(validateSync(plainToInstance(UserChangedData, envelope.data), { whitelist: false })).toEqual([]);
    }
    expect(rows.map((r) => r.envelope.data)).toEqual([
      { userId: admin, username: 'admin', displayName: 'admin', roles: ['admin'], active: true, at: '2026-10-01T01:00:00.000Z' },
      { userId: unit, username: 'gz-transport', displayName: 'gz-transport', roles: ['handling_unit'], unit: '广州本地网传输中心', phone: '13800138000', active: false, at: '2026-10-02T01:00:00.123Z' },
      { userId: portal, username: 'bank-ops', displayName: 'bank-ops', roles: ['customer_user'], customerId: customer, active: true, at: '2026-10-03T01:00:00.000Z' },
    ]);
  });
});
