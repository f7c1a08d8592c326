import { DataSource } from 'typeorm';
import { freshEnvironment } from '../../../../test/support/platform';
import { CalendarYear, publishedYears } from '../calendar/calendar-year';
import { ManualClock } from '../clock/clock';
import { clockEvents } from '../contracts/clock';
import { createServiceDataSource, serviceDatabaseUrl } from '../db/database';
import { AppError } from '../errors/app-error';
import { OutboxRelay, OutboxWriter, UnitOfWork } from '../events/outbox';
import { CalendarService } from './calendar.service';
import { DeadlineEngine } from './deadline-engine';
import { DEADLINE_ENTITIES } from './deadline.entities';
import { DeadlineRuntime } from './deadline-runtime';
import { SubjectClocks } from './subject-clocks';

const MIN = 60_000;
const HOUR = 60 * MIN;
const bj = (local: string) => new Date(`${local}+08:00`);
const WORKING_DAY = 8 * HOUR;
const SECOND = 1000;

describe('the deadline engine on real Postgres', () => {
  let env: Awaited<ReturnType<typeof freshEnvironment>>;
  let db: DataSource;
  const clock = new ManualClock('2026-11-02T02:00:00Z');
  const events = clockEvents('fault');

  function engine(dataSource = db, unknownYear: 'error' | 'weekdays' = 'error') {
    const calendars = new CalendarService(dataSource, { workingHours: '09:00-17:00', unknownYear });
    // A relay that is never started: the test reads the outbox rows themselves.
    const uow = new UnitOfWork(dataSource, new OutboxRelay(dataSource, undefined as never, 1000));
    const e = new DeadlineEngine(dataSource, uow, new OutboxWriter(clock), clock, calendars, events, 200);
    return { engine: e, calendars, uow, runtime: new DeadlineRuntime(e, calendars, 1000, 200) };
  }

  const outboxCount = async (type: string, subjectId?: string): Promise<number> =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM outbox WHERE type = $1 AND ($2::text IS NULL OR envelope->>'subjectId' = $2)`,
          [type, subjectId ?? null],
        )
      )[0].n,
    );

  beforeAll(async () => {
    env = await freshEnvironment();
    db = await createServiceDataSource({
      url: serviceDatabaseUrl(env.databaseUrl, 'fault'),
      schema: 'fault',
      entities: DEADLINE_ENTITIES,
      migrations: [],
    }).initialize();
  });

  afterAll(async () => {
    await db.destroy();
    await env.drop();
  });

  it('a 5-minute clock warns once and breaches once', async () => {
    const { engine: e, uow } = engine();
    clock.set('2026-11-02T03:00:00Z');
    const c = await uow.run((m) =>
      e.start(m, { subjectType: 'ticket', subjectId: 'T-5MIN', kind: 'accept', basis: 'wall', limitMs: 5 * MIN, warnBeforeMs: [MIN] }),
    );
    expect(c.dueAt).toEqual(new Date('2026-11-02T03:05:00Z'));

    clock.set('2026-11-02T03:03:59Z');
    await e.tick();
    expect(await outboxCount(events.warned.type, 'T-5MIN')).toBe(0);

    clock.set('2026-11-02T03:04:00Z');
    await e.tick();
    await e.tick();
    expect(await outboxCount(events.warned.type, 'T-5MIN')).toBe(1);
    expect(await outboxCount(events.breached.type, 'T-5MIN')).toBe(0);

    clock.set('2026-11-02T03:05:01Z');
    await e.tick();
    await e.tick();
    clock.advance(HOUR);
    await e.tick();
    expect(await outboxCount(events.warned.type, 'T-5MIN')).toBe(1);
    expect(await outboxCount(events.breached.type, 'T-5MIN')).toBe(1);

    const explained = await e.explain(c.id);
    expect(explained.trail.map((t) => t.type)).toEqual(['start', 'warn', 'breach']);
    expect(explained.clock.breachedAt).toBe('2026-11-02T03:05:00.000Z');
    const [breach] = await db.query(`SELECT envelope FROM outbox WHERE type = $1 AND envelope->>'subjectId' = 'T-5MIN'`, [events.breached.type]);
    expect(breach.envelope.data).toMatchObject({ clockId: c.id, kind: 'accept', breachedAt: '2026-11-02T03:05:00.000Z', limitMs: 5 * MIN });
  });

  it('two engine instances on the same schema never fire the same warning or breach twice', async () => {
    const a = engine();
    const b = engine();
    clock.set('2026-11-03T01:00:00Z');
    await a.uow.run(async (m) => {
      for (let i = 0; i < 1000; i++) {
        await a.engine.start(m, { subjectType: 'leg', subjectId: `RACE-${i}`, kind: 'accept', basis: 'wall', limitMs: 5 * MIN, warnBeforeMs: [MIN] });
      }
    });
    clock.set('2026-11-03T01:10:00Z');
    const drain = async (x: DeadlineEngine) => {
      let fired = 0;
      for (;;) {
        const r = await x.tick();
        fired += r.fired;
        if (r.clocks === 0) return fired;
      }
    };
    const [firedA, firedB] = await Promise.all([drain(a.engine), drain(b.engine)]);
    expect(firedA + firedB).toBe(2000);
    expect(firedA).toBeGreaterThan(0);
    expect(firedB).toBeGreaterThan(0);
    const perClock = await db.query(
      `SELECT envelope->>'subjectId' AS s, count(*)::int AS n FROM outbox WHERE envelope->>'subjectId' LIKE 'RACE-%' GROUP BY 1 HAVING count(*) <> 2`,
    );
    expect(perClock).toEqual([]);
    const audits = await db.query(
      `SELECT type, count(*)::int AS n, count(DISTINCT clock_id)::int AS clocks FROM deadline_clock_event e JOIN deadline_clock c ON c.id = e.clock_id
       WHERE c.subject_id LIKE 'RACE-%' AND type IN ('warn', 'breach') GROUP BY type ORDER BY type`,
    );
    expect(audits).toEqual([
      { type: 'breach', n: 1000, clocks: 1000 },
      { type: 'warn', n: 1000, clocks: 1000 },
    ]);
  });

  it('a paused clock does not breach, and its pause interval is reported when it stops', async () => {
    const { engine: e, uow } = engine();
    clock.set('2026-11-04T01:00:00Z');
    const c = await uow.run((m) => e.start(m, { subjectType: 'ticket', subjectId: 'T-PAUSE', kind: 'resolution', basis: 'wall', limitMs: 30 * MIN }));
    clock.advance(10 * MIN);
    await uow.run((m) => e.pause(m, c.id, 'customer cannot test until tomorrow'));
    clock.advance(3 * HOUR);
    await e.tick();
    expect(await outboxCount(events.breached.type, 'T-PAUSE')).toBe(0);
    await expect(uow.run((m) => e.pause(m, c.id, 'again'))).rejects.toMatchObject({ code: 'CLOCK_NOT_RUNNING' });

    const resumed = await uow.run((m) => e.resume(m, c.id, 'customer ready'));
    expect(resumed.dueAt).toEqual(new Date(clock.now().getTime() + 20 * MIN));
    clock.advance(15 * MIN);
    await e.tick();
    expect(await outboxCount(events.breached.type, 'T-PAUSE')).toBe(0);
    await expect(uow.run((m) => e.resume(m, c.id))).rejects.toMatchObject({ code: 'CLOCK_NOT_PAUSED' });

    const stopped = await uow.run((m) => e.stop(m, c.id, { reason: 'closed: customer-side cause', exemptPauses: true }));
    expect(stopped.verdict).toMatchObject({ met: true, runningMs: 25 * MIN, pausedMs: 3 * HOUR, exemptMs: 3 * HOUR, countedMs: 25 * MIN });
    const explained = await e.explain(c.id);
    expect(explained.intervals).toEqual([
      { from: '2026-11-04T01:00:00.000Z', to: '2026-11-04T01:10:00.000Z', state: 'running', ms: 10 * MIN, counted: true },
      { from: '2026-11-04T01:10:00.000Z', to: '2026-11-04T04:10:00.000Z', state: 'paused', ms: 3 * HOUR, counted: false, reason: 'customer cannot test until tomorrow' },
      { from: '2026-11-04T04:10:00.000Z', to: '2026-11-04T04:25:00.000Z', state: 'running', ms: 15 * MIN, counted: true },
    ]);
    expect(explained.trail.map((t) => t.type)).toEqual(['start', 'pause', 'resume', 'stop']);
    expect(await outboxCount(events.stopped.type, 'T-PAUSE')).toBe(1);
    await expect(uow.run((m) => e.stop(m, c.id, { reason: 'twice', exemptPauses: true }))).rejects.toMatchObject({ code: 'CLOCK_STOPPED' });
  });

  it('counts the pauses when they are not exempt, so the verdict can be a breach the clock never fired', async () => {
    const { engine: e, uow } = engine();
    clock.set('2026-11-05T01:00:00Z');
    const c = await uow.run((m) => e.start(m, { subjectType: 'ticket', subjectId: 'T-COUNTED', kind: 'resolution', basis: 'wall', limitMs: 30 * MIN }));
    clock.advance(10 * MIN);
    await uow.run((m) => e.pause(m, c.id, 'waiting for customer'));
    clock.advance(HOUR);
    const stopped = await uow.run((m) => e.stop(m, c.id, { reason: 'closed: operator-side cause', exemptPauses: false }));
    expect(stopped.verdict).toMatchObject({ met: false, countedMs: 70 * MIN, exemptMs: 0, overByMs: 40 * MIN, breachedAt: null });
    const explained = await e.explain(c.id);
    expect(explained.intervals.map((i) => [i.state, i.counted])).toEqual([
      ['running', true],
      ['paused', true],
    ]);
  });

  it('stops a clock with a provisional verdict and decides the exemption later, sending one stopped event', async () => {
    const { engine: e, uow } = engine();
    clock.set('2026-11-06T01:00:00Z');
    const c = await uow.run((m) => e.start(m, { subjectType: 'ticket', subjectId: 'T-DECIDE', kind: 'resolution', basis: 'wall', limitMs: 60 * MIN }));
    clock.advance(20 * MIN);
    await uow.run((m) => e.pause(m, c.id, 'suspended: customer site closed'));
    clock.advance(2 * HOUR);
    await uow.run((m) => e.resume(m, c.id, 'customer back'));
    clock.advance(10 * MIN);
    const restored = await uow.run((m) => e.stop(m, c.id, { reason: 'service restored', exemptPauses: false, final: false }));
    expect(restored.verdict).toMatchObject({ met: false, final: false, countedMs: 150 * MIN });
    expect(await outboxCount(events.stopped.type, 'T-DECIDE')).toBe(0);
    await expect(uow.run((m) => e.decide(m, 'a1b2c3d4-0000-4000-8000-000000000000', { reason: 'x', exemptPauses: true }))).rejects.toMatchObject({ code: 'CLOCK_NOT_FOUND' });

    clock.advance(HOUR);
    const decided = await uow.run((m) => e.decide(m, c.id, { reason: 'closed: customer-side cause', exemptPauses: true }));
    expect(decided.verdict).toMatchObject({ met: true, final: true, countedMs: 30 * MIN, exemptMs: 2 * HOUR });
    expect(await outboxCount(events.stopped.type, 'T-DECIDE')).toBe(1);
    expect((await e.explain(c.id)).trail.map((t) => t.type)).toEqual(['start', 'pause', 'resume', 'stop', 'decide']);
  });

  it('runs working-time clocks on the calendar and refuses a year with no schedule', async () => {
    const { engine: e, uow } = engine();
    clock.set(bj('2026-09-30T17:00:00'));
    const c = await uow.run((m) => e.start(m, { subjectType: 'order', subjectId: 'O-SURVEY', kind: 'survey', basis: 'working', limitMs: 16 * HOUR, warnBeforeMs: [4 * HOUR] }));
    expect(c.dueAt).toEqual(bj('2026-10-09T17:00:00'));
    expect(c.nextFireAt).toEqual(bj('2026-10-09T13:00:00'));
    expect(c.calendarVersions).toEqual(['2026.published']);

    clock.set(bj('2026-12-30T09:00:00'));
    const attempt = uow.run((m) => e.start(m, { subjectType: 'order', subjectId: 'O-2027', kind: 'plan', basis: 'working', limitMs: 12 * 8 * HOUR }));
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'CALENDAR_YEAR_MISSING', details: { year: 2027 } });

    const lenient = engine(db, 'weekdays');
    const provisional = await lenient.uow.run((m) =>
      lenient.engine.start(m, { subjectType: 'order', subjectId: 'O-2027', kind: 'plan', basis: 'working', limitMs: 3 * 8 * HOUR }),
    );
    expect(provisional.provisional).toBe(true);
    expect(provisional.calendarVersions).toEqual(['2026.published', '2027.weekdays-provisional']);
    for (const id of [c.id, provisional.id]) await uow.run((m) => e.stop(m, id, { reason: 'order cancelled', exemptPauses: false }));
  });

  it('recomputes open working-day deadlines when a year is corrected, keeping the time already used, and audits it', async () => {
    const { engine: e, uow, runtime } = engine();
    await runtime.calendars.refresh();
    clock.set(bj('2026-09-30T09:00:00'));
    const c = await uow.run((m) => e.start(m, { subjectType: 'order', subjectId: 'O-RECOMPUTE', kind: 'survey', basis: 'working', limitMs: 16 * HOUR }));
    expect(c.dueAt).toEqual(bj('2026-10-08T17:00:00'));
    clock.set(bj('2026-09-30T13:00:00'));

    // Suppose 8 October had been published as a holiday too.
    const y2026 = publishedYears().find((y) => y.year === 2026)!;
    const corrected: CalendarYear = { ...y2026, holidays: [...y2026.holidays, { date: '2026-10-08', name: '国庆节 (corrected)' }], version: 1, source: 'admin' };
    const applied = await uow.run((m) => runtime.applyCalendarYear(m, corrected));
    expect(applied).toEqual({ applied: true, recomputed: 1 });

    const explained = await e.explain(c.id);
    // 4 h used on 30 Sep; the remaining 12 h run 30 Sep 13–17 and, with 1–8 Oct now off, all of 9 Oct.
    expect(explained.clock.dueAt).toBe(bj('2026-10-09T17:00:00').toISOString());
    const recompute = explained.trail.find((t) => t.type === 'recompute')!;
    expect(recompute.detail).toMatchObject({
      year: 2026,
      oldDueAt: bj('2026-10-08T17:00:00').toISOString(),
      newDueAt: bj('2026-10-09T17:00:00').toISOString(),
      usedMs: 4 * HOUR,
      calendarVersions: ['2026.v1'],
    });
    expect(String(recompute.detail.policy)).toContain('time already used stays used');
    expect(explained.clock.calendarVersions).toEqual(['2026.published', '2026.v1']);

    // The same version again changes nothing.
    expect(await uow.run((m) => runtime.applyCalendarYear(m, corrected))).toEqual({ applied: false, recomputed: 0 });
  });

  /** Ticks at one second before `at` (nothing of `type` fires) and at `at` (it fires). */
  async function expectFiresAt(e: DeadlineEngine, type: string, subjectId: string, at: Date, before: number): Promise<void> {
    clock.set(new Date(at.getTime() - SECOND));
    await e.tick();
    expect(await outboxCount(type, subjectId)).toBe(before);
    clock.set(at);
    await e.tick();
    expect(await outboxCount(type, subjectId)).toBe(before + 1);
  }

  it('a clock of 2 working days started at a review on Wed 2026-09-30 10:00 ends Fri 2026-10-09 17:00, its 1-day warning at Thu 09:00', async () => {
    const { engine: e, uow } = engine();
    clock.set(bj('2026-09-30T10:00:00'));
    const c = await uow.run((m) =>
      e.start(m, { subjectType: 'order', subjectId: 'O-WD', kind: 'survey', basis: 'working-days', limitMs: 2 * WORKING_DAY, warnBeforeMs: [WORKING_DAY] }),
    );
    expect(c.dueAt).toEqual(bj('2026-10-09T17:00:00'));
    expect(c.nextFireAt).toEqual(bj('2026-10-08T09:00:00'));
    await expectFiresAt(e, events.warned.type, 'O-WD', bj('2026-10-08T09:00:00'), 0);
    await expectFiresAt(e, events.breached.type, 'O-WD', bj('2026-10-09T17:00:00'), 0);
    const [warned] = await db.query(`SELECT envelope FROM outbox WHERE type = $1 AND envelope->>'subjectId' = 'O-WD'`, [events.warned.type]);
    expect(warned.envelope.data).toMatchObject({ basis: 'working-days', warnAt: bj('2026-10-08T09:00:00').toISOString(), provisional: false });
  });

  it('a working-days clock started after hours or on a holiday counts from the first working day that follows', async () => {
    const { engine: e, uow } = engine();
    clock.set(bj('2026-10-09T18:30:00'));
    const late = await uow.run((m) => e.start(m, { subjectType: 'order', subjectId: 'O-WD-LATE', kind: 'handover', basis: 'working-days', limitMs: WORKING_DAY }));
    expect(late.dueAt).toEqual(bj('2026-10-10T17:00:00'));
    const holiday = await uow.run((m) =>
      e.start(m, { subjectType: 'order', subjectId: 'O-WD-HOLIDAY', kind: 'handover', basis: 'working-days', limitMs: WORKING_DAY, startedAt: bj('2026-10-04T11:00:00') }),
    );
    expect(holiday.dueAt).toEqual(bj('2026-10-08T17:00:00'));
    for (const id of [late.id, holiday.id]) await uow.run((m) => e.stop(m, id, { reason: 'done', exemptPauses: false }));
  });

  it('a paused working-days clock counts working time after it resumes, like a working clock', async () => {
    const { engine: e, uow } = engine();
    clock.set(bj('2026-11-02T10:00:00'));
    const c = await uow.run((m) => e.start(m, { subjectType: 'order', subjectId: 'O-WD-PAUSE', kind: 'plan', basis: 'working-days', limitMs: 2 * WORKING_DAY }));
    expect(c.dueAt).toEqual(bj('2026-11-04T17:00:00'));
    // Paused the same day, before counting began: nothing used.
    clock.set(bj('2026-11-02T15:00:00'));
    await uow.run((m) => e.pause(m, c.id, 'waiting for the customer'));
    // Resumed Wed 13:00: the 16 working hours run to Fri 13:00.
    clock.set(bj('2026-11-04T13:00:00'));
    const resumed = await uow.run((m) => e.resume(m, c.id, 'customer back'));
    expect(resumed.dueAt).toEqual(bj('2026-11-06T13:00:00'));
    clock.set(bj('2026-11-05T11:00:00'));
    await uow.run((m) => e.pause(m, c.id, 'again'));
    expect((await e.explain(c.id)).trail.find((t) => t.type === 'pause' && t.detail.reason === 'again')!.detail).toMatchObject({ usedMs: 6 * HOUR, remainingMs: 10 * HOUR });
    await uow.run((m) => e.stop(m, c.id, { reason: 'cancelled', exemptPauses: false }));
  });

  it('starts a clock with a fixed deadline and derives its limit from it', async () => {
    const { engine: e, uow } = engine();
    clock.set(bj('2026-09-28T09:00:00'));
    const wall = await uow.run((m) => e.start(m, { subjectType: 'order', subjectId: 'O-FIXED', kind: 'weekly', basis: 'wall', dueAt: bj('2026-09-30T09:00:00') }));
    expect(wall.limitMs).toBe(48 * HOUR);
    expect(wall.dueAt).toEqual(bj('2026-09-30T09:00:00'));
    // Required completion Fri 2026-10-16 (close of business), warned 10 working days before: Mon 2026-09-28 09:00 (DOMAIN.md example).
    clock.set(bj('2026-09-25T14:00:00'));
    const due = await uow.run((m) =>
      e.start(m, { subjectType: 'order', subjectId: 'O-FIXED', kind: 'completion', basis: 'working-days', dueAt: bj('2026-10-16T17:00:00'), warnBeforeMs: [10 * WORKING_DAY] }),
    );
    expect(due.dueAt).toEqual(bj('2026-10-16T17:00:00'));
    // Counting starts at the close of business of Fri 25 Sep: 28, 29, 30 Sep, 8, 9, 10 (make-up), 12–16 Oct.
    expect(due.limitMs).toBe(11 * WORKING_DAY);
    expect(due.nextFireAt).toEqual(bj('2026-09-28T09:00:00'));
    await expectFiresAt(e, events.warned.type, 'O-FIXED', bj('2026-09-28T09:00:00'), 0);
    await expect(uow.run((m) => e.start(m, { subjectType: 'order', subjectId: 'O-FIXED', kind: 'x', basis: 'wall', limitMs: HOUR, dueAt: bj('2026-10-16T17:00:00') }))).rejects.toThrow(/exactly one/);
    for (const id of [wall.id, due.id]) await uow.run((m) => e.stop(m, id, { reason: 'done', exemptPauses: false }));
  });

  it('stops a clock as of a stated past instant, measuring the running segment to it', async () => {
    const { engine: e, uow } = engine();
    clock.set('2026-11-09T01:00:00Z');
    const c = await uow.run((m) => e.start(m, { subjectType: 'ticket', subjectId: 'T-AT', kind: 'resolution', basis: 'wall', limitMs: 4 * HOUR }));
    clock.set('2026-11-09T06:00:00Z');
    await expect(uow.run((m) => e.stop(m, c.id, { reason: 'restored', exemptPauses: false, at: new Date('2026-11-09T06:00:01Z') }))).rejects.toMatchObject({
      code: 'CLOCK_STOP_TIME_INVALID',
      details: { field: 'at' },
    });
    await expect(uow.run((m) => e.stop(m, c.id, { reason: 'restored', exemptPauses: false, at: new Date('2026-11-09T00:59:59Z') }))).rejects.toMatchObject({
      code: 'CLOCK_STOP_TIME_INVALID',
      details: { field: 'at', earliest: '2026-11-09T01:00:00.000Z' },
    });
    const stopped = await uow.run((m) => e.stop(m, c.id, { reason: 'restored', exemptPauses: false, at: new Date('2026-11-09T03:30:00Z') }));
    expect(stopped.stoppedAt).toEqual(new Date('2026-11-09T03:30:00Z'));
    expect(stopped.verdict).toMatchObject({ met: true, runningMs: 150 * MIN, countedMs: 150 * MIN });
    const [ev] = await db.query(`SELECT envelope FROM outbox WHERE type = $1 AND envelope->>'subjectId' = 'T-AT'`, [events.stopped.type]);
    expect(ev.envelope.data).toMatchObject({ stoppedAt: '2026-11-09T03:30:00.000Z', met: true });
  });

  it('a stop stated before the limit makes a breach recorded later not count, and says so in the trail', async () => {
    const { engine: e, uow } = engine();
    clock.set('2026-11-10T01:00:00Z');
    const c = await uow.run((m) => e.start(m, { subjectType: 'ticket', subjectId: 'T-LATE-ENTRY', kind: 'resolution', basis: 'wall', limitMs: HOUR }));
    await expectFiresAt(e, events.breached.type, 'T-LATE-ENTRY', new Date('2026-11-10T02:00:00Z'), 0);
    clock.set('2026-11-10T03:00:00Z');
    const stopped = await uow.run((m) => e.stop(m, c.id, { reason: 'restored (entered late)', exemptPauses: false, at: new Date('2026-11-10T01:50:00Z') }));
    expect(stopped.verdict).toMatchObject({ met: true, countedMs: 50 * MIN, breachedAt: '2026-11-10T02:00:00.000Z' });
    const stop = (await e.explain(c.id)).trail.find((t) => t.type === 'stop')!;
    expect(String(stop.detail.breachDisregarded)).toContain('2026-11-10T02:00:00.000Z');
    const clocks = new SubjectClocks(e);
    expect(await clocks.breaches(db.manager, ['T-LATE-ENTRY'])).toEqual([]);

    // Stopped after the limit, the fired breach stands.
    clock.set('2026-11-10T04:00:00Z');
    const late = await uow.run((m) => e.start(m, { subjectType: 'ticket', subjectId: 'T-LATE-REAL', kind: 'resolution', basis: 'wall', limitMs: HOUR, startedAt: new Date('2026-11-10T01:00:00Z') }));
    await e.tick();
    const lateStop = await uow.run((m) => e.stop(m, late.id, { reason: 'restored', exemptPauses: false, at: new Date('2026-11-10T02:10:00Z') }));
    expect(lateStop.verdict).toMatchObject({ met: false, overByMs: 10 * MIN });
  });

  it('stops a paused clock as of a past instant inside the pause, and refuses one before the pause began', async () => {
    const { engine: e, uow } = engine();
    clock.set('2026-11-11T01:00:00Z');
    const c = await uow.run((m) => e.start(m, { subjectType: 'ticket', subjectId: 'T-AT-PAUSED', kind: 'resolution', basis: 'wall', limitMs: 4 * HOUR }));
    clock.set('2026-11-11T02:00:00Z');
    await uow.run((m) => e.pause(m, c.id, 'suspended'));
    clock.set('2026-11-11T05:00:00Z');
    await expect(uow.run((m) => e.stop(m, c.id, { reason: 'restored', exemptPauses: false, at: new Date('2026-11-11T01:59:00Z') }))).rejects.toMatchObject({
      code: 'CLOCK_STOP_TIME_INVALID',
    });
    const stopped = await uow.run((m) => e.stop(m, c.id, { reason: 'restored', exemptPauses: false, at: new Date('2026-11-11T03:00:00Z') }));
    expect(stopped.verdict).toMatchObject({ runningMs: HOUR, pausedMs: HOUR, countedMs: 2 * HOUR, met: true });
  });

  it('decides a provisional verdict as of an earlier stop instant', async () => {
    const { engine: e, uow } = engine();
    clock.set('2026-11-12T01:00:00Z');
    const c = await uow.run((m) => e.start(m, { subjectType: 'ticket', subjectId: 'T-DECIDE-AT', kind: 'resolution', basis: 'wall', limitMs: 2 * HOUR }));
    clock.set('2026-11-12T04:00:00Z');
    const restored = await uow.run((m) => e.stop(m, c.id, { reason: 'restored', exemptPauses: false, final: false }));
    expect(restored.verdict).toMatchObject({ met: false, countedMs: 3 * HOUR, final: false });
    await expect(uow.run((m) => e.decide(m, c.id, { reason: 'closed', exemptPauses: false, at: new Date('2026-11-12T04:00:01Z') }))).rejects.toMatchObject({
      code: 'CLOCK_STOP_TIME_INVALID',
    });
    const decided = await uow.run((m) => e.decide(m, c.id, { reason: 'closed', exemptPauses: false, at: new Date('2026-11-12T02:30:00Z') }));
    expect(decided.stoppedAt).toEqual(new Date('2026-11-12T02:30:00Z'));
    expect(decided.verdict).toMatchObject({ met: true, countedMs: 90 * MIN, final: true });
  });

  it('answers the clocks of subjects, their trail and the breached-subject filter without raw SQL in services', async () => {
    const { engine: e, uow } = engine();
    const clocks = new SubjectClocks(e);
    clock.set('2026-11-13T01:00:00Z');
    const [first, second, third] = await uow.run(async (m) => [
      await clocks.start(m, 'ticket', 'T-Q', 'resolution', 4 * HOUR),
      await clocks.start(m, 'ticket', 'T-Q', 'first-feedback', 30 * MIN),
      await clocks.start(m, 'leg', 'L-Q', 'accept', 5 * MIN, { startedAt: new Date('2026-11-13T00:59:00Z') }),
    ]);
    clock.set('2026-11-13T01:06:00Z');
    await e.tick();
    const states = await clocks.ofSubjects(db.manager, ['T-Q', 'L-Q']);
    expect(states.map((s) => [s.id, s.kind, s.status, s.provisional, s.met])).toEqual([
      [third.id, 'accept', 'running', false, null],
      [first.id, 'resolution', 'running', false, null],
      [second.id, 'first-feedback', 'running', false, null],
    ]);
    expect(states[0].breachedAt).toEqual(new Date('2026-11-13T01:04:00Z'));
    expect(states[1].dueAt).toEqual(new Date('2026-11-13T05:00:00Z'));

    const trail = await clocks.trail(db.manager, ['T-Q', 'L-Q']);
    expect(trail.map((t) => [t.subjectId, t.kind, t.type])).toEqual([
      ['T-Q', 'resolution', 'start'],
      ['T-Q', 'first-feedback', 'start'],
      ['L-Q', 'accept', 'start'],
      ['L-Q', 'accept', 'breach'],
    ]);

    const breached = async (kinds?: string[]) =>
      (await db.query(`SELECT DISTINCT s FROM unnest($1::text[]) AS s WHERE s IN (${SubjectClocks.breachedSubjectsSql({ kinds })}) ORDER BY s`, [['T-Q', 'L-Q']])).map(
        (r: { s: string }) => r.s,
      );
    expect(await breached()).toEqual(['L-Q']);
    expect(await breached(['resolution', "it's"])).toEqual([]);
    const viaBuilder = await db
      .getRepository(DEADLINE_ENTITIES[0])
      .createQueryBuilder('c')
      .where(`c.subject_id IN (${SubjectClocks.breachedSubjectsSql({ kinds: ['accept'] })})`)
      .getCount();
    expect(viaBuilder).toBeGreaterThanOrEqual(1);
    await uow.run((m) => clocks.stop(m, ['T-Q', 'L-Q'], ['resolution', 'first-feedback', 'accept'], { reason: 'closed', exemptPauses: false }));
  });

  it('computes clocks reaching a year with no schedule on weekdays, marked provisional, and recomputes them when the year is loaded', async () => {
    const { engine: e, uow, runtime } = engine(db, 'weekdays');
    clock.set(bj('2026-12-30T10:00:00'));
    // 3 working days after Wed 30 Dec on weekdays: Thu 31, Fri 1 Jan (a guess), Mon 4 Jan; warned 1 working day before (Fri 1 Jan 09:00).
    const counted = await uow.run((m) =>
      e.start(m, { subjectType: 'complaint', subjectId: 'C-PROV', kind: 'handling', basis: 'working-days', limitMs: 3 * WORKING_DAY, warnBeforeMs: [WORKING_DAY] }),
    );
    expect(counted).toMatchObject({ dueAt: bj('2027-01-04T17:00:00'), provisional: true, calendarVersions: ['2026.published', '2027.weekdays-provisional'] });
    const fixed = await uow.run((m) => e.start(m, { subjectType: 'order', subjectId: 'O-PROV', kind: 'due', basis: 'working-days', dueAt: bj('2027-01-08T17:00:00') }));
    expect(fixed).toMatchObject({ limitMs: 7 * WORKING_DAY, provisional: true });
    const paused = await uow.run((m) => e.start(m, { subjectType: 'order', subjectId: 'O-PROV-PAUSED', kind: 'plan', basis: 'working', limitMs: 3 * WORKING_DAY }));
    await uow.run((m) => e.pause(m, paused.id, 'waiting'));
    const untouched = await uow.run((m) => e.start(m, { subjectType: 'ticket', subjectId: 'T-PROV-WALL', kind: 'resolution', basis: 'wall', limitMs: 10 * 24 * HOUR }));

    await expectFiresAt(e, events.warned.type, 'C-PROV', bj('2027-01-01T09:00:00'), 0);
    const [warned] = await db.query(`SELECT envelope FROM outbox WHERE type = $1 AND envelope->>'subjectId' = 'C-PROV'`, [events.warned.type]);
    expect(warned.envelope.data).toMatchObject({ clockId: counted.id, provisional: true });
    const listed = await e.list({ subjectId: 'C-PROV' });
    expect(listed.items[0]).toMatchObject({ id: counted.id, provisional: true });

    // 2027 loaded with 1 January off: 8 h were used on 31 Dec; the remaining 2 days are Mon 4 and Tue 5 January.
    const y2027: CalendarYear = { year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], makeupWorkdays: [], version: 1, source: 'admin' };
    expect(await uow.run((m) => runtime.applyCalendarYear(m, y2027))).toEqual({ applied: true, recomputed: 3 });

    const recounted = await e.explain(counted.id);
    expect(recounted.clock).toMatchObject({ dueAt: bj('2027-01-05T17:00:00').toISOString(), provisional: false });
    // (2026 was corrected to v1 by an earlier test of this file.)
    expect(recounted.clock.calendarVersions).toEqual(expect.arrayContaining(['2026.published', '2027.v1']));
    expect(recounted.clock.calendarVersions).not.toContain('2027.weekdays-provisional');
    expect(recounted.trail.find((t) => t.type === 'recompute')!.detail).toMatchObject({
      year: 2027,
      wasProvisional: true,
      provisional: false,
      oldDueAt: bj('2027-01-04T17:00:00').toISOString(),
      newDueAt: bj('2027-01-05T17:00:00').toISOString(),
      usedMs: WORKING_DAY,
    });
    expect(String(recounted.trail.find((t) => t.type === 'recompute')!.detail.policy)).toContain('plain weekdays');
    // Its breach now fires at the recomputed deadline, not at the guessed one.
    await expectFiresAt(e, events.breached.type, 'C-PROV', bj('2027-01-05T17:00:00'), 0);

    // A fixed deadline keeps its date; its limit is re-derived without the holiday (31 Dec used, 4–8 Jan left).
    const refixed = await e.explain(fixed.id);
    expect(refixed.clock).toMatchObject({ dueAt: bj('2027-01-08T17:00:00').toISOString(), provisional: false });
    expect(refixed.clock.limitMs).toBe(6 * WORKING_DAY);

    // A paused clock is no longer provisional, and resumes on the loaded calendar.
    expect((await e.explain(paused.id)).clock.provisional).toBe(false);
    clock.set(bj('2026-12-31T09:00:00'));
    const resumed = await uow.run((m) => e.resume(m, paused.id, 'back'));
    expect(resumed).toMatchObject({ dueAt: bj('2027-01-05T17:00:00'), provisional: false });

    expect((await e.explain(untouched.id)).trail.map((t) => t.type)).toEqual(['start']);
    for (const id of [counted.id, fixed.id, paused.id, untouched.id]) await uow.run((m) => e.stop(m, id, { reason: 'done', exemptPauses: false }));
  });
});
