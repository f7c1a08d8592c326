import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppError, Caller, Clock, EventEnvelope, HubIdRequest, HubSubscribeRequest, HubSubscriptionView, SERVICE_RUNTIME, ServiceRuntime, TmfTicketEventData } from '@app/shared';
import { HubDelivery, HubSubscription } from './hub.entities';
import { allowedHosts, checkCallback, hubPayload, parseQuery } from './hub.rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Subscriptions of TMF621's hub, and the deliveries an event makes for them. */
@Injectable()
export class HubService {
  private readonly allowed: string[];

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(SERVICE_RUNTIME) runtime: ServiceRuntime,
  ) {
    this.allowed = allowedHosts(runtime.env.TMF_HUB_CALLBACK_HOSTS);
  }

  /** A customer's system subscribes to its customer's tickets only. */
  async subscribe(req: HubSubscribeRequest, caller: Caller): Promise<HubSubscriptionView> {
    const callback = checkCallback(req.callback, this.allowed);
    const eventTypes = parseQuery(req.query);
    const row: HubSubscription = {
      id: randomUUID(),
      version: req.version,
      callback,
      query: req.query ?? null,
      eventTypes,
      customerId: caller.customerId ?? null,
      createdBy: caller.username,
      createdAt: this.clock.now(),
    };
    await this.db.manager.insert(HubSubscription, row);
    return { id: row.id, callback, ...(row.query ? { query: row.query } : {}) };
  }

  /** Its pending deliveries go with it; another customer's subscription is as unknown as one that does not exist. */
  async unsubscribe(req: HubIdRequest, caller: Caller): Promise<{ id: string }> {
    const where = { id: req.id, version: req.version, ...(caller.customerId ? { customerId: caller.customerId } : {}) };
    const result = UUID.test(req.id) ? await this.db.manager.delete(HubSubscription, where) : { affected: 0 };
    if (!result.affected) throw new AppError('NOT_FOUND', `No hub subscription ${req.id}`);
    return { id: req.id };
  }

  /** In the transaction that consumes the event: one delivery per matching subscription, at most once per event. */
  async enqueue(m: EntityManager, d: TmfTicketEventData, e: EventEnvelope<TmfTicketEventData>): Promise<void> {
    const subscriptions = await m.find(HubSubscription, { where: [{ customerId: IsNull() }, { customerId: d.customerId }] });
    const now = this.clock.now();
    const rows: HubDelivery[] = subscriptions
      .filter((s) => !s.eventTypes || s.eventTypes.includes(d.eventType))
      .map((s) => ({
        id: randomUUID(),
        subscriptionId: s.id,
        eventId: e.id,
        eventType: d.eventType,
        payload: hubPayload(e.id, d.eventType, d.at, d.tickets[s.version]),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        createdAt: now,
        sentAt: null,
      }));
    if (rows.length > 0) await m.createQueryBuilder().insert().into(HubDelivery).values(rows as QueryDeepPartialEntity<HubDelivery>[]).orIgnore().execute();
  }
}
