import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer, InspectionEvents, VisitEvents } from '@app/shared';
import { CampaignsService } from './campaigns.service';

/** A campaign follows the visits and inspections it generated through their own events: done or cancelled moves its progress. */
@Injectable()
export class CampaignsEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly campaigns: CampaignsService,
  ) {}

  onModuleInit(): void {
    this.consumer.on(VisitEvents.visitChanged, async (d, _e, m) => {
      if (!d.campaignId || (d.status !== 'done' && d.status !== 'cancelled')) return;
      await this.campaigns.workChanged(m, d.visitId, d.status, new Date(d.at));
    });
    this.consumer.on(InspectionEvents.changed, async (d, _e, m) => {
      if (!d.campaignId || d.status !== 'done') return;
      await this.campaigns.workChanged(m, d.inspectionId, 'done', new Date(d.at));
    });
  }
}
