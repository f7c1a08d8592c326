/** Working periods of a working day, in minutes after local midnight, e.g. 09:00–12:00 and 13:00–17:00. */
export interface WorkingPeriod {
  startMinute: number;
  endMinute: number;
}

const PERIOD = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** Parses "09:00-17:00" or "09:00-12:00,13:00-17:00" (a lunch break). Periods must be in order and not overlap. */
export function parseWorkingHours(spec: string): WorkingPeriod[] {
  const periods = spec.split(',').map((part) => {
    const m = PERIOD.exec(part.trim());
    if (!m) throw new Error(`Working hours "${part.trim()}" are not HH:MM-HH:MM`);
    const startMinute = Number(m[1]) * 60 + Number(m[2]);
    const endMinute = Number(m[3]) * 60 + Number(m[4]);
    if (endMinute <= startMinute || endMinute > 24 * 60) throw new Error(`Working period "${part.trim()}" ends before it starts`);
    return { startMinute, endMinute };
  });
  for (let i = 1; i < periods.length; i++) {
    if (periods[i].startMinute < periods[i - 1].endMinute) throw new Error(`Working periods in "${spec}" overlap or are out of order`);
  }
  return periods;
}

export function workingMinutesPerDay(periods: WorkingPeriod[]): number {
  return periods.reduce((sum, p) => sum + p.endMinute - p.startMinute, 0);
}
