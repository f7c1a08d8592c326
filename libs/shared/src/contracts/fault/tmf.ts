import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { event, rpc } from '../contract';

/**
 * TMF621 Trouble Ticket: the operator's OSS/BSS and partner carriers open and follow fault tickets through TM Forum's
 * API. The fault service owns the TMF ticket (the outside party's report, linked to the fault ticket the NOC handles)
 * and renders it for the API version asked; the gateway only speaks HTTP.
 */
export const TMF_VERSIONS = ['v4', 'v5'] as const;
export type TmfVersion = (typeof TMF_VERSIONS)[number];

/** A rendered TMF TroubleTicket resource (v4 or v5 shape). */
export type TmfTicket = Record<string, unknown>;

/** Most TMF tickets one list page returns. */
export const TMF_MAX_LIMIT = 200;

export class TmfCreateRequest {
  @IsIn(TMF_VERSIONS) version!: TmfVersion;
  /** The TroubleTicket_Create body as sent; the fault service validates it against the specification. */
  @IsObject() ticket!: Record<string, unknown>;
}

export class TmfIdRequest {
  @IsIn(TMF_VERSIONS) version!: TmfVersion;
  /** As sent in the URL: an id that is not one of ours is simply not found. */
  @IsString() @Length(1, 100) id!: string;
}

export class TmfPatchRequest extends TmfIdRequest {
  /** A JSON merge patch (RFC 7396) of a TroubleTicket_Update. */
  @IsObject() patch!: Record<string, unknown>;
}

export class TmfListRequest {
  @IsIn(TMF_VERSIONS) version!: TmfVersion;
  /** Attribute filters (name → value), as sent in the query string. */
  @IsObject() filters!: Record<string, string>;
  @Type(() => Number) @IsInt() @Min(0) offset!: number;
  @Type(() => Number) @IsInt() @Min(1) @Max(TMF_MAX_LIMIT) limit!: number;
}

export interface TmfTicketPage {
  items: TmfTicket[];
  /** Every match, for X-Total-Count. */
  total: number;
}

export const FaultTmfRpc = {
  create: rpc<TmfCreateRequest, TmfTicket>('rpc.fault.tmf.create', TmfCreateRequest),
  get: rpc<TmfIdRequest, TmfTicket>('rpc.fault.tmf.get', TmfIdRequest),
  list: rpc<TmfListRequest, TmfTicketPage>('rpc.fault.tmf.list', TmfListRequest),
  patch: rpc<TmfPatchRequest, TmfTicket>('rpc.fault.tmf.patch', TmfPatchRequest),
  /** DELETE: the client withdraws its own report (tmf-tickets.service.ts, withdraw). */
  withdraw: rpc<TmfIdRequest, { id: string }>('rpc.fault.tmf.withdraw', TmfIdRequest),
};

/** What happened to a TMF ticket, as TMF621's notifications name it (the hub's event types). */
export const TMF_EVENT_TYPES = ['TroubleTicketCreateEvent', 'TroubleTicketStatusChangeEvent', 'TroubleTicketResolvedEvent', 'TroubleTicketAttributeValueChangeEvent', 'TroubleTicketDeleteEvent'] as const;
export type TmfEventType = (typeof TMF_EVENT_TYPES)[number];

/**
 * A TMF ticket created, its status changed (from fault handling), resolved (restored), or its attributes patched:
 * the ticket as it stands, rendered for each API version, so that the hub delivers what a subscriber of that
 * version reads. Derived by the fault service from its own ticket events (evt.fault.ticket.*).
 */
export class TmfTicketEventData {
  @IsUUID() tmfTicketId!: string;
  @IsUUID() customerId!: string;
  @IsIn(TMF_EVENT_TYPES) eventType!: TmfEventType;
  @IsISO8601() at!: string;
  @IsObject() tickets!: Record<TmfVersion, TmfTicket>;
}

export const FaultTmfEvents = {
  ticketEvent: event('evt.fault.tmf-ticket.changed.v1', TmfTicketEventData),
};
