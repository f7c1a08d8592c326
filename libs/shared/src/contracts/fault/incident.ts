import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';
import { CAUSE_CATEGORIES, CauseCategory, SEGMENTS, Segment } from './ticket';

/** Major network faults (class 1): equipment, fibre cut, disaster — one master incident many tickets link to. */
export const INCIDENT_KINDS = ['equipment', 'fibre_cut', 'disaster', 'other'] as const;
export const INCIDENT_STATUSES = ['open', 'restored', 'closed'] as const;

export class OpenIncidentBody {
  @ApiProperty({ example: '局端传输设备软件BUG导致多地电路中断' }) @IsString() @Length(1, 300) title!: string;
  @ApiProperty({ enum: INCIDENT_KINDS }) @IsIn(INCIDENT_KINDS) kind!: (typeof INCIDENT_KINDS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) description?: string;
}

export class LinkTicketsBody {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  ticketIds!: string[];
}

export class RestoreIncidentBody {
  @ApiPropertyOptional({
    format: 'date-time',
    description: "When service came back; each linked ticket's resolution clock stops then. Defaults to now; not in the future, not before a linked ticket's report",
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  occurredAt?: string;
}

export class CloseIncidentBody {
  @ApiProperty({ enum: CAUSE_CATEGORIES }) @IsIn(CAUSE_CATEGORIES) causeCategory!: CauseCategory;
  @ApiProperty({ enum: SEGMENTS }) @IsIn(SEGMENTS) causeSegment!: Segment;
  @ApiProperty() @IsString() @Length(1, 2000) causeDescription!: string;
  @ApiPropertyOptional({ description: 'Cause told to the customers, when it differs' }) @IsOptional() @IsString() @Length(1, 2000) customerFacingCause?: string;
}

export class IncidentIdRequest {
  @IsUUID() id!: string;
}
export class OpenIncidentRequest extends OpenIncidentBody {}
export class LinkTicketsRequest extends LinkTicketsBody {
  @IsUUID() id!: string;
}
export class RestoreIncidentRequest extends RestoreIncidentBody {
  @IsUUID() id!: string;
}
export class CloseIncidentRequest extends CloseIncidentBody {
  @IsUUID() id!: string;
}

export class ListIncidentsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES }) @IsOptional() @IsIn(INCIDENT_STATUSES) status?: (typeof INCIDENT_STATUSES)[number];
}

export class IncidentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: INCIDENT_KINDS }) kind!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) restoredAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiPropertyOptional({ enum: CAUSE_CATEGORIES }) causeCategory?: string;
  @ApiPropertyOptional() causeDescription?: string;
  @ApiProperty({ type: [String], description: 'Linked tickets' }) ticketIds!: string[];
  @ApiProperty({ description: 'Distinct customers affected' }) customers!: number;
}

export const IncidentRpc = {
  open: rpc<OpenIncidentRequest, IncidentView>('rpc.fault.incidents.open', OpenIncidentRequest),
  get: rpc<IncidentIdRequest, IncidentView>('rpc.fault.incidents.get', IncidentIdRequest),
  list: rpc<ListIncidentsQuery, Page<IncidentView>>('rpc.fault.incidents.list', ListIncidentsQuery),
  link: rpc<LinkTicketsRequest, IncidentView>('rpc.fault.incidents.link', LinkTicketsRequest),
  restore: rpc<RestoreIncidentRequest, IncidentView>('rpc.fault.incidents.restore', RestoreIncidentRequest),
  close: rpc<CloseIncidentRequest, IncidentView>('rpc.fault.incidents.close', CloseIncidentRequest),
};
