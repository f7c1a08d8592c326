import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarYearMissingError, WorkingCalendar } from '../calendar/working-calendar';
import { Clock } from '../clock/clock';
import { ClockBasis, ClockBreachedData, ClockEventContracts, ClockEventData, ClockExplanationView, ClockSummary, ClockWarnedData, ListClocksQuery } from '../contracts/clock';
import { Page } from '../contracts/paging';
import { paginate } from '../db/paginate';
import { AppError } from '../errors/app-error';
import { OutboxWriter, UnitOfWork } from '../events/outbox';
import { CalendarService } from './calendar.service';
import { clockVerdict } from './clock-verdict.rules';
import { ClockEventType, ClockVerdict, DeadlineClock, DeadlineClockEvent, DeadlinePause } from './deadline.entities';
import { nextFireAt, TimeBasis, timeBasis } from './time-basis';

export interface StartClockSpec {
  subjectType: string;
  subjectId: string;
  /** The customer whose business the clock times: its events reach that customer's portal users. */
  customerId?: string;
  kind: string;
  basis: ClockBasis;
  /** The time allowed, on the clock's basis (N working days: N × `WorkingCalendar.workingDayMs`). Exactly one of `limitMs` and `dueAt`. */
  limitMs?: number;
  /** A fixed deadline (e.g. an order's required completion) instead of a limit; the engine derives the limit from it. */
  dueAt?: Date;
  /** Warn this long before the deadline (same basis as the limit; on 'working-days', k × workingDayMs is k working days). */
  warnBeforeMs?: number[];
  /** Defaults to now; a clock may start in the past (e.g. at the reported fault time). */
  startedAt?: Date;
}

export interface StopClockOptions {
  reason: string;
  /** Whether the paused intervals are exempt from the limit (e.g. a fault closed with a customer-side cause). */
  exemptPauses: boolean;
  /**
   * False when the exemption can only be decided later (a fault is restored before its final cause is known):
   * the verdict is provisional and no stopped event is sent until `decide`.
   */
  final?: boolean;
  /**
   * Stop as of this past instant (e.g. the restore time the acceptor stated): the running segment is measured to it.
   * Not in the future, not before the clock started or last resumed (422 `CLOCK_STOP_TIME_INVALID`). Defaults to now.
   */
  at?: Date;
}

export type ClockInterval = ClockExplanationView['intervals'][number];

export interface ClockExplanation extends ClockExplanationView {
  verdict: ClockVerdict | null;
  trail: Array<{ type: ClockEventType; at: string; detail: Record<string, unknown> }>;
}

/** Runs a calendar computation, turning a missing year into the 422 `CALENDAR_YEAR_MISSING` that names it. */
export function guardCalendar<T>(compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    if (err instanceof CalendarYearMissingError) throw new AppError('CALENDAR_YEAR_MISSING', err.message, { year: err.year });
    throw err;
  }
}

const RECOMPUTE_POLICY = 'time already used stays used (measured on the calendar in force when it was used); the remaining budget is projected on the corrected calendar';

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/**
 * Every time limit of a service runs here. Clocks live in the service's own schema. Warnings and breaches are
 * found with an indexed query on `next_fire_at` and claimed with FOR UPDATE SKIP LOCKED, and each fires in the
 * same transaction that records it, so it fires exactly once however many replicas poll.
 */
export class DeadlineEngine {
  private readonly logger = new Logger(DeadlineEngine.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly events: ClockEventContracts,
    private readonly batchSize = 500,
  ) {}

  private basisOf(basis: ClockBasis): TimeBasis {
    return timeBasis(basis, this.calendars.get());
  }

  private async audit(m: EntityManager, clockId: string, type: ClockEventType, at: Date, detail: Record<string, unknown>): Promise<void> {
    await m.query('INSERT INTO deadline_clock_event (clock_id, type, at, detail) VALUES ($1, $2, $3, $4)', [clockId, type, at, JSON.stringify(detail)]);
  }

  private async lock(m: EntityManager, clockId: string): Promise<DeadlineClock> {
    const clock = await m.findOne(DeadlineClock, { where: { id: clockId }, lock: { mode: 'pessimistic_write' } });
    if (!clock) throw new AppError('CLOCK_NOT_FOUND', `No clock ${clockId}`);
    return clock;
  }

