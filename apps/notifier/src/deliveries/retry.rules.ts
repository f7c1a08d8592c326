import type { NotifierSettings } from '@app/shared';

type RetryLimits = Pick<NotifierSettings, 'maxAttempts' | 'retryBaseSeconds' | 'retryMaxSeconds'>;

/**
 * How long to wait after the `attempts`-th failed attempt: the base, doubled per attempt after the first, never more
 * than the maximum (30 s, 60 s, 120 s, … with the defaults).
 */
export function retryDelaySeconds(attempts: number, limits: Pick<RetryLimits, 'retryBaseSeconds' | 'retryMaxSeconds'>): number {
  const doublings = Math.max(0, attempts - 1);
  // 2^31 s is past any maximum: stop doubling before the number stops being exact.
  if (doublings >= 31) return limits.retryMaxSeconds;
  return Math.min(limits.retryBaseSeconds * 2 ** doublings, limits.retryMaxSeconds);
}

export type AfterFailure = { status: 'dead'; attempts: number } | { status: 'pending'; attempts: number; nextAttemptAt: Date };

/**
 * What becomes of a delivery whose attempt failed (or whose sender died mid-attempt): a permanent failure, or the last
 * allowed attempt, makes it a dead letter; otherwise it waits the back-off and goes again.
 */
export function afterFailedAttempt(attemptsBefore: number, retryable: boolean, now: Date, limits: RetryLimits): AfterFailure {
  const attempts = attemptsBefore + 1;
  if (!retryable || attempts >= limits.maxAttempts) return { status: 'dead', attempts };
  return { status: 'pending', attempts, nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(attempts, limits) * 1000) };
}
