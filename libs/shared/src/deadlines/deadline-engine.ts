import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { WorkingCalendar } from '../calendar/working-calendar';
import { Clock } from '../clock/clock';
import { ClockBasis, ClockEventContracts, ClockSummary, CustomerClockScope, ListClocksQuery } from '../contracts/clock';
import { Page } from '../contracts/paging';
import { insertLater } from '../db/deferred-inserts';
import { updateLoaded } from '../db/versioned';
import { AppError } from '../errors/app-error';
import { OutboxWriter, UnitOfWork } from '../events/outbox';
import { CalendarService } from './calendar.service';
import { ClockExplanation, ClockQueries, CustomerClockExplanation, CustomerClockFilter } from './clock-queries';
import { ClockRecompute } from './clock-recompute';
import { auditClock, clockEventData, guardCalendar, iso, mergeCalendarBasis } from './clock-support';
import { clockVerdict } from './clock-verdict.rules';
import { DeadlineFiring } from './deadline-firing';
import { ClockVerdict, DeadlineClock, DeadlinePause } from './deadline.entities';
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

/**
 * Every time limit of a service runs here, in the service's own schema: the commands that start, pause, resume and
 * stop clocks. Firing lives in `DeadlineFiring` (polled by `DeadlineRuntime`), reading in `ClockQueries`, the
 * recomputation after a calendar change in `ClockRecompute`, the verdict arithmetic in `clock-verdict.rules`.
 */
export class DeadlineEngine {
  private readonly firing: DeadlineFiring;
  private readonly queries: ClockQueries;
  private readonly recompute: ClockRecompute;

  constructor(
    dataSource: DataSource,
    uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly events: ClockEventContracts,
    batchSize = 500,
    /** The service's customer-facing clocks (its clock routes show customers these): its events say whether each is one. */
    private readonly customerScope?: CustomerClockScope,
  ) {
    const basisOf = (basis: ClockBasis) => this.basisOf(basis);
    this.firing = new DeadlineFiring(uow, outbox, clock, basisOf, events, batchSize, customerScope);
    this.queries = new ClockQueries(dataSource, clock, basisOf);
    this.recompute = new ClockRecompute(clock);
  }

  /** Fires what is due now; call until it returns fewer clocks than a batch. */
  tick(): Promise<{ clocks: number; fired: number }> {
    return this.firing.tick();
  }

  explain(clockId: string): Promise<ClockExplanation> {
    return this.queries.explain(clockId);
  }

  /** A clock as a customer's own user may read it (one of its customer-facing clocks), without the audit trail. */
  explainToCustomer(clockId: string, customer: CustomerClockFilter): Promise<CustomerClockExplanation> {
    return this.queries.explainToCustomer(clockId, customer);
  }

  /** With `customer`: only the clocks that customer may read, whatever the query asks. */
  list(q: ListClocksQuery, customer?: CustomerClockFilter): Promise<Page<ClockSummary>> {
    return this.queries.list(q, customer);
  }

  private basisOf(basis: ClockBasis): TimeBasis {
    return timeBasis(basis, this.calendars.get());
  }

  private async lock(m: EntityManager, clockId: string): Promise<DeadlineClock> {
    const clock = await m.findOne(DeadlineClock, { where: { id: clockId }, lock: { mode: 'pessimistic_write' } });
    if (!clock) throw new AppError('CLOCK_NOT_FOUND', `No clock ${clockId}`);
    return clock;
  }

  /** When a segment starting at `at` begins to count: never before the clock's own counting start. */
  private countingFrom(clock: DeadlineClock, at: Date): Date {
    const start = guardCalendar(() => this.basisOf(clock.basis).countFrom(clock.startedAt));
    return new Date(Math.max(at.getTime(), start.getTime()));
  }

