import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CalendarEvents, clockEvents, DeadlineEngine, UnitOfWork } from '@app/shared';
import { serviceClocks } from '../support/clocks';
import { expectEventually } from '../support/eventually';
import { startPlatform, TestPlatform } from '../support/platform';

const bj = (local: string) => new Date(`${local}+08:00`);
const WORKING_DAY = 8 * 3_600_000;

describe('the working-day calendar, loaded by an admin and agreed by every service', () => {
  let platform: TestPlatform;
  let db: Client;
  let fault: { db: DataSource; uow: UnitOfWork; engine: DeadlineEngine };

  beforeAll(async () => {
    platform = await startPlatform();
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    fault = await serviceClocks(platform, 'fault');
  });

  afterAll(async () => {
    await fault.db.destroy();
    await db.end();
    await platform.close();
  });

  const reminders = async (): Promise<Array<{ year: number; date: string }>> =>
    (await db.query(`SELECT envelope->'data' AS data FROM provisioning.outbox WHERE type = $1 ORDER BY seq`, [CalendarEvents.nextYearMissing.type])).rows.map(
      (r: { data: { year: number; date: string } }) => ({ year: r.data.year, date: r.data.date }),
    );
  const healthWarnings = async () => {
    const res = await platform.http().get('/health').expect(200);
    expect(res.body.status).toBe('up');
    return Object.fromEntries(Object.entries(res.body.services as Record<string, { warnings: unknown[] }>).map(([name, s]) => [name, s.warnings]));
  };

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
    expect(res.body.unknownYear).toBe('weekdays');
    const y2026 = res.body.items.find((y: { year: number }) => y.year === 2026);
    expect(y2026).toMatchObject({ source: 'published', version: 0 });
    expect(y2026.makeupWorkdays).toContainEqual({ date: '2026-10-10', name: '国庆节 National Day' });
    await platform.http().get('/api/v1/calendar/years/2027').expect(404);
  });

  it("warns admins from 1 November while next year's schedule is missing: in the health detail, and by one event a day", async () => {
    const missing2027 = { code: 'CALENDAR_NEXT_YEAR_MISSING', year: 2027, message: expect.stringContaining('PUT /api/v1/calendar/years/2027') };
    // The platform starts on Mon 2026-11-02 (Beijing) with no 2027 schedule.
    await platform.deadlinesPolled();
    expect(await healthWarnings()).toEqual({ fault: [missing2027], provisioning: [missing2027], visits: [missing2027], reporting: [], notifier: [], quality: [] });
    expect(await reminders()).toEqual([{ year: 2027, date: '2026-11-02' }]);

    // Once a day: not again the same day, again the next day.
    platform.clock.set(bj('2026-11-02T23:59:59'));
    await platform.deadlinesPolled();
    expect(await reminders()).toHaveLength(1);
    platform.clock.set(bj('2026-11-03T00:00:00'));
    await platform.deadlinesPolled();
    expect(await reminders()).toEqual([
      { year: 2027, date: '2026-11-02' },
      { year: 2027, date: '2026-11-03' },
    ]);

    // A restarted service (or another replica) does not repeat the day's reminder: the outbox keys it by year and day.
    await platform.stopService('provisioning');
    await platform.startService('provisioning');
    await platform.deadlinesPolled();
    await platform.deadlinesPolled();
    expect(await reminders()).toHaveLength(2);

    // Not before 1 November (Beijing).
    platform.clock.set(bj('2026-10-31T23:59:59'));
    await platform.deadlinesPolled();
    expect(await healthWarnings()).toEqual({ fault: [], provisioning: [], visits: [], reporting: [], notifier: [], quality: [] });
    expect(await reminders()).toHaveLength(2);
    platform.clock.set(bj('2026-11-01T00:00:00'));
    await platform.deadlinesPolled();
    expect(await healthWarnings()).toMatchObject({ provisioning: [missing2027] });
    expect((await reminders())[2]).toEqual({ year: 2027, date: '2026-11-01' });
  });

  it('computes a deadline in a year with no schedule on weekdays, marks it provisional, and recomputes it when the year is loaded', async () => {
    // A clock of the fault service, started the way its services start them; everything else goes through the gateway.
    const { uow, engine } = fault;
    platform.clock.set(bj('2026-12-30T10:00:00'));
    // 3 working days after Wed 30 Dec: Thu 31, Fri 1 Jan (a weekday guess), Mon 4 Jan; warned 1 working day before: Fri 1 Jan 09:00.
    const c = await uow.run((m) =>
      engine.start(m, { subjectType: 'complaint', subjectId: 'C-2027', kind: 'handling', basis: 'working-days', limitMs: 3 * WORKING_DAY, warnBeforeMs: [WORKING_DAY] }),
    );
    expect(c.dueAt).toEqual(bj('2027-01-04T17:00:00'));
    const list = await platform.http().get('/api/v1/clocks/fault').query({ subjectId: 'C-2027' }).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: c.id, provisional: true, dueAt: bj('2027-01-04T17:00:00').toISOString() })]);

    platform.clock.set(bj('2027-01-01T08:59:59'));
    await platform.deadlinesPolled();
    const warnedRows = async () => (await db.query(`SELECT envelope->'data' AS data FROM fault.outbox WHERE type = $1 AND envelope->>'subjectId' = 'C-2027'`, [clockEvents('fault').warned.type])).rows;
    expect(await warnedRows()).toEqual([]);
    platform.clock.set(bj('2027-01-01T09:00:00'));
    await platform.deadlinesPolled();
    // The event the live stream forwards says the deadline is provisional.
    expect((await warnedRows()).map((r) => r.data)).toEqual([expect.objectContaining({ clockId: c.id, provisional: true, warnAt: bj('2027-01-01T09:00:00').toISOString() })]);

    // Loaded with 1 January as a holiday: 8 h used on 31 Dec; the remaining 2 days run Mon 4 and Tue 5 January.
    const loaded = await platform.http().put('/api/v1/calendar/years/2027').send(y2027).expect(200);
    expect(loaded.body).toMatchObject({ year: 2027, version: 1, source: 'admin' });
    await expectEventually(async () => {
      const explained = await platform.http().get(`/api/v1/clocks/fault/${c.id}`).expect(200);
      expect(explained.body.clock).toMatchObject({ provisional: false, dueAt: bj('2027-01-05T17:00:00').toISOString() });
      expect(explained.body.clock.calendarVersions).not.toContain('2027.weekdays-provisional');
      expect(explained.body.trail.find((t: { type: string }) => t.type === 'recompute').detail).toMatchObject({
        year: 2027,
        wasProvisional: true,
        provisional: false,
        oldDueAt: bj('2027-01-04T17:00:00').toISOString(),
        newDueAt: bj('2027-01-05T17:00:00').toISOString(),
      });
    });

    await uow.run((m) => engine.stop(m, c.id, { reason: 'answered', exemptPauses: false }));

    // With 2027 loaded the reminder and the health warning stop.
    platform.clock.set(bj('2026-11-05T10:00:00'));
    await expectEventually(async () => expect(await healthWarnings()).toEqual({ fault: [], provisioning: [], visits: [], reporting: [], notifier: [], quality: [] }));
    await platform.deadlinesPolled();
    expect(await reminders()).toHaveLength(3);
  });

  it('loads a new year and propagates it to every service that runs deadlines', async () => {
    // Loaded once by the test above.
    const res = await platform.http().get('/api/v1/calendar/years/2027').expect(200);
    expect(res.body).toMatchObject({ year: 2027, version: 1, source: 'admin' });

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
