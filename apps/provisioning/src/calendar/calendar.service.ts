import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  AppError,
  CalendarEvents,
  Clock,
  CalendarService,
  CalendarYear,
  CalendarYearsView,
  CalendarYearView,
  DeadlineRuntime,
  localDate,
  missingNextYear,
  OutboxWriter,
  PutCalendarYearRequest,
  UnitOfWork,
} from '@app/shared';
import { calendarYearProblems } from './calendar.rules';

function toView(y: CalendarYear): CalendarYearView {
  return { year: y.year, holidays: y.holidays, makeupWorkdays: y.makeupWorkdays, version: y.version, source: y.source };
}

/**
 * Provisioning keeps the platform's calendar: an admin loads or corrects a year here, every service hears of it; and
 * from 1 November, once a day while next year's schedule is missing, it reminds the admins by event.
 */
@Injectable()
export class CalendarAdminService implements OnApplicationBootstrap {
  /** The last reminder this process recorded (year and Beijing day), so the loop asks the database once a day. */
  private reminded = '';

  constructor(
    private readonly calendars: CalendarService,
    private readonly deadlines: DeadlineRuntime,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.deadlines.addDuty(() => this.remindNextYearMissing());
  }

  /** Records `evt.provisioning.calendar.next-year-missing.v1` once per year and Beijing day while that year is missing. */
  async remindNextYearMissing(): Promise<boolean> {
    const now = this.clock.now();
    const year = missingNextYear(now, this.calendars.get().loadedYears());
    if (year === null) return false;
    const date = localDate(now);
    const key = `${year}:${date}`;
    if (this.reminded === key) return false;
    const message = `The working-day schedule for ${year} is not loaded: deadlines reaching into it are computed on plain weekdays and marked provisional. Load it with PUT /api/v1/calendar/years/${year}`;
    const recorded = await this.uow.run((m) => this.outbox.recordOnce(m, CalendarEvents.nextYearMissing, String(year), { year, date, message }, key));
    this.reminded = key;
    return recorded;
  }

  async putYear(req: PutCalendarYearRequest): Promise<CalendarYearView> {
    const problems = calendarYearProblems(req);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `Invalid calendar for ${req.year}`, { fields: problems });
    return this.uow.run(async (m) => {
      const [current] = (await m.query('SELECT version FROM calendar_year WHERE year = $1 FOR UPDATE', [req.year])) as { version: number }[];
      const year: CalendarYear = {
        year: req.year,
        holidays: [...req.holidays].sort((a, b) => a.date.localeCompare(b.date)),
        makeupWorkdays: [...req.makeupWorkdays].sort((a, b) => a.date.localeCompare(b.date)),
        version: (current?.version ?? 0) + 1,
        source: 'admin',
      };
      await this.deadlines.applyCalendarYear(m, year);
      await this.outbox.record(m, CalendarEvents.yearUpdated, String(year.year), {
        year: year.year,
        holidays: year.holidays,
        makeupWorkdays: year.makeupWorkdays,
        version: year.version,
        source: 'admin',
      });
      return toView(year);
    });
  }

  async getYear(year: number): Promise<CalendarYearView> {
    await this.calendars.refresh();
    const found = this.calendars.years().find((y) => y.year === year);
    if (!found) throw new AppError('NOT_FOUND', `No schedule is loaded for ${year}`, { year });
    return toView(found);
  }

  async listYears(): Promise<CalendarYearsView> {
    await this.calendars.refresh();
    return {
      items: this.calendars.years().map(toView),
      workingHours: this.calendars.settings.workingHours,
      unknownYear: this.calendars.settings.unknownYear,
    };
  }
}
