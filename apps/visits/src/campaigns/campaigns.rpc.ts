import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Caller, CampaignIdRequest, CampaignReasonRequest, CampaignRpc, CreateCampaignRequest, ListCampaignsQuery, RpcCaller } from '@app/shared';
import { CampaignsService } from './campaigns.service';

/** Campaigns are internal work: a customer's users see the visits and inspections they bring, not the campaign. */
@Controller()
export class CampaignsRpc {
  constructor(private readonly campaigns: CampaignsService) {}

  @MessagePattern(CampaignRpc.create.subject)
  create(@Payload() req: CreateCampaignRequest, @RpcCaller() caller: Caller) {
    return this.campaigns.create(req, caller);
  }

  @MessagePattern(CampaignRpc.get.subject)
  get(@Payload() req: CampaignIdRequest) {
    return this.campaigns.get(req.id);
  }

  @MessagePattern(CampaignRpc.list.subject)
  list(@Payload() q: ListCampaignsQuery) {
    return this.campaigns.list(q);
  }

  @MessagePattern(CampaignRpc.cancel.subject)
  cancel(@Payload() req: CampaignReasonRequest, @RpcCaller() caller: Caller) {
    return this.campaigns.cancel(req, caller);
  }
}
