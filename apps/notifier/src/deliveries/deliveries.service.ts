import { Injectable } from '@nestjs/common';
import { AppError, Caller, Clock, DeliveryView, ListDeliveriesQuery, offsetPage, Page, UnitOfWork } from '@app/shared';
import { customerDeliveryView, deliveryView } from './delivery-view';
import { Delivery } from './delivery.entities';
import { DeliveryStore } from './delivery.store';

/** A customer's own user sees its customer's deliveries addressed to the customer's people, never the staff's. */
function visibleTo(d: Delivery, caller: Caller): boolean {
  return caller.customerId === undefined || (d.customerId === caller.customerId && d.audience === 'customer');
}

/** The view for the caller: a customer's own user gets the customer projection. */
function viewFor(caller: Caller): (d: Delivery) => DeliveryView {
  return caller.customerId === undefined ? deliveryView : customerDeliveryView;
}

export function requireAdmin(caller: Caller, what: string): void {
  if (!caller.roles.includes('admin')) throw new AppError('FORBIDDEN', `Only an administrator may ${what}`);
}

@Injectable()
export class DeliveriesService {
  constructor(
    private readonly store: DeliveryStore,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async list(q: ListDeliveriesQuery, caller: Caller): Promise<Page<DeliveryView>> {
    const scoped: ListDeliveriesQuery = caller.customerId === undefined ? q : { ...q, customerId: caller.customerId };
    const audience = caller.customerId === undefined ? undefined : 'customer';
    return offsetPage(scoped, await this.store.list(scoped, audience), viewFor(caller), () => this.store.count(scoped, audience));
  }

  async get(id: string, caller: Caller): Promise<DeliveryView> {
    const d = await this.store.get(id);
    if (!d || !visibleTo(d, caller)) throw new AppError('DELIVERY_NOT_FOUND', `No delivery ${id}`);
    return viewFor(caller)(d);
  }

  /** A dead letter sent again (an admin fixed the address or the gateway): pending now, with a fresh count of attempts. */
  async retry(id: string, caller: Caller): Promise<DeliveryView> {
    requireAdmin(caller, 'send a dead letter again');
    return this.uow.run(async (m) => {
      const d = await this.store.getForUpdate(m, id);
      if (!d) throw new AppError('DELIVERY_NOT_FOUND', `No delivery ${id}`);
      if (d.status !== 'dead') throw new AppError('DELIVERY_NOT_DEAD', `Delivery ${id} is ${d.status}: only a dead letter is sent again`, { status: d.status });
      const now = this.clock.now();
      const patch = { status: 'pending' as const, attempts: 0, nextAttemptAt: now, heldReason: null };
      await this.store.update(m, id, patch, now);
      return deliveryView({ ...d, ...patch, updatedAt: now });
    });
  }
}
