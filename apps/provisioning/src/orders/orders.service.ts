import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, Caller, Clock, CreateOrderRequest, ListOrdersQuery, nextBusinessNumber, OrderRecordView, OrderView, Page, ProvisioningSettings, ServiceSettings, UnitOfWork } from '@app/shared';
import { CircuitsService } from '../circuits/circuits.service';
import { Customer } from '../customers/customer.entity';
import { PresaleService } from '../presale/presale.service';
import { leadingBureau, LeadingBureauInputError, OrderEnd as BureauEnd, OverseasCompany, GatewayOffice } from './leading-bureau';
import { OrderActions } from './order-actions';
import { OrderClocks } from './order-clocks';
import { orderView } from './order-view';
import { assertRequiredByAhead, clockChanges, needsExistingCircuit, requiredTest, warningPoolEntry } from './order.rules';
import { OrderEnd, OrderLeadingBureau, ServiceOrder } from './order.entities';
import { OrderStore } from './order.store';

/** An order's end as the leading-bureau rule reads it: a domestic place (perhaps a gateway office) or an overseas end. */
function bureauEnd(end: OrderEnd): BureauEnd {
  if (end.overseasCompany !== undefined) return { overseasCompany: end.overseasCompany as OverseasCompany, viaGateway: end.viaGateway as GatewayOffice };
  return { city: end.city, province: end.province, ...(end.gatewayOffice ? { gatewayOffice: true } : {}) };
}

/** The leading bureau by the ranking rule; a place the rule does not know is a 422 naming the field and the place. */
export function leadingBureauOf(req: Pick<CreateOrderRequest, 'serviceType' | 'aEnd' | 'zEnd'>): OrderLeadingBureau {
  try {
    return leadingBureau({ serviceType: req.serviceType, aEnd: bureauEnd(req.aEnd), zEnd: bureauEnd(req.zEnd) });
  } catch (err) {
    if (err instanceof LeadingBureauInputError) {
      throw new AppError('PLACE_UNKNOWN', err.message, { fields: [{ field: err.field, reason: err.message }], value: err.value });
    }
    throw err;
  }
}

/** Placing orders (定单) and reading them. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly store: OrderStore,
    private readonly clocks: OrderClocks,
    private readonly actions: OrderActions,
    private readonly settings: ServiceSettings<ProvisioningSettings>,
    private readonly presale: PresaleService,
    private readonly circuits: CircuitsService,
  ) {}

  create(req: CreateOrderRequest, caller: Caller): Promise<OrderView> {
    return this.uow.run(async (m) => {
      if (!(await m.existsBy(Customer, { id: req.customerId }))) {
        throw new AppError('CUSTOMER_UNKNOWN', `No customer ${req.customerId}`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
      }
      if (req.resourceCheckId) await this.presale.assertBacking(m, req.resourceCheckId, req.customerId);
      if (needsExistingCircuit(req.type) && !(await this.circuits.inServiceOf(m, req.circuitCode, req.customerId))) {
        throw new AppError('CIRCUIT_UNKNOWN', `A ${req.type} order needs circuit ${req.circuitCode} of this customer in service`, {
          fields: [{ field: 'circuitCode', reason: `no circuit ${req.circuitCode} of this customer in service to ${req.type}` }],
        });
      }
      const bureau = leadingBureauOf(req);
      const now = this.clock.now();
      const limits = (await this.settings.get(m)).values;
      const dueAt = this.clocks.endOfWorkingDay(req.requiredBy);
      assertRequiredByAhead(req.requiredBy, dueAt, now);
      const endToEndRequested = req.endToEndRequested ?? false;
      const order = m.create(ServiceOrder, {
        id: randomUUID(),
        number: await nextBusinessNumber(m, 'order_number_seq', 'P', now),
        step: 'review',
        customerId: req.customerId,
        type: req.type,
        circuitCode: req.circuitCode,
        serviceType: req.serviceType,
        bandwidthMbps: req.bandwidthMbps,
        aEnd: req.aEnd,
        zEnd: req.zEnd,
        grade: req.grade,
        business: req.business,
        importance: req.importance,
        protection: req.protection,
        requiredBy: req.requiredBy,
        dueAt,
        urgent: req.urgent,
        progressReportsRequired: req.progressReportsRequired,
        crossDomain: req.crossDomain,
        toAnotherCarrier: req.toAnotherCarrier,
        aEndCircuit: req.aEndCircuit,
        endToEndRequested,
        requiredTest: requiredTest({ ...req, endToEndRequested }),
        customerManager: req.customerManager,
        businessManager: req.businessManager,
        networkSupportManager: req.networkSupportManager,
        projectManager: null,
        leadingBureau: bureau,
        inWarningPool: false,
        warningPoolEnteredAt: null,
        warnings: [],
        violations: [],
        segments: [],
        wholeRoute: null,
        wholeRouteCompletedAt: null,
        completionRecordedAt: null,
        handedOverAt: null,
        signature: null,
        signedBy: null,
        circuitId: null,
        returnReason: null,
        resourceCheckId: req.resourceCheckId ?? null,
        version: 0,
        reportEveryHours: req.urgent && req.reportEveryHours ? req.reportEveryHours : null,
        createdAt: now,
        lastStepAt: now,
      });
      const poolAt = warningPoolEntry(order, limits, this.clocks.workingDays());
      const poolAtOnce = poolAt !== null && poolAt.getTime() <= now.getTime();
      if (poolAtOnce) {
        order.inWarningPool = true;
        order.warningPoolEnteredAt = now;
      }
      await this.store.insert(m, order);
      const due = await this.clocks.apply(m, order, clockChanges('create', order, limits, { poolAtOnce }), now, 'order placed');
      await this.store.save(m, order, {
        type: 'create',
        by: caller.username,
        occurredAt: now,
        recordedAt: now,
        detail: { requiredBy: order.requiredBy, dueAt: due.due, requiredTest: order.requiredTest, leadingBureau: bureau, ...(poolAtOnce ? { warningPool: 'entered at once' } : {}) },
        notify: poolAtOnce ? [order.customerManager, order.businessManager, order.networkSupportManager] : [],
      });
      return this.actions.view(m, order);
    });
  }

  /** One order, with the messages sent about it (a customer's own user: only those to the customer). */
  async get(id: string, caller: Caller): Promise<OrderView> {
    const [view, notifications] = await Promise.all([this.actions.view(this.dataSource.manager, await this.store.get(id)), this.store.notifications(id)]);
    const shown = caller.customerId === undefined ? notifications : notifications.filter((n) => n.audience === 'customer');
    return shown.length > 0 ? { ...view, notifications: shown } : view;
  }

  timeline(id: string): Promise<OrderRecordView[]> {
    return this.store.timeline(id);
  }

  async list(q: ListOrdersQuery): Promise<Page<OrderView>> {
    const page = await this.store.list(q);
    const clocks = await this.clocks.ofOrders(this.dataSource.manager, page.items.map((o) => o.id));
    return { ...page, items: page.items.map((o) => orderView(o, clocks.get(o.id)!)) };
  }
}