  private mergeBasis(clock: DeadlineClock, used: { versions: string[]; provisional: boolean }): void {
    clock.calendarVersions = [...new Set([...clock.calendarVersions, ...used.versions])].sort();
    clock.provisional = clock.provisional || used.provisional;
  }

  /** Projects the deadline of a running clock from its remaining budget, and what fires next. */
  private project(clock: DeadlineClock, from: Date): void {
    const basis = this.basisOf(clock.basis);
    const due = guardCalendar(() => basis.project(from, Math.max(0, clock.limitMs - clock.usedMs)));
    this.mergeBasis(clock, due);
    clock.dueAt = due.at;
    clock.nextFireAt = guardCalendar(() => nextFireAt(clock, basis));
  }

  async start(m: EntityManager, spec: StartClockSpec): Promise<DeadlineClock> {
    if ((spec.limitMs === undefined) === (spec.dueAt === undefined)) throw new Error(`Clock ${spec.kind} of ${spec.subjectId}: give exactly one of limitMs and dueAt`);
    const now = this.clock.now();
    const startedAt = spec.startedAt ?? now;
    const basis = this.basisOf(spec.basis);
    const countFrom = guardCalendar(() => basis.countFrom(startedAt));
    const clock = m.create(DeadlineClock, {
      id: randomUUID(),
      subjectType: spec.subjectType,
      subjectId: spec.subjectId,
      customerId: spec.customerId ?? null,
      kind: spec.kind,
      basis: spec.basis,
      limitMs: spec.limitMs ?? 0,
      warnBeforeMs: [...(spec.warnBeforeMs ?? [])].sort((a, b) => b - a),
      status: 'running',
      startedAt,
      resumedAt: countFrom,
      usedMs: 0,
      warningsFired: 0,
      breachedAt: null,
      calendarVersions: [],
      provisional: false,
      stoppedAt: null,
      verdict: null,
    });
    if (spec.dueAt) {
      const dueAt = spec.dueAt;
      const span = guardCalendar(() => basis.measure(countFrom, dueAt));
      this.mergeBasis(clock, span);
      clock.limitMs = Math.max(0, span.ms);
      clock.dueAt = dueAt;
      clock.nextFireAt = guardCalendar(() => nextFireAt(clock, basis));
    } else {
      this.project(clock, countFrom);
    }
    await m.insert(DeadlineClock, clock);
    await this.audit(m, clock.id, 'start', now, {
      startedAt: startedAt.toISOString(),
      basis: clock.basis,
      limitMs: clock.limitMs,
      warnBeforeMs: clock.warnBeforeMs,
      dueAt: iso(clock.dueAt),
      calendarVersions: clock.calendarVersions,
      provisional: clock.provisional,
    });
    return clock;
  }

  async pause(m: EntityManager, clockId: string, reason: string): Promise<DeadlineClock> {
    const clock = await this.lock(m, clockId);
    if (clock.status !== 'running') throw new AppError('CLOCK_NOT_RUNNING', `Clock ${clock.kind} of ${clock.subjectId} is ${clock.status}, not running`);
    const now = this.clock.now();
    const segment = guardCalendar(() => this.basisOf(clock.basis).measure(clock.resumedAt!, now));
    this.mergeBasis(clock, segment);
    clock.usedMs += Math.max(0, segment.ms);
    clock.status = 'paused';
    clock.resumedAt = null;
    clock.dueAt = null;
    clock.nextFireAt = null;
    await m.save(clock);
    await m.insert(DeadlinePause, { clockId, startedAt: now, endedAt: null, reason, resumeReason: null });
    await this.audit(m, clockId, 'pause', now, { reason, usedMs: clock.usedMs, remainingMs: Math.max(0, clock.limitMs - clock.usedMs) });
    return clock;
  }

  async resume(m: EntityManager, clockId: string, reason = 'resumed'): Promise<DeadlineClock> {
    const clock = await this.lock(m, clockId);
    if (clock.status !== 'paused') throw new AppError('CLOCK_NOT_PAUSED', `Clock ${clock.kind} of ${clock.subjectId} is ${clock.status}, not paused`);
    const now = this.clock.now();
    await m.query(`UPDATE deadline_pause SET ended_at = $2, resume_reason = $3 WHERE clock_id = $1 AND ended_at IS NULL`, [clockId, now, reason]);
    clock.status = 'running';
    clock.resumedAt = now;
    this.project(clock, now);
    await m.save(clock);
    await this.audit(m, clockId, 'resume', now, { reason, dueAt: iso(clock.dueAt), usedMs: clock.usedMs, calendarVersions: clock.calendarVersions });
    return clock;
  }

