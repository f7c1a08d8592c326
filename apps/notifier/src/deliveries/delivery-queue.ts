import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Audience, Clock, NotificationChannel, NotificationSubject, NotifierEvents, OutboxWriter } from '@app/shared';
import { deliveryRecorded } from './delivery-view';
import { Delivery } from './delivery.entities';

/** What the rules decided: one message for one recipient on one channel, made from one event. */
export interface DeliveryIntent {
  eventId: string;
  eventType: string;
  rule: string;
  subjectType: NotificationSubject;
  subjectId?: string;
  subjectNumber?: string;
  customerId?: string;
  audience: Audience;
  channel: NotificationChannel;
  /** `user:<id>`, `phone:<number>` or `email:<address>`: with the event and channel, what makes it once only. */
  recipientKey: string;
  recipientName: string;
  recipientUserId?: string;
  /** Phone number, e-mail address, or user id for the inbox. */
  address: string;
  title: string;
  body: string;
  link?: string;
  urgent: boolean;
  /**
   * Why it cannot be sent at all (the recipient the rule names has no phone, no e-mail or no user): the delivery is
   * made dead at once with this as its error, so that the gap shows among the dead letters instead of vanishing.
   */
  problem?: string;
}

/**
 * The queue of deliveries: the rules enqueue in the unit of work that consumes the event, so an event delivered
 * again (or a consumer that crashed after its commit) makes nothing twice. The dispatcher sends what is queued.
 */
@Injectable()
export class DeliveryQueue {
  constructor(
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Inserts the deliveries not yet made for their (event, recipient, channel); answers the ones it made. One made dead
   * (it cannot be sent at all) is recorded at once, like every delivery that reaches its final state.
   */
  async enqueue(m: EntityManager, intents: DeliveryIntent[]): Promise<Delivery[]> {
    if (intents.length === 0) return [];
    const now = this.clock.now();
    const rows: Delivery[] = intents.map((i) => ({
      id: randomUUID(),
      eventId: i.eventId,
      eventType: i.eventType,
      rule: i.rule,
      subjectType: i.subjectType,
      subjectId: i.subjectId ?? null,
      subjectNumber: i.subjectNumber ?? null,
      customerId: i.customerId ?? null,
      audience: i.audience,
      channel: i.channel,
      recipientKey: i.recipientKey,
      recipientName: i.recipientName,
      recipientUserId: i.recipientUserId ?? null,
      address: i.address,
      title: i.title,
      body: i.body,
      link: i.link ?? null,
      urgent: i.urgent,
      status: i.problem ? 'dead' : 'pending',
      attempts: 0,
      nextAttemptAt: i.problem ? null : now,
      heldReason: null,
      leaseUntil: null,
      lastError: i.problem ?? null,
      provider: null,
      providerId: null,
      sentAt: null,
      createdAt: now,
      updatedAt: now,
    }));
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(Delivery)
      .values(rows)
      .orIgnore()
      .returning(['id'])
      .execute();
    const made = new Set((result.raw as { id: string }[]).map((r) => r.id));
    const inserted = rows.filter((r) => made.has(r.id));
    await this.outbox.recordMany(
      m,
      inserted
        .filter((d) => d.status === 'dead')
        .map((d) => ({ contract: NotifierEvents.deliveryRecorded, subjectId: d.subjectId ?? d.id, data: deliveryRecorded({ ...d, status: 'dead' }, now) })),
    );
    return inserted;
  }
}
