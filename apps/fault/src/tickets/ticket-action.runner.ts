import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, FaultSettings, lockVersioned, ServiceSettings, TicketView, UnitOfWork } from '@app/shared';
import { ClockAction, clockPlan } from './ticket-clocks.rules';
import { ClockPlanResult, ClockTarget, ClockTimes, TicketClocks } from './ticket-clocks';
import { Ticket } from './ticket.entities';
import { ticketNotFound, TicketStore } from './ticket-store';

/** One action on one locked ticket: who acts, when it is recorded, and the limits in force. */
export interface ActionContext {
  m: EntityManager;
  ticket: Ticket;
  /** The recording time. */
  now: Date;
  /** Who acts: the authenticated caller. */
  by: string;
  limits: FaultSettings;
  /** Runs the action's row of the clock table. */
  clocks(action: ClockAction, target?: Omit<ClockTarget, 'ticket' | 'legIds'>, times?: ClockTimes, extra?: { customerSideCause?: boolean }): Promise<ClockPlanResult>;
}

/** Runs a ticket action in one transaction with the ticket row locked and its version checked. */
@Injectable()
export class TicketActionRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly store: TicketStore,
    private readonly ticketClocks: TicketClocks,
    private readonly settings: ServiceSettings<FaultSettings>,
  ) {}

  act(req: { id: string; expectedVersion?: number }, by: string, work: (ctx: ActionContext) => Promise<void>): Promise<TicketView> {
    return this.uow.run(async (m) => {
      const ticket = await lockVersioned(m, Ticket, req, { notFound: () => ticketNotFound(req.id), label: (t) => `Ticket ${t.number}` });
      await work(await this.context(m, ticket, by));
      return this.store.view(m, ticket);
    });
  }

  /**
   * The context of an action on a ticket already locked (a network incident acting on its tickets). `known` is what
   * the caller already read in this transaction (intake: the limits, and no legs yet), so it is not read again.
   */
  async context(m: EntityManager, ticket: Ticket, by: string, known: { limits?: FaultSettings; legIds?: string[] } = {}): Promise<ActionContext> {
    const limits = known.limits ?? (await this.settings.get(m)).values;
    return {
      m,
      ticket,
      now: this.clock.now(),
      by,
      limits,
      clocks: async (action, target = {}, times = {}, extra = {}) => {
        const plan = clockPlan(action, {
          limits,
          tier: ticket.customerTier,
          serviceType: ticket.serviceType,
          resolutionLimitMinutes: ticket.resolutionLimitMinutes,
          jointHandling: ticket.jointHandling,
          suspended: ticket.status === 'suspended',
          ...extra,
        });
        return this.ticketClocks.run(m, plan, { ticket, legIds: known.legIds ?? (await this.store.legIds(m, ticket.id)), ...target }, action, times);
      },
    };
  }
}
