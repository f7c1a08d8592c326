import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarYear } from '../calendar/calendar-year';
import { CalendarService } from './calendar.service';
import { DeadlineEngine } from './deadline-engine';

const CALENDAR_REFRESH_MS = 5000;

/** Periodic work a service adds to the deadline loop (e.g. the calendar reminder), run after each poll's firing. */
export type DeadlineDuty = () => Promise<unknown>;

/**
 * The one timer loop of a service: fires everything due, batch after batch, then sleeps `pollMs`. With a 1 s poll a
 * 5-minute limit is enforced within about a second. Also picks up calendar corrections applied by another replica,
 * and runs the duties services add (each cheap when there is nothing to do).
 */
export class DeadlineRuntime {
  private readonly logger = new Logger('Deadlines');
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> = Promise.resolve();
  private lastRefresh = 0;
  private failing = false;
  private waiters: Array<() => void> = [];
  private readonly duties: DeadlineDuty[] = [];

  constructor(
    readonly engine: DeadlineEngine,
    readonly calendars: CalendarService,
    private readonly pollMs: number,
    private readonly batchSize: number,
  ) {}

  async start(): Promise<void> {
    await this.calendars.refresh();
    this.lastRefresh = Date.now();
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.loop;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.loop = this.poll();
    }, delayMs);
  }

  addDuty(duty: DeadlineDuty): void {
    this.duties.push(duty);
  }

  /** Resolves once a poll that starts after this call has finished: proof that whatever was due by then has fired. */
  afterNextPoll(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async poll(): Promise<void> {
    const waiting = this.waiters.splice(0);
    try {
      if (Date.now() - this.lastRefresh > CALENDAR_REFRESH_MS) {
        await this.calendars.refresh();
        this.lastRefresh = Date.now();
      }
      let batch;
      do {
        batch = await this.engine.tick();
      } while (batch.clocks === this.batchSize && this.running);
      for (const duty of this.duties) await duty();
      if (this.failing) this.logger.log('Deadline polling recovered');
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.logger.error(`Deadline polling failed, will retry: ${(err as Error).message}`);
      this.failing = true;
    }
    waiting.forEach((resolve) => resolve());
    if (this.running) this.schedule(this.pollMs);
  }

  /** Stores a corrected calendar year and recomputes the open deadlines it affects, in the caller's transaction. */
  async applyCalendarYear(m: EntityManager, year: CalendarYear): Promise<{ applied: boolean; recomputed: number }> {
    const change = await this.calendars.apply(m, year);
    if (!change) return { applied: false, recomputed: 0 };
    const recomputed = await this.engine.recomputeForCalendar(m, change.before, change.after, year.year);
    this.logger.log(`Calendar ${year.year} v${year.version} applied; ${recomputed} open deadline(s) recomputed`);
    return { applied: true, recomputed };
  }
}
