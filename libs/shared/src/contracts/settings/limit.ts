import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNumber, Max, Min, registerDecorator, ValidationArguments } from 'class-validator';

const DEFAULTS = 'settings:defaults';

/** The defaults a settings class declares with `@Limit`, field by field: the one place each default is written. */
export function limitDefaults<T extends object>(type: new () => T): T {
  return { ...(Reflect.getMetadata(DEFAULTS, type) as T) };
}

/**
 * One configurable limit of DOMAIN.md: its description (the rule it times), its default and its bounds.
 * Whole numbers unless `fractional` (working days such as 0.5).
 */
export function Limit(description: string, defaultValue: number, bounds: { min: number; max: number; fractional?: boolean }) {
  return applyDecorators(
    (target: object, key: string | symbol) => {
      const defaults = { ...((Reflect.getMetadata(DEFAULTS, target.constructor) as Record<string, number> | undefined) ?? {}), [key]: defaultValue };
      Reflect.defineMetadata(DEFAULTS, defaults, target.constructor);
    },
    ApiProperty({ description, default: defaultValue, minimum: bounds.min, maximum: bounds.max, type: bounds.fractional ? 'number' : 'integer' }),
    bounds.fractional ? IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }) : IsInt(),
    Min(bounds.min),
    Max(bounds.max),
  );
}

/**
 * A warning lead no longer than the limits it warns of (`limits`: the fields of those limits). Checked when the
 * settings hold both, as the owning service validates them after merging a change into the values in force.
 */
export function NoLongerThan(...limits: string[]): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'noLongerThan',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const o = args.object as Record<string, unknown>;
          return typeof value !== 'number' || limits.every((l) => typeof o[l] !== 'number' || value <= (o[l] as number));
        },
        defaultMessage: (args?: ValidationArguments) => {
          const o = (args?.object ?? {}) as Record<string, unknown>;
          return `${args?.property} must not be longer than ${limits.map((l) => `${l} (${String(o[l])})`).join(' or ')}`;
        },
      },
    });
}
