import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError, ReasonRequest, SuspendRequest, SuspensionRequestRequest, TicketView } from '@app/shared';
import { operatorLegsNotClear } from './legs.rules';
import { TicketActionRunner } from './ticket-action.runner';
import { Ticket, TicketRecord } from './ticket.entities';
import { assertCan } from './ticket.rules';
import { TicketStore } from './ticket-store';

/**
 * Suspension (挂起): when the operator side is proven clear and the customer cannot cooperate with testing, a unit
 * asks; the dispatcher confirms with the customer and suspends. The suspended time is exempt from the resolution
 * clock only if the ticket finally closes with a customer-side cause (decided at closing).
 */
@Injectable()
export class SuspensionActions {
  constructor(
    private readonly runner: TicketActionRunner,
    private readonly store: TicketStore,
  ) {}

  /** Refuses unless every operator leg has returned "no fault" with its test report. */
  private async assertOperatorSideClear(m: EntityManager, ticket: Ticket): Promise<void> {
    const notClear = operatorLegsNotClear(await this.store.legs(m, ticket.id));
    if (notClear.length === 0) return;
    throw new AppError('OPERATOR_SIDE_NOT_CLEAR', `The operator side is not proven clear: ${notClear.map((l) => `${l.unit} (${l.segment})`).join(', ')} must first return no fault with a test report`, {
      action: 'suspend',
      legsNotClear: notClear.map((l) => ({ legId: l.id, unit: l.unit, segment: l.segment, result: l.result })),
    });
  }

  requestSuspension(req: SuspensionRequestRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now }) => {
      assertCan('request-suspension', ticket.status);
      const leg = await this.store.leg(m, ticket, req.legId);
      await this.assertOperatorSideClear(m, ticket);
      await this.store.record(m, ticket, 'suspension-request', by, now, { unit: leg.unit, reason: req.reason }, leg.id);
      await this.store.save(m, ticket, 'suspension-request', now);
    });
  }

  suspend(req: SuspendRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
      assertCan('suspend', ticket.status);
      const request = await m.findOne(TicketRecord, { where: { ticketId: ticket.id, type: 'suspension-request' }, order: { id: 'DESC' } });
      const lastResume = await m.findOne(TicketRecord, { where: { ticketId: ticket.id, type: 'resume' }, order: { id: 'DESC' } });
      if (!request || (lastResume && Number(lastResume.id) > Number(request.id))) {
        throw new AppError('SUSPENSION_NOT_REQUESTED', 'No handling unit has asked to suspend this ticket');
      }
      // Legs dispatched since the request must have proven their segments clear too.
      await this.assertOperatorSideClear(m, ticket);
      const reason = (request.detail as { reason: string }).reason;
      await clocks('suspend');
      ticket.status = 'suspended';
      await this.store.record(m, ticket, 'suspend', by, now, { reason, customerConfirmedBy: req.customerConfirmedBy, requestedBy: request.by });
      await this.store.save(m, ticket, 'suspend', now);
    });
  }

  resume(req: ReasonRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
      assertCan('resume', ticket.status);
      await clocks('resume');
      ticket.status = 'dispatched';
      await this.store.record(m, ticket, 'resume', by, now, { reason: req.reason });
      await this.store.save(m, ticket, 'resume', now);
    });
  }
}
