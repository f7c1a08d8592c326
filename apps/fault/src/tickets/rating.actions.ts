import { Injectable } from '@nestjs/common';
import { Caller, Clock, RateTicketRequest, TicketView, UnitOfWork } from '@app/shared';
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
      await this.store.rate(m, ticket, { score: req.score, comment: req.comment, by: caller, at: this.clock.now() });
      return asSeenBy(caller, await this.store.view(m, ticket));
    });
  }
}
