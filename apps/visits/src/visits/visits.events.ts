import { Injectable, OnModuleInit } from '@nestjs/common';
import { clockEvents, ComplaintEvents, EventConsumer, FaultEvents } from '@app/shared';
import { crisisOfComplaint, crisisOfTicket, VISIT_CLOCKS } from './visit.rules';
import { VisitsService } from './visits.service';

/** Crisis intervention from fault's events, and the breaches of this feature's own clocks (follow-ups, crisis visits). */
@Injectable()
export class VisitsEventHandlers implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly visits: VisitsService,
  ) {}

  onModuleInit(): void {
    this.consumer.on(FaultEvents.ticketChanged, async (d, _e, m) => {
      const origin = crisisOfTicket(d);
      if (origin) await this.visits.planCrisis(m, origin);
    });
    this.consumer.on(ComplaintEvents.changed, async (d, _e, m) => {
      const origin = crisisOfComplaint(d);
      if (origin) await this.visits.planCrisis(m, origin);
    });
    this.consumer.on(clockEvents('visits').breached, async (d, _e, m) => {
      const at = new Date(d.breachedAt);
      const { followUp, crisisVisit } = VISIT_CLOCKS;
      if (d.subjectType === followUp.subjectType && d.kind === followUp.kind) await this.visits.followUpBreached(m, d.subjectId, at);
      if (d.subjectType === crisisVisit.subjectType && d.kind === crisisVisit.kind) await this.visits.crisisVisitBreached(m, d.subjectId, at);
    });
  }
}