  /** Refuses a stop instant in the future or before the segment (running or paused) it ends. */
  private checkStopAt(clock: DeadlineClock, at: Date, segmentStart: Date, latest: Date): void {
    const field = { field: 'at', at: at.toISOString() };
    if (at.getTime() > latest.getTime()) {
      throw new AppError('CLOCK_STOP_TIME_INVALID', `Clock ${clock.kind} of ${clock.subjectId} cannot stop at ${at.toISOString()}, after ${latest.toISOString()}`, { ...field, latest: latest.toISOString() });
    }
    if (at.getTime() < segmentStart.getTime()) {
      throw new AppError(
        'CLOCK_STOP_TIME_INVALID',
        `Clock ${clock.kind} of ${clock.subjectId} cannot stop at ${at.toISOString()}, before it started or last resumed (${segmentStart.toISOString()})`,
        { ...field, earliest: segmentStart.toISOString() },
      );
    }
  }

  private pausesOf(m: EntityManager, clockId: string): Promise<DeadlinePause[]> {
    return m.find(DeadlinePause, { where: { clockId }, order: { startedAt: 'ASC', id: 'ASC' } });
  }

  /** Stops a clock and decides its verdict, counting the pauses or exempting them as the caller decides. */
  async stop(m: EntityManager, clockId: string, opts: StopClockOptions): Promise<DeadlineClock> {
    const clock = await this.lock(m, clockId);
    if (clock.status === 'stopped') throw new AppError('CLOCK_STOPPED', `Clock ${clock.kind} of ${clock.subjectId} is already stopped`);
    const now = this.clock.now();
    const at = opts.at ?? now;
    const pauses = await this.pausesOf(m, clockId);
    const last = pauses[pauses.length - 1];
    if (clock.status === 'running') {
      this.checkStopAt(clock, at, last?.endedAt ?? clock.startedAt, now);
      const segment = guardCalendar(() => this.basisOf(clock.basis).measure(clock.resumedAt!, at));
      this.mergeBasis(clock, segment);
      clock.usedMs += Math.max(0, segment.ms);
    } else {
      this.checkStopAt(clock, at, last.startedAt, now);
      await m.update(DeadlinePause, { id: last.id }, { endedAt: at, resumeReason: `stopped: ${opts.reason}` });
    }
    clock.status = 'stopped';
    clock.resumedAt = null;
    clock.nextFireAt = null;
    clock.stoppedAt = at;
    return this.settle(m, clock, now, 'stop', opts);
  }

  /**
   * Decides the final verdict of a clock stopped with `final: false`, once the exemption is known. With `at`, the stop
   * instant moves back to it (not after the recorded stop, not before the segment it ends).
   */
  async decide(m: EntityManager, clockId: string, opts: Omit<StopClockOptions, 'final'>): Promise<DeadlineClock> {
    const clock = await this.lock(m, clockId);
    if (clock.status !== 'stopped') throw new AppError('CLOCK_NOT_STOPPED', `Clock ${clock.kind} of ${clock.subjectId} is ${clock.status}, not stopped`);
    if (opts.at && opts.at.getTime() !== clock.stoppedAt!.getTime()) await this.moveStopBack(m, clock, opts.at);
    return this.settle(m, clock, this.clock.now(), 'decide', opts);
  }

  /** Moves a stopped clock's stop instant back to `at`: a pause it ended is shortened, else its last running segment. */
  private async moveStopBack(m: EntityManager, clock: DeadlineClock, at: Date): Promise<void> {
    const stoppedAt = clock.stoppedAt!;
    const pauses = await this.pausesOf(m, clock.id);
    const last = pauses[pauses.length - 1];
    const basis = this.basisOf(clock.basis);
    if (last && last.endedAt!.getTime() === stoppedAt.getTime()) {
      this.checkStopAt(clock, at, last.startedAt, stoppedAt);
      await m.update(DeadlinePause, { id: last.id }, { endedAt: at });
    } else {
      this.checkStopAt(clock, at, last?.endedAt ?? clock.startedAt, stoppedAt);
      const countFrom = last?.endedAt ?? guardCalendar(() => basis.countFrom(clock.startedAt));
      const cut = guardCalendar(() => basis.measure(new Date(Math.max(at.getTime(), countFrom.getTime())), stoppedAt));
      clock.usedMs = Math.max(0, clock.usedMs - Math.max(0, cut.ms));
    }
    clock.stoppedAt = at;
  }

