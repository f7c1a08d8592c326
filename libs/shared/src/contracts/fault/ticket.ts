import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { event, rpc } from '../contract';
import { Page, PageQuery } from '../paging';

/** Intake channels of §1: hotline, customer manager, portal, a machine room asked first (首问负责), monitoring. */
export const CHANNELS = ['hotline', 'customer_manager', 'portal', 'machine_room', 'monitoring'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_STATUSES = ['open', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export class OpenTicketRequest {
  @ApiProperty({ format: 'uuid', description: 'Customer, as created through /customers' })
  @IsUUID()
  customerId!: string;

  @ApiProperty({ example: 'A端视频会议中断，光端机LOS告警' })
  @IsString()
  @Length(1, 2000)
  symptom!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the fault began; defaults to intake time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  faultAt?: string;

  @ApiPropertyOptional({ example: '张工 13800000000' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reporter?: string;
}

export class TicketView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'F202611220001' }) number!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty() symptom!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ format: 'date-time' }) faultAt!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiPropertyOptional() reporter?: string;
}

export class GetTicketRequest {
  @IsUUID()
  id!: string;
}

export class ListTicketsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  openedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  openedTo?: string;
}

export const FaultRpc = {
  openTicket: rpc<OpenTicketRequest, TicketView>('rpc.fault.tickets.open', OpenTicketRequest),
  getTicket: rpc<GetTicketRequest, TicketView>('rpc.fault.tickets.get', GetTicketRequest),
  listTickets: rpc<ListTicketsQuery, Page<TicketView>>('rpc.fault.tickets.list', ListTicketsQuery),
};

export class TicketOpenedData {
  @IsUUID() ticketId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsIn(CHANNELS) channel!: Channel;
  @IsISO8601() openedAt!: string;
}

export const FaultEvents = {
  ticketOpened: event<TicketOpenedData>('evt.fault.ticket.opened.v1', TicketOpenedData),
};
