import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError, Caller, Clock, OrderView, ProvisioningSettings, ServiceSettings, statedTime, UnitOfWork } from '@app/shared';
import { OrderClocks } from './order-clocks';
import { orderView } from './order-view';
import { isOpenStep, nextStep, OrderAction, OrderLimits } from './order.rules';
import { ServiceOrder } from './order.entities';
import { OrderStore } from './order.store';

export interface ActionContext {
  m: EntityManager;
  order: ServiceOrder;
  /** When it happened in the world (the stated occurredAt, or now). */
  at: Date;
  /** When it is recorded. */
  now: Date;
  by: string;
  limits: OrderLimits;
}

export interface ActionOutcome {
  detail?: object;
  notify?: string[];
}

type Target = { id: string; expectedVersion?: number; occurredAt?: string };

/** The frame of every action on an order: lock, version check, step, stated time, the change saved with its record. */
@Injectable()
export class OrderActions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: OrderStore,
    private readonly clock: Clock,
    private readonly clocks: OrderClocks,
    private readonly settings: ServiceSettings<ProvisioningSettings>,
  ) {}

  /** A step of the seven: it moves the order on, at the time it happened. */
  step(req: Target, action: OrderAction, caller: Caller, work: (ctx: ActionContext) => Promise<ActionOutcome | void>): Promise<OrderView> {
    return this.run(req, action, caller, (order) => {
      order.step = nextStep(action, order.step);
      return 'step';
    }, work);
  }

  /** An action beside the steps (a warning, an extension, the leading bureau set by hand), on an open order. */
  aside(req: Target, action: string, caller: Caller, work: (ctx: ActionContext) => Promise<ActionOutcome | void>): Promise<OrderView> {
    return this.run(req, action, caller, (order) => {
      if (!isOpenStep(order.step)) throw new AppError('STEP_OUT_OF_ORDER', `The order is ${order.step}`, { action, step: order.step });
      return 'aside';
    }, work);
  }

  async view(m: EntityManager, order: ServiceOrder): Promise<OrderView> {
    return orderView(order, (await this.clocks.ofOrders(m, [order.id])).get(order.id)!);
  }

  private run(req: Target, action: string, caller: Caller, check: (o: ServiceOrder) => 'step' | 'aside', work: (ctx: ActionContext) => Promise<ActionOutcome | void>): Promise<OrderView> {
    return this.uow.run(async (m) => {
      const order = await this.store.lock(m, req);
      const now = this.clock.now();
      const limits = (await this.settings.get(m)).values;
      const at = statedTime('occurredAt', req.occurredAt, { now, maxBackdateMinutes: limits.maxBackdateMinutes, notBefore: { at: order.lastStepAt, what: 'the previous step of the order' } });
      if (check(order) === 'step') order.lastStepAt = at;
      const outcome = (await work({ m, order, at, now, by: caller.username, limits })) ?? {};
      await this.store.save(m, order, { type: action, by: caller.username, occurredAt: at, recordedAt: now, detail: outcome.detail ?? {}, notify: outcome.notify });
      return this.view(m, order);
    });
  }
}
