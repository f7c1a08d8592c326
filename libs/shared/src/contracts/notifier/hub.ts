import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { rpc } from '../contract';
import { TMF_VERSIONS, TmfVersion } from '../fault/tmf';

/** TMF621's event hub, kept by the notifier (the platform's outbound delivery service). */
export class HubSubscribeRequest {
  @IsIn(TMF_VERSIONS) version!: TmfVersion;
  /** Where the events are POSTed; its host must be allowed by TMF_HUB_CALLBACK_HOSTS. */
  @IsString() @Length(1, 2000) callback!: string;
  /** TMF630 notification filter: `eventType=TroubleTicketCreateEvent,TroubleTicketResolvedEvent`; absent: every event. */
  @IsOptional() @IsString() @MaxLength(1000) query?: string;
}

export class HubIdRequest {
  @IsIn(TMF_VERSIONS) version!: TmfVersion;
  @IsString() @Length(1, 100) id!: string;
}

export interface HubSubscriptionView {
  id: string;
  callback: string;
  query?: string;
}

export const NotifierHubRpc = {
  subscribe: rpc<HubSubscribeRequest, HubSubscriptionView>('rpc.notifier.hub.subscribe', HubSubscribeRequest),
  unsubscribe: rpc<HubIdRequest, { id: string }>('rpc.notifier.hub.unsubscribe', HubIdRequest),
};
