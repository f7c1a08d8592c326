import { ValidationError } from 'class-validator';
import { ErrorBody, ErrorCode, FieldProblem } from './error-codes';

/** A failure with a stable code, raised by business rules and carried over NATS as `{ code, message, details }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorBody['details'],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...fieldProblems(e.children ?? [], field)];
  });
}

export function validationError(errors: ValidationError[]): AppError {
  const fields = fieldProblems(errors);
  return new AppError('VALIDATION_FAILED', `Invalid request: ${fields.map((f) => f.field).join(', ')}`, { fields });
}