  /** Projects the deadline of a running clock from its remaining budget, and what fires next. */
  private project(clock: DeadlineClock, from: Date): void {
    const basis = this.basisOf(clock.basis);
    const due = guardCalendar(() => basis.project(from, Math.max(0, clock.limitMs - clock.usedMs)));
    mergeCalendarBasis(clock, due);
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
      fixedDue: spec.dueAt !== undefined,
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
      mergeCalendarBasis(clock, span);
      clock.limitMs = Math.max(0, span.ms);
      clock.dueAt = dueAt;
      clock.nextFireAt = guardCalendar(() => nextFireAt(clock, basis));
    } else {
      this.project(clock, countFrom);
    }
    await insertLater(m, DeadlineClock, clock);
    await auditClock(m, clock.id, 'start', now, {
      startedAt: startedAt.toISOString(),
      basis: clock.basis,
      limitMs: clock.limitMs,
      ...(clock.fixedDue ? { fixedDue: true } : {}),
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
    mergeCalendarBasis(clock, segment);
    clock.usedMs += Math.max(0, segment.ms);
    clock.status = 'paused';
    clock.resumedAt = null;
    clock.dueAt = null;
    clock.nextFireAt = null;
    await updateLoaded(m, DeadlineClock, clock);
    await m.insert(DeadlinePause, { clockId, startedAt: now, endedAt: null, reason, resumeReason: null });
    await auditClock(m, clockId, 'pause', now, { reason, usedMs: clock.usedMs, remainingMs: Math.max(0, clock.limitMs - clock.usedMs) });
    return clock;
  }

  async resume(m: EntityManager, clockId: string, reason = 'resumed'): Promise<DeadlineClock> {
    const clock = await this.lock(m, clockId);
    if (clock.status !== 'paused') throw new AppError('CLOCK_NOT_PAUSED', `Clock ${clock.kind} of ${clock.subjectId} is ${clock.status}, not paused`);
    const now = this.clock.now();
    await m.query(`UPDATE deadline_pause SET ended_at = $2, resume_reason = $3 WHERE clock_id = $1 AND ended_at IS NULL`, [clockId, now, reason]);
    clock.status = 'running';
    // Counting never starts before the clock's own start (a working-days clock resumed on the event's day counts from its close of business).
    clock.resumedAt = this.countingFrom(clock, now);
    this.project(clock, clock.resumedAt);
    await updateLoaded(m, DeadlineClock, clock);
    await auditClock(m, clockId, 'resume', now, { reason, dueAt: iso(clock.dueAt), usedMs: clock.usedMs, calendarVersions: clock.calendarVersions });
    return clock;
  }

  /** Refuses a stop instant in the future or before the segment (running or paused) it ends, naming the field `at`. */
  private checkStopAt(clock: DeadlineClock, at: Date, segmentStart: Date, latest: Date): void {
    const refuse = (reason: string, bound: Record<string, string>) => {
      throw new AppError('CLOCK_STOP_TIME_INVALID', `Clock ${clock.kind} of ${clock.subjectId} cannot stop at ${at.toISOString()}: ${reason}`, {
        fields: [{ field: 'at', reason }],
        ...bound,
      });
    };
    if (at.getTime() > latest.getTime()) refuse(`must not be after ${latest.toISOString()}`, { latest: latest.toISOString() });
    if (at.getTime() < segmentStart.getTime()) refuse(`must not be before the clock started or last resumed (${segmentStart.toISOString()})`, { earliest: segmentStart.toISOString() });
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
      if (opts.at) this.checkStopAt(clock, at, last?.endedAt ?? clock.startedAt, now);
      const segment = guardCalendar(() => this.basisOf(clock.basis).measure(clock.resumedAt!, at));
      mergeCalendarBasis(clock, segment);
      clock.usedMs += Math.max(0, segment.ms);
    } else {
      if (opts.at) this.checkStopAt(clock, at, last.startedAt, now);
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
      const countFrom = this.countingFrom(clock, last?.endedAt ?? clock.startedAt);
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
      mergeCalendarBasis(clock, measured);
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
    await updateLoaded(m, DeadlineClock, clock);
    await auditClock(m, clock.id, type, now, {
      ...verdict,
      stoppedAt: stoppedAt.toISOString(),
      ...(arithmetic.breachDisregarded ? { breachDisregarded: `the breach recorded at ${iso(clock.breachedAt)} is not counted: the clock stopped as of ${stoppedAt.toISOString()}, before the limit` } : {}),
      calendarVersions: clock.calendarVersions,
      provisional: clock.provisional,
    });
    if (final) {
      await this.outbox.record(m, this.events.stopped, clock.subjectId, {
        ...clockEventData(clock, this.customerScope),
        stoppedAt: clock.stoppedAt!.toISOString(),
        met: verdict.met,
        countedMs,
        exemptMs,
        reason: opts.reason,
      });
    }
    return clock;
  }

  /** See ClockRecompute: open working-time clocks after a calendar year is loaded or corrected. */
  recomputeForCalendar(m: EntityManager, before: WorkingCalendar, after: WorkingCalendar, year: number): Promise<number> {
    return this.recompute.forCalendar(m, before, after, year);
  }
}
