import { expectEventually } from '../support/eventually';
import { createCircuit, intake, openFault } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

describe('durable events while a consumer is down', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform.close();
  });

  it('with reporting stopped, 50 faults are opened; once reporting starts, the summary shows exactly 50', async () => {
    const customer = await platform
      .http()
      .post('/api/v1/customers')
      .send({ code: 'DURABLE-1', name: '某省政府', industry: 'government', tier: 'standard' })
      .expect(201);
    await expectEventually(async () => {
      await platform.http().get('/api/v1/reports/summary').expect(200).expect((r) => expect(r.body.customers).toBe(1));
    });

    const circuits = [];
    for (let i = 0; i < 50; i++) circuits.push(await createCircuit(platform.http, customer.body));
    await platform.stopService('reporting');
    await openFault(platform.http, customer.body, circuits[49]);
    for (let i = 0; i < 49; i++) {
      await platform.http().post('/api/v1/faults').send(intake(customer.body, circuits[i], { symptom: `第${i}次`, channel: 'portal' })).expect(201);
    }
    await platform.http().get('/api/v1/reports/summary').expect(503);

    await platform.startService('reporting');
    await expectEventually(async () => {
      const res = await platform.http().get('/api/v1/reports/summary').expect(200);
      expect(res.body.faultsOpened).toBe(50);
    }, 20_000);
    // Nothing more arrives later: the count stays exactly 50.
    await new Promise((r) => setTimeout(r, 1000));
    const res = await platform.http().get('/api/v1/reports/summary').expect(200);
    expect(res.body).toMatchObject({ customers: 1, faultsOpened: 50, faultsOpenedByTier: { standard: 50 } });
  });
});
