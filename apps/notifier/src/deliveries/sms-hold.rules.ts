import { atLocalMinute, HOUR, localDate, localMinuteOfDay } from '@app/shared';
import type { NotifierSettings } from '@app/shared';

export type HeldReason = 'quiet-hours' | 'rate-limit';

export interface SmsHold {
  reason: HeldReason;
  until: Date;
}

/**
 * When quiet hours (Beijing time, `startMinute` to `endMinute` after midnight; the window may cross midnight) that
 * hold `at` end, or null when `at` is outside them. Equal start and end: no quiet hours.
 */
export function quietHoursEnd(at: Date, startMinute: number, endMinute: number): Date | null {
  if (startMinute === endMinute) return null;
  const minute = localMinuteOfDay(at);
  const crossesMidnight = startMinute > endMinute;
  const quiet = crossesMidnight ? minute >= startMinute || minute < endMinute : minute >= startMinute && minute < endMinute;
  if (!quiet) return null;
  // Before the end on the same Beijing day, or (late evening of a window crossing midnight) at the end tomorrow.
  return atLocalMinute(localDate(at), endMinute, minute < endMinute ? 0 : 1);
}

/**
 * When the next SMS to a number may go, given when the ones to it in the last hour went (or are going): now while
 * fewer than `perHour` went within the hour, else an hour after the one that must drop out of the window first.
 */
export function rateLimitFreeAt(sentAt: readonly Date[], now: Date, perHour: number): Date {
  const since = now.getTime() - HOUR;
  const recent = sentAt.map((d) => d.getTime()).filter((t) => t > since && t <= now.getTime()).sort((a, b) => a - b);
  if (recent.length < perHour) return now;
  return new Date(recent[recent.length - perHour] + HOUR);
}

/**
 * Whether a non-urgent SMS must wait, and until when: quiet hours first, then the per-number rate limit. Urgent
 * messages (a crisis, a major fault) are never held.
 */
export function smsHold(
  message: { urgent: boolean },
  sentToNumber: readonly Date[],
  now: Date,
  limits: Pick<NotifierSettings, 'quietHoursStartMinute' | 'quietHoursEndMinute' | 'smsPerRecipientPerHour'>,
): SmsHold | null {
  if (message.urgent) return null;
  const quietUntil = quietHoursEnd(now, limits.quietHoursStartMinute, limits.quietHoursEndMinute);
  if (quietUntil) return { reason: 'quiet-hours', until: quietUntil };
  const freeAt = rateLimitFreeAt(sentToNumber, now, limits.smsPerRecipientPerHour);
  return freeAt > now ? { reason: 'rate-limit', until: freeAt } : null;
}
