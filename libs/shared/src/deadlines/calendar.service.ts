import { DataSource, EntityManager } from 'typeorm';
import { CalendarYear, publishedYears } from '../calendar/calendar-year';
import { UnknownYearPolicy, WorkingCalendar } from '../calendar/working-calendar';

interface CalendarYearRow {
  year: number;
  holidays: CalendarYear['holidays'];
  makeup_workdays: CalendarYear['makeupWorkdays'];
  version: number;
  source: CalendarYear['source'];
}

export interface CalendarSettings {
  workingHours: string;
  unknownYear: UnknownYearPolicy;
}

/**
 * The working calendar this service computes with: the published schedules, overridden by the years an admin
 * loaded (kept in the service's own `calendar_year` table from provisioning's events).
 */
export class CalendarService {
  private readonly published = publishedYears();
  private current: WorkingCalendar;
  private stamp = '';
  private loaded: CalendarYear[] = [];

  constructor(
    private readonly dataSource: DataSource,
    readonly settings: CalendarSettings,
  ) {
    this.current = this.build([]);
  }

  get(): WorkingCalendar {
    return this.current;
  }

  /** Every year this service knows, admin-loaded ones replacing the published ones. */
  years(): CalendarYear[] {
    const byYear = new Map(this.published.map((y) => [y.year, y]));
    for (const y of this.loaded) byYear.set(y.year, y);
    return [...byYear.values()].sort((a, b) => a.year - b.year);
  }

  private build(loaded: CalendarYear[]): WorkingCalendar {
    this.loaded = loaded;
    return new WorkingCalendar(this.years(), this.settings);
  }

  /** Re-reads the admin-loaded years when another replica has applied a change. Cheap when nothing changed. */
  async refresh(manager: EntityManager = this.dataSource.manager): Promise<void> {
    const [{ stamp }] = (await manager.query(
      `SELECT coalesce(string_agg(year || ':' || version, ',' ORDER BY year), '') AS stamp FROM calendar_year`,
    )) as { stamp: string }[];
    if (stamp === this.stamp) return;
    const rows = (await manager.query('SELECT year, holidays, makeup_workdays, version, source FROM calendar_year ORDER BY year')) as CalendarYearRow[];
    this.current = this.build(rows.map((r) => ({ year: r.year, holidays: r.holidays, makeupWorkdays: r.makeup_workdays, version: r.version, source: r.source })));
    this.stamp = stamp;
  }

  /**
   * Stores a corrected year unless this service already has that version or a later one. Returns the calendars
   * before and after, so open deadlines can be recomputed in the same transaction.
   */
  async apply(manager: EntityManager, year: CalendarYear): Promise<{ before: WorkingCalendar; after: WorkingCalendar } | null> {
    const existing = (await manager.query('SELECT version FROM calendar_year WHERE year = $1 FOR UPDATE', [year.year])) as { version: number }[];
    if (existing.length > 0 && existing[0].version >= year.version) return null;
    await manager.query(
      `INSERT INTO calendar_year (year, holidays, makeup_workdays, version, source, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (year) DO UPDATE SET holidays = $2, makeup_workdays = $3, version = $4, source = $5, updated_at = now()`,
      [year.year, JSON.stringify(year.holidays), JSON.stringify(year.makeupWorkdays), year.version, year.source],
    );
    const before = this.current;
    await this.refresh(manager);
    return { before, after: this.current };
  }
}
