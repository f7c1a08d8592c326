import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, DeliveryRecordedData, insertLater, ListOrdersQuery, lockVersioned, noteSubjectDelivery, OrderEvents, OrderRecordView, OutboxWriter, Page, paginate, subjectNotificationView, SubjectNotificationView, updateLoaded } from '@app/shared';
import { OrderNotification, OrderRecord, ServiceOrder } from './order.entities';

/** One entry of an order's timeline: what happened, when in the world, when recorded, by whom. */
export interface OrderEntry {
  type: string;
  by: string;
  occurredAt: Date;
  recordedAt: Date;
  detail: object;
  /** Who must be told (the managers of a warning, the customer manager of a property problem...). */
  notify?: string[];
}

/** The only code that reads and writes orders in the database. */
@Injectable()
export class OrderStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Locks the order for the transaction, checking the version the caller acted on (If-Match). */
  lock(m: EntityManager, req: { id: string; expectedVersion?: number }): Promise<ServiceOrder> {
    return lockVersioned(m, ServiceOrder, req, { notFound: () => new AppError('ORDER_NOT_FOUND', `No order ${req.id}`), label: (o) => `Order ${o.number}` });
  }

  /** The order locked, or null (for event consumers, which ignore what is gone). */
  lockIfAny(m: EntityManager, id: string): Promise<ServiceOrder | null> {
    return m.findOne(ServiceOrder, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async get(id: string): Promise<ServiceOrder> {
    const order = await this.dataSource.manager.findOneBy(ServiceOrder, { id });
    if (!order) throw new AppError('ORDER_NOT_FOUND', `No order ${id}`);
    return order;
  }

  async insert(m: EntityManager, order: ServiceOrder): Promise<void> {
    await insertLater(m, ServiceOrder, order);
  }

  /** Saves a change with its timeline entry and tells the other services, in the caller's transaction. */
  async save(m: EntityManager, order: ServiceOrder, entry: OrderEntry): Promise<void> {
    const notify = entry.notify ?? [];
    order.version += 1;
    await updateLoaded(m, ServiceOrder, order);
    await insertLater(m, OrderRecord, {
      orderId: order.id,
      at: entry.recordedAt,
      occurredAt: entry.occurredAt,
      type: entry.type,
      by: entry.by,
      detail: { ...entry.detail, ...(notify.length ? { notify } : {}) },
    });
    await this.outbox.record(m, OrderEvents.changed, order.id, {
      orderId: order.id,
      number: order.number,
      customerId: order.customerId,
      step: order.step,
      action: entry.type,
      at: entry.occurredAt.toISOString(),
      notify,
      version: order.version,
      serviceType: order.serviceType,
      requiredBy: order.requiredBy,
      dueAt: order.dueAt.toISOString(),
      urgent: order.urgent,
      ...(order.wholeRouteCompletedAt ? { wholeRouteCompletedAt: order.wholeRouteCompletedAt.toISOString() } : {}),
      ...(order.warningPoolEnteredAt ? { warningPoolEnteredAt: order.warningPoolEnteredAt.toISOString() } : {}),
      warnings: order.warnings.map((w) => ({ at: w.at, timely: w.timely })),
      violations: order.violations.map((v) => ({ kind: v.kind, at: v.at })),
      customerManager: order.customerManager,
      businessManager: order.businessManager,
      networkSupportManager: order.networkSupportManager,
      ...(order.projectManager ? { projectManager: order.projectManager } : {}),
    });
  }

  /** Every action on the order, and every message sent about it (type `notified`), in recording order. */
  async timeline(id: string): Promise<OrderRecordView[]> {
    await this.get(id);
    const records = await this.dataSource.manager.find(OrderRecord, { where: { orderId: id }, order: { id: 'ASC' } });
    const entries: OrderRecordView[] = records.map((r) => ({ at: r.at.toISOString(), occurredAt: r.occurredAt.toISOString(), type: r.type, by: r.by, detail: r.detail }));
    // Each message after the last action recorded before it; the actions keep their own order.
    for (const { at, ...detail } of await this.notifications(id)) {
      const after = entries.findLastIndex((e) => e.at <= at);
      entries.splice(after + 1, 0, { at, occurredAt: at, type: 'notified', by: 'notifier', detail });
    }
    return entries;
  }

  /** The messages the notifier sent about the order (or gave up on), in time order. */
  async notifications(orderId: string): Promise<SubjectNotificationView[]> {
    const rows = await this.dataSource.manager.find(OrderNotification, { where: { orderId }, order: { at: 'ASC', deliveryId: 'ASC' } });
    return rows.map(subjectNotificationView);
  }

  /**
   * Keeps a delivery's outcome for the order's timeline: one row per delivery, its latest outcome (a dead letter an
   * admin retried may be sent later). The order itself is not changed: no new version, no order event.
   */
  async noteDelivery(m: EntityManager, d: DeliveryRecordedData & { subjectId: string }): Promise<void> {
    await noteSubjectDelivery(m, { table: 'order_notification', subjectColumn: 'order_id', subjectTable: 'service_order' }, d);
  }

  list(q: ListOrdersQuery): Promise<Page<ServiceOrder>> {
    const qb = this.dataSource.manager.getRepository(ServiceOrder).createQueryBuilder('o');
    if (q.step) qb.andWhere('o.step = :step', { step: q.step });
    if (q.customerId) qb.andWhere('o.customer_id = :customerId', { customerId: q.customerId });
    if (q.manager) qb.andWhere(':mgr IN (o.customer_manager, o.business_manager, o.network_support_manager, o.project_manager)', { mgr: q.manager });
    if (q.dueBefore) qb.andWhere('o.required_by <= :dueBefore', { dueBefore: q.dueBefore });
    if (q.inWarningPool !== undefined) qb.andWhere('o.in_warning_pool = :pool', { pool: q.inWarningPool });
    if (q.violated !== undefined) qb.andWhere(q.violated ? 'jsonb_array_length(o.violations) > 0' : 'jsonb_array_length(o.violations) = 0');
    return paginate(qb, q, 'createdAt', (o) => o, ['number', 'requiredBy', 'dueAt', 'step']);
  }
}
