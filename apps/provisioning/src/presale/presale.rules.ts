import { addCalendarMonths, AppError } from '@app/shared';

/**
 * Pre-sale (§2.1): a resource check answers per segment and is valid for `months` (default one) calendar months;
 * an expired check cannot back an order.
 */
export function checkValidUntil(checkedAt: Date, months: number): Date {
  // 31 January + 1 month is the end of February, not 3 March.
  return addCalendarMonths(checkedAt, months);
}

export function isCheckValid(check: { validUntil: Date }, now: Date): boolean {
  return check.validUntil.getTime() > now.getTime();
}

/** An order may be backed only by an unexpired resource check of the same customer. */
export function assertCheckBacks(check: { id: string; validUntil: Date; customerId: string } | null, checkId: string, customerId: string, now: Date): void {
  if (!check || check.customerId !== customerId) {
    throw new AppError('RESOURCE_CHECK_INVALID', `No resource check ${checkId} for this customer`, { fields: [{ field: 'resourceCheckId', reason: 'no such check for this customer' }] });
  }
  if (!isCheckValid(check, now)) {
    throw new AppError('RESOURCE_CHECK_INVALID', `Resource check ${checkId} expired on ${check.validUntil.toISOString()}: check the resources again`, {
      fields: [{ field: 'resourceCheckId', reason: 'expired: a resource check is valid for one month' }],
    });
  }
}
