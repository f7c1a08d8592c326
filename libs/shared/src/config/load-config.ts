import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values never appear in an error message. */
const SECRET = /(SECRET|PASSWORD|TOKEN)$/;

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map(
      (reason) => `${e.property}: ${reason} (got ${SECRET.test(e.property) ? 'a hidden value' : JSON.stringify(e.value)})`,
    ),
  );
}

/**
 * Parses and validates environment variables into a typed object once, at start-up.
 * Every bad variable is listed in one error so an operator fixes them all in one go.
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(schema, present, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(describe(errors));
  }
  return config;
}