  private async settle(m: EntityManager, clock: DeadlineClock, now: Date, type: 'stop' | 'decide', opts: StopClockOptions): Promise<DeadlineClock> {
    const basis = this.basisOf(clock.basis);
    const pauses = await this.pausesOf(m, clock.id);
    let pausedMs = 0;
    for (const p of pauses) {
      const measured = guardCalendar(() => basis.measure(p.startedAt, p.endedAt ?? clock.stoppedAt ?? now));
      this.mergeBasis(clock, measured);
      pausedMs += Math.max(0, measured.ms);
    }
    const stoppedAt = clock.stoppedAt!;
    const arithmetic = clockVerdict({ limitMs: clock.limitMs, runningMs: clock.usedMs, pausedMs, exemptPauses: opts.exemptPauses, breachedAt: clock.breachedAt, stoppedAt });
    const { countedMs, exemptMs } = arithmetic;
    const final = opts.final ?? true;
    const verdict: ClockVerdict = {
      met: arithmetic.met,
      limitMs: clock.limitMs,
      countedMs,
      runningMs: clock.usedMs,
      pausedMs,
      exemptMs,
      overByMs: arithmetic.overByMs,
      breachedAt: iso(clock.breachedAt),
      reason: opts.reason,
      exemptPauses: opts.exemptPauses,
      final,
    };
    clock.verdict = verdict;
    await m.save(clock);
    await this.audit(m, clock.id, type, now, {
      ...verdict,
      stoppedAt: stoppedAt.toISOString(),
      ...(arithmetic.breachDisregarded ? { breachDisregarded: `the breach recorded at ${iso(clock.breachedAt)} is not counted: the clock stopped as of ${stoppedAt.toISOString()}, before the limit` } : {}),
      calendarVersions: clock.calendarVersions,
      provisional: clock.provisional,
    });
    if (final) {
      await this.outbox.record(m, this.events.stopped, clock.subjectId, {
        ...this.eventData(clock),
        stoppedAt: clock.stoppedAt!.toISOString(),
        met: verdict.met,
        countedMs,
        exemptMs,
        reason: opts.reason,
      });
    }
    return clock;
  }

  private eventData(clock: DeadlineClock): ClockEventData {
    return {
      clockId: clock.id,
      subjectType: clock.subjectType,
      subjectId: clock.subjectId,
      ...(clock.customerId ? { customerId: clock.customerId } : {}),
      kind: clock.kind,
      basis: clock.basis,
      limitMs: clock.limitMs,
      ...(clock.dueAt ? { dueAt: clock.dueAt.toISOString() } : {}),
      provisional: clock.provisional,
    };
  }

