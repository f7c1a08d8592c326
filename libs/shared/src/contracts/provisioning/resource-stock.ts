import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { event, rpc } from '../contract';
import { QueryBoolean } from '../mixins';
import { CursorPageQuery, Page } from '../paging';

/** Where a stock is kept: one resource type (光纤, MSTP端口...) in one area (a city or local network). */
export class StockKeyBody {
  @ApiProperty({ example: 'MSTP端口', description: 'The kind of resource' }) @IsString() @Length(1, 100) resourceType!: string;
  @ApiProperty({ example: '广州', description: 'The area the stock serves' }) @IsString() @Length(1, 100) area!: string;
}

export class StockThresholdBody extends StockKeyBody {
  @ApiProperty({ example: 20, description: 'A level below this raises a stock-low warning' }) @IsInt() @Min(0) @Max(100_000_000) threshold!: number;
}

export class StockLevelBody extends StockKeyBody {
  @ApiProperty({ example: 12, description: 'Units available now' }) @IsInt() @Min(0) @Max(100_000_000) level!: number;
}

export class StockThresholdRequest extends StockThresholdBody {}
export class StockLevelRequest extends StockLevelBody {}

export class ListStockQuery extends CursorPageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) resourceType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) area?: string;
  @QueryBoolean('Only stocks below (or not below) their threshold') below?: boolean;
}

export class StockView {
  @ApiProperty() resourceType!: string;
  @ApiProperty() area!: string;
  @ApiProperty({ nullable: true, description: 'Null until a level is reported' }) level!: number | null;
  @ApiProperty({ nullable: true, description: 'Null until an admin sets one' }) threshold!: number | null;
  @ApiProperty({ description: 'The level is below the threshold' }) below!: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() updatedBy!: string;
}

export const StockRpc = {
  setThreshold: rpc<StockThresholdRequest, StockView>('rpc.provisioning.stock.set-threshold', StockThresholdRequest),
  setLevel: rpc<StockLevelRequest, StockView>('rpc.provisioning.stock.set-level', StockLevelRequest),
  list: rpc<ListStockQuery, Page<StockView>>('rpc.provisioning.stock.list', ListStockQuery),
};

/** A stock fell below its threshold (once per crossing; it must rise to the threshold again to be sent anew). */
export class StockLowData {
  @IsString() resourceType!: string;
  @IsString() area!: string;
  @IsInt() level!: number;
  @IsInt() threshold!: number;
  @IsString() at!: string;
  @IsString() by!: string;
}

export const StockEvents = {
  low: event<StockLowData>('evt.provisioning.resource.stock-low.v1', StockLowData),
};
