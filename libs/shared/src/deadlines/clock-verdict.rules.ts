/**
 * The verdict of a stopped clock, from the time it used. Pure arithmetic: the engine measures the intervals on the
 * clock's time basis and passes them in.
 */
export interface VerdictInput {
  limitMs: number;
  /** Time counted while the clock ran. */
  runningMs: number;
  /** Time spent paused. */
  pausedMs: number;
  /** Whether the pauses are exempt from the limit (a fault finally closed with a customer-side cause). */
  exemptPauses: boolean;
  /** When the breach fired while the clock ran (its deadline), or null. */
  breachedAt: Date | null;
  /** The instant the clock stopped, possibly stated in the past (the service was back at that time). */
  stoppedAt: Date;
}

export interface VerdictArithmetic {
  met: boolean;
  countedMs: number;
  exemptMs: number;
  overByMs: number;
  /** A breach that fired at or after the stop instant: the service was back before the limit, so it does not count. */
  breachDisregarded: boolean;
}

/**
 * Counted time is the running time plus every pause that is not exempt. The limit is met when the counted time is
 * within it and no breach fired before the clock stopped.
 */
export function clockVerdict(input: VerdictInput): VerdictArithmetic {
  const exemptMs = input.exemptPauses ? input.pausedMs : 0;
  const countedMs = input.runningMs + input.pausedMs - exemptMs;
  const breachCounts = input.breachedAt !== null && input.breachedAt.getTime() < input.stoppedAt.getTime();
  return {
    met: !breachCounts && countedMs <= input.limitMs,
    countedMs,
    exemptMs,
    overByMs: Math.max(0, countedMs - input.limitMs),
    breachDisregarded: input.breachedAt !== null && !breachCounts,
  };
}
