import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv } from '@app/shared';

/** The quality service's own variables. */
export class QualityEnv extends ServiceEnv {
  /** How often partitions are made ahead and data past retention is dropped. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  QUALITY_MAINTENANCE_MS: number = 600_000;

  /** How often dial tests no probe system answered within dialTestAnswerMinutes are expired. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  QUALITY_DIAL_TEST_EXPIRY_MS: number = 60_000;

  /** Sample batches from JetStream handled at once (unacknowledged messages of the durable consumer). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  QUALITY_SAMPLES_IN_FLIGHT: number = 4;
}

export function qualityEnv(env: ServiceEnv): QualityEnv {
  return env instanceof QualityEnv ? env : Object.assign(new QualityEnv(), env);
}
