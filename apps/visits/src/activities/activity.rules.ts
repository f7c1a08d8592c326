import { ActivityStatus, AppError } from '@app/shared';

/** A drill or exchange activity is planned, then recorded once with who took part and what was found. */
export function assertActivityRecordable(status: ActivityStatus): 'done' {
  if (status !== 'planned') throw new AppError('INVALID_TRANSITION', `A ${status} activity cannot be recorded again`, { status, action: 'record' });
  return 'done';
}
