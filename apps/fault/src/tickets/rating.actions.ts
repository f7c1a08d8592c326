import { Injectable } from '@nestjs/common';
import { AppError, Caller, Clock, RateTicketRequest, TicketView, UnitOfWork } from '@app/shared';
import { asSeenBy } from './customer-view';
import { assertMayRate } from './rating.rules';
import { TicketStore } from './ticket-store';

/** A customer rates its closed ticket (满意度评价): who rated is the authenticated caller. */
@Injectable()
export class RatingActions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly store: TicketStore,
  ) {}

  rate(req: RateTicketRequest, caller: Caller): Promise<TicketView> {
    return this.uow.run(async (m) => {
      // Locked: a reopen cannot slip between the check that it is closed and the rating.
      const ticket = await this.store.lock(m, req.id);
      assertMayRate(caller, ticket, await this.store.isRated(m, ticket.id));
      // The version is checked once the caller may see the ticket: another customer's user learns nothing from a 412.
      if (req.expectedVersion !== undefined && req.expectedVersion !== ticket.version) {
        throw new AppError('STALE_VERSION', `Ticket ${ticket.number} changed since version ${req.expectedVersion} (now ${ticket.version}): reload it`, { currentVersion: ticket.version });
      }
      await this.store.rate(m, ticket, { score: req.score, comment: req.comment, by: caller, at: this.clock.now() });
      return asSeenBy(caller, await this.store.view(m, ticket));
    });
  }
}
