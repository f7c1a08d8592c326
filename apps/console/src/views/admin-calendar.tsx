import { type FormEvent, useEffect, useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { ErrorNote, Field, Section, useAction } from '../components';
import { dayLines, parseDays } from '../calendar-days';
import { useI18n } from '../i18n';

type Year = Schemas['CalendarYearView'];

/** The latest years, newest first; the earlier ones on request. */
const RECENT_YEARS = 5;

/**
 * The working-day calendar (DOMAIN.md: public holidays with make-up working days, 调休): the years known, one year's
 * days, and loading a year's schedule — the next year once it is published, so that deadlines in it stop being
 * provisional and are recomputed.
 */
export function AdminCalendar() {
  const { t, e } = useI18n();
  const [years, setYears] = useState<Schemas['CalendarYearsView']>();
  const [shown, setShown] = useState<Year>();
  const [year, setYear] = useState('');
  const [holidays, setHolidays] = useState('');
  const [makeup, setMakeup] = useState('');
  const [saved, setSaved] = useState<Year>();
  const [allYears, setAllYears] = useState(false);
  const put = useAction();
  const loading = useAction();
  const load = async () => {
    const all = await must(api.GET('/api/v1/calendar/years'));
    setYears(all);
    return all;
  };
  useEffect(() => {
    void loading.run(async () => {
      const all = await load();
      setYear((y) => y || String(Math.max(new Date().getFullYear(), ...all.items.map((i) => i.year)) + 1));
    });
  }, []);
  const view = async (y: number) => setShown(await must(api.GET('/api/v1/calendar/years/{year}', { params: { path: { year: y } } })));
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setSaved(undefined);
    const body = { holidays: parseDays(holidays), makeupWorkdays: parseDays(makeup) };
    await put.run(async () => {
      const loaded = await must(api.PUT('/api/v1/calendar/years/{year}', { params: { path: { year: Number(year) } }, body }));
      setSaved(loaded);
      setShown(loaded);
      await load();
    });
  };
  return (
    <>
      <Section title={`${t('calendar')}${years ? ` · ${t('workingHours')} ${years.workingHours}` : ''}`}>
        <ErrorNote error={loading.error} />
        <table className="board calendar-years">
          <thead>
            <tr>
              <th>{t('year')}</th>
              <th>{t('calendarSource')}</th>
              <th>{t('version')}</th>
              <th>{t('holidays')}</th>
              <th>{t('makeupWorkdays')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {[...(years?.items ?? [])]
              .sort((a, b) => b.year - a.year)
              .slice(0, allYears ? undefined : RECENT_YEARS)
              .map((y) => (
                <tr key={y.year} data-year={y.year}>
                  <td>{y.year}</td>
                  <td>{e('calendarSource', y.source)}</td>
                  <td>{y.version}</td>
                  <td>{y.holidays.length}</td>
                  <td>{y.makeupWorkdays.length}</td>
                  <td>
                    <button type="button" className="link" onClick={() => void loading.run(() => view(y.year))}>
                      {t('view')}
                    </button>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
        {!allYears && (years?.items.length ?? 0) > RECENT_YEARS && (
          <button type="button" className="link" onClick={() => setAllYears(true)}>
            {t('allYears')} ({years?.items.length})
          </button>
        )}
        {shown && (
          <div className="two calendar-year" data-shown-year={shown.year}>
            <DayList title={`${shown.year} ${t('holidays')}`} days={shown.holidays} />
            <DayList title={`${shown.year} ${t('makeupWorkdays')}`} days={shown.makeupWorkdays} />
          </div>
        )}
      </Section>
      <Section title={t('loadYear')}>
        <form className="grid-form" aria-label={t('loadYear')} onSubmit={submit}>
          <Field label={t('year')}>
            <input name="year" type="number" min={2000} max={2100} value={year} onChange={(ev) => setYear(ev.target.value)} required />
          </Field>
          <p className="sub wide">{t('dayLinesHint')}</p>
          <Field label={t('holidays')}>
            <textarea name="holidays" rows={10} value={holidays} onChange={(ev) => setHolidays(ev.target.value)} placeholder="2027-01-01 元旦" />
          </Field>
          <Field label={t('makeupWorkdays')}>
            <textarea name="makeupWorkdays" rows={10} value={makeup} onChange={(ev) => setMakeup(ev.target.value)} placeholder="2027-02-07 春节调休" />
          </Field>
          <div className="wide">
            <ErrorNote error={put.error} />
            {saved && (
              <p className="note" data-testid="calendar-saved">
                {t('saved')}: {saved.year} · {t('version')} {saved.version}
              </p>
            )}
            <div className="actions">
              <button type="submit" disabled={put.busy}>
                {t('loadYear')}
              </button>
              {shown && (
                <button type="button" className="link" onClick={() => (setHolidays(dayLines(shown.holidays)), setMakeup(dayLines(shown.makeupWorkdays)))}>
                  {t('edit')} {shown.year}
                </button>
              )}
            </div>
          </div>
        </form>
      </Section>
    </>
  );
}

/** One list of a year's named days (its holidays, or its make-up working days). */
function DayList({ title, days }: { title: string; days: ReadonlyArray<{ date: string; name: string }> }) {
  return (
    <div>
      <h3>{title}</h3>
      <ul className="timeline">
        {days.map((d) => (
          <li key={d.date}>
            <time>{d.date}</time>
            {d.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
