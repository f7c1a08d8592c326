import { Client } from 'pg';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer } from '../support/factories';
import { startPlatform, TestPlatform } from '../support/platform';

describe('the inventory: customer records and circuits', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault'] });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await platform.close();
  });

  const http = () => platform.http();

  it('keeps a customer record with contacts, managers, escalation list and technical background', async () => {
    const customer = await createCustomer(http, {
      contacts: [{ name: '张工', role: '网络管理员', phone: '13800000000', email: 'zhang@bank.example.com' }],
      customerManager: '王经理',
      customerEngineer: '赵工',
      escalationList: [
        { level: 2, name: '李处长', role: '信息处处长', phone: '13900000000', email: 'li@example.com' },
        { level: 1, name: '值班室', role: '7×24值班', phone: '020-12345678' },
      ],
      technicalBackground: '两地三中心，核心业务经MSTP承载，备份经MPLS VPN',
    });
    const fetched = (await http().get(`/api/v1/customers/${customer.id}`).expect(200)).body;
    expect(fetched).toMatchObject({ customerManager: '王经理', customerEngineer: '赵工', technicalBackground: expect.stringContaining('两地三中心') });
    expect(fetched.escalationList.map((e: { level: number }) => e.level)).toEqual([1, 2]);
    expect(fetched.contacts).toEqual([{ name: '张工', role: '网络管理员', phone: '13800000000', email: 'zhang@bank.example.com' }]);
    // The customer event carries whom to tell (the notifier's directory): the contacts and the escalation list, e-mail included.
    const event = (await db.query(`SELECT envelope FROM provisioning.outbox WHERE type = 'evt.provisioning.customer.created.v1' AND envelope->'data'->>'id' = $1`, [customer.id])).rows[0];
    expect(event.envelope.data).toMatchObject({
      contacts: [{ name: '张工', role: '网络管理员', phone: '13800000000', email: 'zhang@bank.example.com' }],
      escalationList: [
        { level: 2, name: '李处长', role: '信息处处长', phone: '13900000000', email: 'li@example.com' },
        { level: 1, name: '值班室', role: '7×24值班', phone: '020-12345678' },
      ],
    });
    const badEmail = await http()
      .post('/api/v1/customers')
      .send({ code: 'BAD-MAIL', name: 'x', industry: 'other', tier: 'silver', contacts: [{ name: 'x', role: 'y', phone: '1', email: 'not-an-address' }] })
      .expect(400);
    expect(badEmail.body.errors.map((e: { field: string }) => e.field)).toEqual(['contacts.0.email']);
    const bad = await http()
      .post('/api/v1/customers')
      .send({ code: 'BAD-ESC', name: 'x', industry: 'other', tier: 'silver', escalationList: [{ level: 0, name: 'x', role: 'y', phone: 'z' }] })
      .expect(400);
    expect(bad.body.errors).toEqual([{ field: 'escalationList.0.level', reason: 'level must not be less than 1' }]);
  });

  it('flags a low-grade circuit carrying important business (case 44), and tells the fault service when it is upgraded', async () => {
    const customer = await createCustomer(http, { industry: 'government' });
    const segments = [
      { name: 'A端接入', unit: '广州本地网' },
      { name: '骨干', unit: '省干传输' },
      { name: 'Z端接入', unit: '深圳本地网' },
    ];
    const circuit = await createCircuit(http, customer, { grade: 'B', importance: 'critical', business: '省政府视频会议', segments });
    const flagged = (await http().get(`/api/v1/circuits/${circuit.id}`).expect(200)).body;
    expect(flagged).toMatchObject({ gradeMismatch: true, segments });
    const list = (await http().get('/api/v1/circuits').query({ gradeMismatch: 'true', customerId: customer.id }).expect(200)).body;
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([circuit.id]);

    const upgraded = (await http().patch(`/api/v1/circuits/${circuit.id}`).send({ grade: 'AA', protection: 'main', backupCircuitCode: 'BK-001' }).expect(200)).body;
    expect(upgraded).toMatchObject({ grade: 'AA', gradeMismatch: false, backupCircuitCode: 'BK-001' });
    await expectEventually(async () => {
      const row = await db.query('SELECT grade FROM fault.known_circuit WHERE id = $1', [circuit.id]);
      expect(row.rows[0]?.grade).toBe('AA');
    });
    await http().patch('/api/v1/circuits/00000000-0000-4000-8000-000000000000').send({ grade: 'A' }).expect(404);
  });
});
