import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Min, ValidateIf } from 'class-validator';

type Ctor<T> = new () => T;

/**
 * An action's RPC payload: the HTTP body plus the id from the path and the version from If-Match, validated as
 * one class. The one way every versioned aggregate (ticket, order) takes "act on this one, as I last saw it".
 */
export function withIdAndVersion<T extends object>(Base: Ctor<T>): Ctor<T & { id: string; expectedVersion?: number }> {
  class WithIdAndVersion extends (Base as Ctor<object>) {
    @IsUUID() id!: string;

    /** From If-Match: the action applies only to this version. */
    @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  }
  return WithIdAndVersion as Ctor<T & { id: string; expectedVersion?: number }>;
}

/** A field a change may leave out (it stays as it is); unlike IsOptional, null is validated, and refused, not written. */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/**
 * A boolean query parameter: `true`/`false` (as text or JSON); anything else is refused naming the field, never
 * read as false.
 */
export function QueryBoolean(description?: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: 'boolean', ...(description ? { description } : {}) }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );
}
