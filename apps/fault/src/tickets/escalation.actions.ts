import { Injectable } from '@nestjs/common';
import { AppError, EscalateRequest, TicketActionRequest, TicketView } from '@app/shared';
import { checkEscalationStep } from './escalation.rules';
import { EscalationService } from './escalation.service';
import { TicketActionRunner } from './ticket-action.runner';
import { assertCan } from './ticket.rules';
import { TicketStore } from './ticket-store';

/** Escalation by hand, step by step with a reason (seed 000 case 5), and staff arriving on site. */
@Injectable()
export class EscalationActions {
  constructor(
    private readonly runner: TicketActionRunner,
    private readonly store: TicketStore,
    private readonly escalations: EscalationService,
  ) {}

  escalate(req: EscalateRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now }) => {
      assertCan('escalate', ticket.status);
      checkEscalationStep(ticket.escalationLevel, req.level, req.skipReason);
      const expectedRestorationAt = req.expectedRestorationAt ? new Date(req.expectedRestorationAt) : undefined;
      if (expectedRestorationAt && expectedRestorationAt.getTime() <= now.getTime()) {
        throw new AppError('STATED_TIME_OUT_OF_RANGE', 'expectedRestorationAt is not in the future', {
          fields: [{ field: 'expectedRestorationAt', reason: `must be after now (${now.toISOString()})` }],
        });
      }
      await this.escalations.escalate(m, ticket, {
        level: req.level,
        trigger: 'manual',
        reason: req.reason,
        by,
        ...(req.skipReason ? { skipReason: req.skipReason } : {}),
        ...(expectedRestorationAt ? { expectedRestorationAt } : {}),
        crisisA: req.crisisA,
        majorFault: req.majorFault,
      });
    });
  }

  onSite(req: TicketActionRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
      assertCan('on-site', ticket.status);
      await clocks('on-site');
      await this.store.record(m, ticket, 'on-site', by, now, {});
      await this.store.save(m, ticket, 'on-site', now);
    });
  }
}
