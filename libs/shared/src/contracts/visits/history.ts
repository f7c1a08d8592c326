import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';

/** Customer service history (售后服务资料): everything done for a customer, newest first. */
export const HISTORY_KINDS = ['visit', 'follow-up', 'inspection', 'danger', 'guarantee', 'cutover', 'drill', 'exchange', 'campaign', 'fault'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export class ServiceHistoryFilters extends CursorPageQuery {
  @ApiPropertyOptional({ enum: HISTORY_KINDS, isArray: true, description: 'Only these kinds (repeat the parameter or separate with commas)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsIn(HISTORY_KINDS, { each: true })
  @ArrayMaxSize(HISTORY_KINDS.length)
  kind?: HistoryKind[];

  @ApiPropertyOptional({ format: 'date-time', description: 'At or after' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Before' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class ServiceHistoryQuery extends ServiceHistoryFilters {
  @IsUUID() customerId!: string;
}

export class ServiceHistoryEntryView {
  @ApiProperty({ format: 'date-time', description: 'When it happened (done), or is planned to' }) at!: string;
  @ApiProperty({ enum: HISTORY_KINDS }) kind!: HistoryKind;
  @ApiProperty({ format: 'uuid', description: 'The visit, inspection, danger, guarantee, … (read it on its own route)' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: string;
}

export const ServiceHistoryRpc = {
  list: rpc<ServiceHistoryQuery, Page<ServiceHistoryEntryView>>('rpc.visits.history.list', ServiceHistoryQuery),
};
