import { Client } from 'pg';
import { freshEnvironment } from '../../../../test/support/platform';
import { serviceDatabaseUrl } from './database';

describe('each service owns its schema', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let fault: Client;

  beforeAll(async () => {
    env = await freshEnvironment();
    fault = new Client({ connectionString: serviceDatabaseUrl(env.databaseUrl, 'fault') });
    await fault.connect();
  });

  afterAll(async () => {
    await fault.end();
    await env.drop();
  });

  it("lets the fault service's role read its own tables", async () => {
    const res = await fault.query('SELECT count(*)::int AS n FROM fault.ticket');
    expect(res.rows[0].n).toBe(0);
  });

  it("refuses the fault service's role any access to a provisioning table", async () => {
    await expect(fault.query('SELECT * FROM provisioning.customer')).rejects.toThrow(/permission denied for schema provisioning/);
    await expect(fault.query('CREATE TABLE provisioning.intruder (id int)')).rejects.toThrow(/permission denied/);
  });

  it('gives every table to the role of the service whose schema holds it', async () => {
    const res = await fault.query(
      `SELECT schemaname, tableowner FROM pg_tables WHERE schemaname IN ('fault','provisioning','visits','reporting') GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(res.rows).toEqual([
      { schemaname: 'fault', tableowner: 'svc_fault' },
      { schemaname: 'provisioning', tableowner: 'svc_provisioning' },
      { schemaname: 'reporting', tableowner: 'svc_reporting' },
      { schemaname: 'visits', tableowner: 'svc_visits' },
    ]);
  });
});