  /** Fires what is due now; returns how many warnings and breaches fired. Call until it returns less than a batch. */
  async tick(): Promise<{ clocks: number; fired: number }> {
    const now = this.clock.now();
    return this.uow.run(async (m) => {
      const due = await m
        .getRepository(DeadlineClock)
        .createQueryBuilder('c')
        .where('c.next_fire_at <= :now', { now })
        .orderBy('c.next_fire_at', 'ASC')
        .limit(this.batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (due.length === 0) return { clocks: 0, fired: 0 };
      const audits: Array<{ clockId: string; type: ClockEventType; at: Date; detail: Record<string, unknown> }> = [];
      const warned: Array<{ subjectId: string; data: ClockWarnedData }> = [];
      const breached: Array<{ subjectId: string; data: ClockBreachedData }> = [];
      for (const clock of due) {
        const basis = this.basisOf(clock.basis);
        let next = clock.nextFireAt;
        while (next && next.getTime() <= now.getTime()) {
          if (clock.warningsFired < clock.warnBeforeMs.length) {
            const index = clock.warningsFired;
            const data: ClockWarnedData = { ...this.eventData(clock), warningIndex: index, warnBeforeMs: clock.warnBeforeMs[index], warnAt: next.toISOString() };
            warned.push({ subjectId: clock.subjectId, data });
            audits.push({ clockId: clock.id, type: 'warn', at: now, detail: { warningIndex: index, warnBeforeMs: data.warnBeforeMs, warnAt: data.warnAt, dueAt: data.dueAt } });
            clock.warningsFired += 1;
          } else {
            clock.breachedAt = clock.dueAt;
            breached.push({ subjectId: clock.subjectId, data: { ...this.eventData(clock), breachedAt: clock.dueAt!.toISOString() } });
            audits.push({ clockId: clock.id, type: 'breach', at: now, detail: { dueAt: iso(clock.dueAt), firedAt: now.toISOString(), usedMs: clock.usedMs, calendarVersions: clock.calendarVersions } });
          }
          next = this.safeNext(clock, basis);
        }
        clock.nextFireAt = next;
      }
      await m.query(
        `UPDATE deadline_clock AS c SET warnings_fired = v.warnings_fired, breached_at = v.breached_at, next_fire_at = v.next_fire_at
         FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS v(id, warnings_fired, breached_at, next_fire_at)
         WHERE c.id = v.id`,
        [due.map((c) => c.id), due.map((c) => c.warningsFired), due.map((c) => iso(c.breachedAt)), due.map((c) => iso(c.nextFireAt))],
      );
      await m.query(
        `INSERT INTO deadline_clock_event (clock_id, type, at, detail)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[])`,
        [audits.map((a) => a.clockId), audits.map((a) => a.type), audits.map((a) => a.at), audits.map((a) => JSON.stringify(a.detail))],
      );
      await this.outbox.recordMany(m, warned.map((w) => ({ contract: this.events.warned, ...w })));
      await this.outbox.recordMany(m, breached.map((b) => ({ contract: this.events.breached, ...b })));
      return { clocks: due.length, fired: warned.length + breached.length };
    });
  }

  /** A warning time in a year with no calendar should not stop the breach: fall back to the deadline itself. */
  private safeNext(clock: DeadlineClock, basis: TimeBasis): Date | null {
    try {
      return nextFireAt(clock, basis);
    } catch (err) {
      if (!(err instanceof CalendarYearMissingError)) throw err;
      this.logger.warn(`Clock ${clock.id}: ${err.message}; skipping its remaining warnings`);
      clock.warningsFired = clock.warnBeforeMs.length;
      return nextFireAt(clock, basis);
    }
  }

  /**
   * After a calendar year is corrected: every running working-time clock whose deadline reaches into that year keeps
   * the time it has used and has its remaining budget projected on the corrected calendar. Audited per clock.
   */
  async recomputeForCalendar(m: EntityManager, before: WorkingCalendar, after: WorkingCalendar, year: number): Promise<number> {
    const now = this.clock.now();
    const yearStart = new Date(`${year}-01-01T00:00:00+08:00`);
    const clocks = await m
      .getRepository(DeadlineClock)
      .createQueryBuilder('c')
      .where(`c.basis <> 'wall' AND c.status = 'running' AND c.due_at >= :yearStart`, { yearStart })
      .orderBy('c.id')
      .setLock('pessimistic_write')
      .getMany();
    let changed = 0;
    for (const clock of clocks) {
      const oldDue = clock.dueAt!;
      let used: ReturnType<WorkingCalendar['workingTimeBetween']>;
      let projected: ReturnType<WorkingCalendar['addWorkingTime']>;
      try {
        used = before.workingTimeBetween(clock.resumedAt!, now);
        projected = after.addWorkingTime(now, Math.max(0, clock.limitMs - Math.max(0, used.ms) - clock.usedMs));
      } catch (err) {
        // A clock reaching into a year that still has no schedule keeps its deadline; it is recomputed when that year is loaded.
        if (!(err instanceof CalendarYearMissingError)) throw err;
        this.logger.warn(`Clock ${clock.id} not recomputed: ${err.message}`);
        continue;
      }
      const usedMs = clock.usedMs + Math.max(0, used.ms);
      if (projected.at.getTime() === oldDue.getTime()) continue;
      clock.usedMs = usedMs;
      clock.resumedAt = now;
      clock.dueAt = projected.at;
      this.mergeBasis(clock, used);
      this.mergeBasis(clock, projected);
      clock.nextFireAt = this.safeNext(clock, timeBasis(clock.basis, after));
      await m.save(clock);
      await this.audit(m, clock.id, 'recompute', now, {
        year,
        policy: RECOMPUTE_POLICY,
        oldDueAt: oldDue.toISOString(),
        newDueAt: projected.at.toISOString(),
        usedMs,
        remainingMs: Math.max(0, clock.limitMs - usedMs),
        calendarVersions: projected.versions,
        provisional: projected.provisional,
      });
      changed += 1;
    }
    return changed;
  }

  async explain(clockId: string): Promise<ClockExplanation> {
    const m = this.dataSource.manager;
    const clock = await m.findOneBy(DeadlineClock, { id: clockId });
    if (!clock) throw new AppError('CLOCK_NOT_FOUND', `No clock ${clockId}`);
    const pauses = await m.find(DeadlinePause, { where: { clockId }, order: { startedAt: 'ASC' } });
    const trail = await m.find(DeadlineClockEvent, { where: { clockId }, order: { id: 'ASC' } });
    const end = clock.stoppedAt ?? this.clock.now();
    const basis = this.basisOf(clock.basis);
    const measure = (from: Date, to: Date) => {
      try {
        return Math.max(0, basis.measure(from, to).ms);
      } catch {
        return Math.max(0, to.getTime() - from.getTime());
      }
    };
    const intervals: ClockInterval[] = [];
    let cursor = clock.startedAt;
    for (const p of pauses) {
      if (p.startedAt > cursor) intervals.push({ from: cursor.toISOString(), to: p.startedAt.toISOString(), state: 'running', ms: measure(cursor, p.startedAt), counted: true });
      const pauseEnd = p.endedAt ?? (clock.stoppedAt ? clock.stoppedAt : null);
      intervals.push({
        from: p.startedAt.toISOString(),
        to: iso(pauseEnd),
        state: 'paused',
        ms: measure(p.startedAt, pauseEnd ?? end),
        counted: clock.verdict ? !clock.verdict.exemptPauses : null,
        reason: p.reason,
      });
      cursor = pauseEnd ?? end;
    }
    if (clock.status !== 'paused' && end > cursor) {
      intervals.push({ from: cursor.toISOString(), to: clock.stoppedAt ? clock.stoppedAt.toISOString() : null, state: 'running', ms: measure(cursor, end), counted: true });
    }
    return {
      clock: {
        id: clock.id,
        subjectType: clock.subjectType,
        subjectId: clock.subjectId,
        kind: clock.kind,
        basis: clock.basis,
        limitMs: clock.limitMs,
        warnBeforeMs: clock.warnBeforeMs,
        status: clock.status,
        startedAt: clock.startedAt.toISOString(),
        dueAt: iso(clock.dueAt),
        warningsFired: clock.warningsFired,
        breachedAt: iso(clock.breachedAt),
        stoppedAt: iso(clock.stoppedAt),
        met: clock.verdict?.met ?? null,
        calendarVersions: clock.calendarVersions,
        provisional: clock.provisional,
      },
      verdict: clock.verdict,
      intervals,
      trail: trail.map((e) => ({ type: e.type, at: e.at.toISOString(), detail: e.detail })),
    };
  }

  async list(q: ListClocksQuery): Promise<Page<ClockSummary>> {
    const qb = this.dataSource.getRepository(DeadlineClock).createQueryBuilder('c');
    if (q.subjectType) qb.andWhere('c.subject_type = :subjectType', { subjectType: q.subjectType });
    if (q.subjectId) qb.andWhere('c.subject_id = :subjectId', { subjectId: q.subjectId });
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.breached !== undefined) qb.andWhere(q.breached ? 'c.breached_at IS NOT NULL' : 'c.breached_at IS NULL');
    return paginate(qb, q, 'startedAt', (c) => ({
      id: c.id,
      subjectType: c.subjectType,
      subjectId: c.subjectId,
      kind: c.kind,
      basis: c.basis,
      limitMs: c.limitMs,
      status: c.status,
      startedAt: c.startedAt.toISOString(),
      dueAt: iso(c.dueAt),
      breachedAt: iso(c.breachedAt),
      stoppedAt: iso(c.stoppedAt),
      met: c.verdict?.met ?? null,
      provisional: c.provisional,
    }), ['dueAt', 'kind', 'status']);
  }
}


