import { Injectable } from '@nestjs/common';
import { AppError, CloseBody, CloseRequest, isCustomerSide, isUniqueViolation, OccurredRequest, ReasonRequest, statedTime, TicketView } from '@app/shared';

import { EscalationService } from './escalation.service';
import { ActionContext, TicketActionRunner } from './ticket-action.runner';
import { assertCan } from './ticket.rules';
import { TicketStore } from './ticket-store';

/** Set when a network incident restores or closes its tickets: its number is kept on each ticket's record. */
export interface ByIncident {
  incident?: string;
}

function extra(by: ByIncident): Record<string, unknown> {
  return by.incident ? { incident: by.incident } : {};
}

/** The end of a fault: restore (先业务恢复), repair (后故障修复), close with the true cause, cancel, reopen. */
@Injectable()
export class ClosingActions {
  constructor(
    private readonly runner: TicketActionRunner,
    private readonly store: TicketStore,
    private readonly escalations: EscalationService,
  ) {}

  /** When it happened as the acceptor states it: not in the future, not before the report, not too far back. */
  private occurred(ctx: ActionContext, stated: string | undefined): Date {
    return statedTime('occurredAt', stated, { now: ctx.now, maxBackdateMinutes: ctx.limits.maxBackdateMinutes, notBefore: { at: ctx.ticket.reportedAt, what: `the report of ticket ${ctx.ticket.number} (reportedAt)` } });
  }

  /** Service is back: the resolution clock stops at the stated restore time; whether its pauses are exempt waits for the cause. */
  restore(req: OccurredRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, (ctx) => this.restoreIn(ctx, req.occurredAt, {}));
  }

  /** Restores one locked ticket; also used when a network incident is restored. */
  async restoreIn(ctx: ActionContext, occurredAt: string | undefined, by: ByIncident): Promise<void> {
    const { m, ticket, now, clocks } = ctx;
    assertCan('restore', ticket.status);
    const restoredAt = this.occurred(ctx, occurredAt);
    try {
      await clocks('restore', {}, { occurredAt: restoredAt });
    } catch (err) {
      // The resolution clock was paused or resumed after the stated time: the restore cannot have been before that.
      if (err instanceof AppError && err.code === 'CLOCK_STOP_TIME_INVALID') {
        const earliest = String(err.details?.earliest ?? '');
        throw new AppError('STATED_TIME_OUT_OF_RANGE', `occurredAt is before the resolution clock last started or resumed (${earliest})`, {
          fields: [{ field: 'occurredAt', reason: `is before ${earliest}, when ticket ${ticket.number} was last suspended or resumed` }],
        });
      }
      throw err;
    }
    ticket.restoredAt = restoredAt;
    ticket.status = 'restored';
    await this.store.record(m, ticket, 'restore', ctx.by, now, { restoredAt: restoredAt.toISOString(), ...extra(by) });
    await this.store.save(m, ticket, 'restore', now);
  }

  /** The root fault is fixed, recorded apart from restoration. */
  repair(req: OccurredRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async (ctx) => {
      const { m, ticket, now } = ctx;
      assertCan('repair', ticket.status);
      ticket.repairedAt = this.occurred(ctx, req.occurredAt);
      await this.store.record(m, ticket, 'repair', by, now, { repairedAt: ticket.repairedAt.toISOString() });
      await this.store.save(m, ticket, 'repair', now);
    });
  }

  /**
   * Closing (结单) with the true cause. The suspended time is exempt only for a customer-side cause. A customer-side
   * fault the customer cannot fix at once may be closed unrestored once the customer has been told.
   */
  close(req: CloseRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, (ctx) => this.closeIn(ctx, req, {}));
  }

  /** Closes one locked ticket; also used when a network incident is closed with its cause. */
  async closeIn(ctx: ActionContext, req: CloseBody, by: ByIncident): Promise<void> {
    const { m, ticket, now, clocks } = ctx;
    const customerSide = isCustomerSide(req.causeCategory);
    if (req.customerCannotFixNow) {
      assertCan('close-customer-cannot-fix', ticket.status);
      if (!customerSide) {
        throw new AppError('INVALID_TRANSITION', 'Only a fault with a customer-side cause may be closed before service is restored', {
          action: 'close',
          causeCategory: req.causeCategory,
        });
      }
      ticket.closedWithoutRestoration = true;
      await clocks('close-customer-cannot-fix');
    } else {
      assertCan('close', ticket.status);
      const { decided } = await clocks('close', {}, {}, { customerSideCause: customerSide });
      // Major fault class 4: an operator-caused fault past its time limit is escalated.
      if (!customerSide && decided.some((c) => c.verdict && !c.verdict.met)) {
        await this.escalations.escalate(m, ticket, {
          level: 'supervisor',
          trigger: 'auto:operator-caused-overdue',
          reason: `Operator-caused fault (${req.causeCategory}) past its resolution limit`,
          by: 'system',
        });
      }
    }
    ticket.status = 'closed';
    ticket.closedAt = now;
    ticket.causeCategory = req.causeCategory;
    ticket.causeSegment = req.causeSegment;
    ticket.causeDescription = req.causeDescription;
    const differs = req.customerFacingCause !== undefined && req.customerFacingCause !== req.causeDescription;
    ticket.customerFacingCause = differs ? req.customerFacingCause! : null;
    await this.store.record(m, ticket, 'close', ctx.by, now, {
      causeCategory: req.causeCategory,
      causeSegment: req.causeSegment,
      causeDescription: req.causeDescription,
      customerSide,
      customerConfirmedBy: req.customerConfirmedBy,
      ...(differs ? { customerFacingCause: req.customerFacingCause, note: '结单原因与答复客户原因不一致' } : {}),
      ...(req.customerCannotFixNow ? { closedWithoutRestoration: true, customerInformed: req.customerConfirmedBy } : {}),
      ...extra(by),
    });
    await this.store.save(m, ticket, 'close', now, { crisisA: ticket.crisisA, majorClasses: await this.store.majorClasses(m, ticket.id) });
  }

  cancel(req: ReasonRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
      assertCan('cancel', ticket.status);
      await clocks('cancel');
      ticket.status = 'cancelled';
      ticket.closedAt = now;
      await this.store.record(m, ticket, 'cancel', by, now, { reason: req.reason });
      await this.store.save(m, ticket, 'cancel', now);
    });
  }

  /** The customer says it is not fixed: the ticket reopens with fresh clocks and needs dispatching again. */
  async reopen(req: ReasonRequest, by: string): Promise<TicketView> {
    try {
      return await this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
        assertCan('reopen', ticket.status);
        ticket.status = 'open';
        ticket.reopenCount += 1;
        ticket.restoredAt = null;
        ticket.repairedAt = null;
        ticket.closedAt = null;
        ticket.causeCategory = null;
        ticket.causeSegment = null;
        ticket.causeDescription = null;
        ticket.customerFacingCause = null;
        ticket.closedWithoutRestoration = false;
        ticket.jointHandling = false;
        await this.store.record(m, ticket, 'reopen', by, now, { reason: req.reason, reopenCount: ticket.reopenCount });
        await this.store.save(m, ticket, 'reopen', now);
        await clocks('reopen');
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('INVALID_TRANSITION', 'Another ticket is open on this circuit: add to it instead of reopening', { action: 'reopen' });
      }
      throw err;
    }
  }
}
