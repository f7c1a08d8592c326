import { AppError } from '../errors/app-error';
import { MIN } from './units';

export interface StatedTimeBounds {
  now: Date;
  /** How far back a recorder may state a time (maxBackdateMinutes); absent, no bound (when a fault began). */
  maxBackdateMinutes?: number;
  /** The record it belongs to: it cannot have happened before this. */
  notBefore?: { at: Date; what: string };
}

function refuse(field: string, reason: string): never {
  throw new AppError('STATED_TIME_OUT_OF_RANGE', `${field} ${reason}`, { fields: [{ field, reason }] });
}

/**
 * A time the recorder states: when the thing happened in the world (the customer's call, the restore), which may be
 * recorded later. Absent, it is the recording time. It cannot be in the future, before the record it belongs to,
 * or further back than the configured bound.
 */
export function statedTime(field: string, stated: string | undefined, bounds: StatedTimeBounds): Date {
  const at = stated === undefined ? bounds.now : new Date(stated);
  if (at.getTime() > bounds.now.getTime()) refuse(field, `is in the future (now ${bounds.now.toISOString()})`);
  if (bounds.notBefore && at.getTime() < bounds.notBefore.at.getTime()) refuse(field, `is before ${bounds.notBefore.what} (${bounds.notBefore.at.toISOString()})`);
  if (bounds.maxBackdateMinutes !== undefined && at.getTime() < bounds.now.getTime() - bounds.maxBackdateMinutes * MIN) {
    refuse(field, `is more than ${bounds.maxBackdateMinutes} minutes back (maxBackdateMinutes)`);
  }
  return at;
}
