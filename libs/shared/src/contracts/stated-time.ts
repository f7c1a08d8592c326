import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, registerDecorator, ValidationArguments } from 'class-validator';

/**
 * A time the recorder states: when the thing happened in the world (the customer's call, the review, the restore),
 * which may be recorded later. Each service checks it against its record (not in the future, not before the record
 * it belongs to, at most `maxBackdateMinutes` back).
 */
export function StatedTime(description: string): PropertyDecorator {
  return (target, key) =>
    [ApiPropertyOptional({ format: 'date-time', description }), IsOptional(), IsISO8601({ strict: true, strictSeparator: true })].forEach((d) => d(target, key));
}

/** An action that happened at a time the recorder may state. */
export class OccurredBody {
  @StatedTime('When it happened (default now): not in the future, not before the record it belongs to, at most maxBackdateMinutes back')
  occurredAt?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a YYYY-MM-DD string names a day of the calendar (2026-02-30 does not). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** A Beijing calendar date, YYYY-MM-DD, that exists. */
export function IsCalendarDate(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property} must be a real date, YYYY-MM-DD`,
      },
    });
}
