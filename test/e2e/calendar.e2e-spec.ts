import { Client } from 'pg';
import { expectEventually } from '../support/eventually';
import { startPlatform, TestPlatform } from '../support/platform';

describe('the working-day calendar, loaded by an admin and agreed by every service', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform();
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await platform.close();
  });

  const y2027 = {
    holidays: [
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-10-01', name: '国庆节' },
    ],
    makeupWorkdays: [{ date: '2027-09-26', name: '国庆节调休' }],
  };

  it('lists the published years and the working hours', async () => {
    const res = await platform.http().get('/api/v1/calendar/years').expect(200);
    expect(res.body.workingHours).toBe('09:00-17:00');
    expect(res.body.unknownYear).toBe('error');
    const y2026 = res.body.items.find((y: { year: number }) => y.year === 2026);
    expect(y2026).toMatchObject({ source: 'published', version: 0 });
    expect(y2026.makeupWorkdays).toContainEqual({ date: '2026-10-10', name: '国庆节 National Day' });
    await platform.http().get('/api/v1/calendar/years/2027').expect(404);
  });

  it('loads a new year and propagates it to every service that runs deadlines', async () => {
    const res = await platform.http().put('/api/v1/calendar/years/2027').send(y2027).expect(200);
    expect(res.body).toMatchObject({ year: 2027, version: 1, source: 'admin' });
    await platform.http().get('/api/v1/calendar/years/2027').expect(200);

    await expectEventually(async () => {
      const rows = await db.query(
        `SELECT 'fault' AS s, version FROM fault.calendar_year WHERE year = 2027
         UNION ALL SELECT 'visits', version FROM visits.calendar_year WHERE year = 2027
         UNION ALL SELECT 'provisioning', version FROM provisioning.calendar_year WHERE year = 2027 ORDER BY 1`,
      );
      expect(rows.rows).toEqual([
        { s: 'fault', version: 1 },
        { s: 'provisioning', version: 1 },
        { s: 'visits', version: 1 },
      ]);
    });

    const corrected = await platform
      .http()
      .put('/api/v1/calendar/years/2027')
      .send({ ...y2027, holidays: [...y2027.holidays, { date: '2027-10-02', name: '国庆节' }] })
      .expect(200);
    expect(corrected.body.version).toBe(2);
    await expectEventually(async () => {
      const rows = await db.query(`SELECT holidays FROM fault.calendar_year WHERE year = 2027 AND version = 2`);
      expect(rows.rows[0].holidays).toHaveLength(3);
    });
  });

  it('refuses a malformed year with a 400 naming each field', async () => {
    const res = await platform
      .http()
      .put('/api/v1/calendar/years/2027')
      .send({ holidays: [{ date: '2028-01-01', name: '元旦' }], makeupWorkdays: [{ date: '2027-10-08', name: 'a Friday' }] })
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'holidays.0.date', reason: '2028-01-01 is not in 2027' },
      { field: 'makeupWorkdays.0.date', reason: '2027-10-08 is a weekday: a make-up working day is a Saturday or Sunday' },
    ]);
    const bad = await platform.http().put('/api/v1/calendar/years/2027').send({ holidays: [{ date: 'soon' }], makeupWorkdays: [] }).expect(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['holidays.0.date', 'holidays.0.name']);
    const early = await platform.http().put('/api/v1/calendar/years/1999').send(y2027).expect(400);
    expect(early.body.errors).toEqual([{ field: 'year', reason: 'year must not be less than 2000' }]);
  });
});
