/** Seconds in one 5-minute sample's interval. */
export const SAMPLE_SECONDS = 300;

/**
 * Availability (%) over the samples carrying severely errored seconds (ITU-T G.826 counts an SES as unavailable
 * time): 100 × (1 − SES ÷ the seconds those samples measured). None without such samples.
 */
export function availabilityPct(sesSum: number, sesSamples: number): number | undefined {
  if (sesSamples <= 0) return undefined;
  const pct = 100 * (1 - sesSum / (sesSamples * SAMPLE_SECONDS));
  return Math.round(Math.min(100, Math.max(0, pct)) * 1000) / 1000;
}

/** A period of statistics: from before to, and at most `maxDays` long. Returns the problem, by field, or nothing. */
export function periodProblem(from: Date, to: Date, maxDays: number): { field: string; reason: string } | undefined {
  if (from >= to) return { field: 'from', reason: 'must be before to' };
  if (to.getTime() - from.getTime() > maxDays * 86_400_000) return { field: 'to', reason: `the period is at most ${maxDays} days (setting statisticsMaxDays)` };
  return undefined;
}
