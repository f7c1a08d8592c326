import { Injectable, OnModuleInit } from '@nestjs/common';
import { clockEvents, EventConsumer, MIN } from '@app/shared';
import { EscalationService } from './escalation.service';
import { TicketActionRunner } from './ticket-action.runner';
import { TICKET_CLOCKS } from './ticket-clocks.rules';
import { Ticket } from './ticket.entities';
import { isOpen } from './ticket.rules';

/**
 * The fault service's own clock breaches, as durable events: joint handling after 1 h (important customers) or
 * 3 h, staff not on site within 2 h, a resolution limit passed — each escalates; a missed hourly broadcast re-arms
 * the next one.
 */
@Injectable()
export class EscalationEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly escalations: EscalationService,
    private readonly runner: TicketActionRunner,
  ) {}

  onModuleInit(): void {
    this.consumer.on(clockEvents('fault').breached, async (d, _e, m) => {
      if (d.subjectType !== 'ticket') return;
      const ticket = await m.findOne(Ticket, { where: { id: d.subjectId }, lock: { mode: 'pessimistic_write' } });
      if (!ticket || !isOpen(ticket.status) || ticket.status === 'restored') return;
      switch (d.kind) {
        case TICKET_CLOCKS.jointHandling:
          await this.escalations.escalate(m, ticket, {
            level: 'joint-handling',
            trigger: 'auto:joint-handling',
            reason: `Not resolved within ${Math.round(d.limitMs / MIN)} min: emergency joint handling by all specialties`,
            by: 'system',
            ...(d.dueAt ? { dueAt: new Date(d.dueAt) } : {}),
          });
          break;
        case TICKET_CLOCKS.onSite:
          await this.escalations.escalate(m, ticket, { level: 'department', trigger: 'auto:on-site-overdue', reason: `No staff on site within ${Math.round(d.limitMs / MIN)} min of the fault`, by: 'system' });
          break;
        case TICKET_CLOCKS.resolution:
          await this.escalations.escalate(m, ticket, { level: 'supervisor', trigger: 'auto:resolution-overdue', reason: 'Past its resolution time limit', by: 'system' });
          break;
        case TICKET_CLOCKS.broadcast:
          if (ticket.jointHandling && d.dueAt) await (await this.runner.context(m, ticket, 'system')).clocks('broadcast-missed', {}, { previousDue: new Date(d.dueAt) });
          break;
      }
    });
  }
}
