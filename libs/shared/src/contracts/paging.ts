import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;

  /** A field to sort by, ascending, or descending with a leading "-" (e.g. `-openedAt`); each list names its fields. */
  @ApiPropertyOptional({ example: '-createdAt', description: 'Field to sort by; "-" for descending. Each list documents its fields; the default is newest first.' })
  @IsOptional()
  @Matches(/^-?[a-zA-Z]{1,40}$/, { message: 'sort must be a field name, optionally preceded by "-"' })
  sort?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function pageBounds(q: PageQuery): { limit: number; offset: number } {
  return { limit: q.limit ?? 50, offset: q.offset ?? 0 };
}
