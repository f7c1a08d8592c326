import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { escapeLike, ListDeliveriesQuery, pageBounds } from '@app/shared';
import { Delivery } from './delivery.entities';
import { HeldReason } from './sms-hold.rules';

export type DeliveryPatch = Partial<Pick<Delivery, 'status' | 'attempts' | 'nextAttemptAt' | 'heldReason' | 'leaseUntil' | 'lastError' | 'provider' | 'providerId' | 'sentAt'>>;

/** The only code that reads and writes the deliveries table. */
@Injectable()
export class DeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  private locked(m: EntityManager): SelectQueryBuilder<Delivery> {
    return m.getRepository(Delivery).createQueryBuilder('d').setLock('pessimistic_write').setOnLocked('skip_locked');
  }

  /** Pending deliveries whose time has come, oldest first, locked for this transaction (other replicas skip them). */
  due(m: EntityManager, now: Date, limit: number): Promise<Delivery[]> {
    return this.locked(m)
      .where(`d.status = 'pending' AND d.next_attempt_at <= :now`, { now })
      .orderBy('d.next_attempt_at', 'ASC')
      .addOrderBy('d.created_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Attempts whose lease ran out: their sender died (or hangs) mid-attempt. */
  leaseExpired(m: EntityManager, now: Date, limit: number): Promise<Delivery[]> {
    return this.locked(m).where(`d.status = 'sending' AND d.lease_until <= :now`, { now }).orderBy('d.lease_until', 'ASC').limit(limit).getMany();
  }

  /**
   * Serialises the rate limit per number across replicas for this transaction: the next one to lease an SMS to the
   * number waits, and then sees this one's leases. Taken in one order, so two transactions cannot deadlock.
   */
  async lockNumbers(m: EntityManager, numbers: string[]): Promise<void> {
    if (numbers.length === 0) return;
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('sms:' || n, 14)) FROM unnest($1::text[]) AS n ORDER BY n`, [[...numbers].sort()]);
  }

  /** When the SMS to these numbers went within the window, or (still being sent) now. */
  async smsSentSince(m: EntityManager, numbers: string[], since: Date, now: Date): Promise<Map<string, Date[]>> {
    const sent = new Map<string, Date[]>();
    if (numbers.length === 0) return sent;
    const rows = (await m.query(
      `SELECT address, coalesce(sent_at, $3) AS at FROM deliveries
        WHERE channel = 'sms' AND address = ANY($1) AND (status = 'sending' OR (status = 'sent' AND sent_at > $2))`,
      [numbers, since, now],
    )) as { address: string; at: Date }[];
    for (const r of rows) sent.set(r.address, [...(sent.get(r.address) ?? []), new Date(r.at)]);
    return sent;
  }

  async hold(m: EntityManager, id: string, reason: HeldReason, until: Date, now: Date): Promise<void> {
    await m.update(Delivery, { id }, { nextAttemptAt: until, heldReason: reason, updatedAt: now });
  }

  async lease(m: EntityManager, ids: string[], leaseUntil: Date, now: Date): Promise<void> {
    if (ids.length === 0) return;
    await m
      .createQueryBuilder()
      .update(Delivery)
      .set({ status: 'sending', leaseUntil, heldReason: null, updatedAt: now })
      .where('id IN (:...ids)', { ids })
      .execute();
  }

  /**
   * Records an attempt's outcome on the delivery it leased. False when the lease is no longer its own (it expired and
   * another replica took the delivery over): the outcome is then that replica's to record.
   */
  async settle(m: EntityManager, leased: Pick<Delivery, 'id' | 'leaseUntil'>, patch: DeliveryPatch, now: Date): Promise<boolean> {
    const result = await m.update(Delivery, { id: leased.id, status: 'sending', leaseUntil: leased.leaseUntil! }, { ...patch, updatedAt: now });
    return (result.affected ?? 0) > 0;
  }

  async update(m: EntityManager, id: string, patch: DeliveryPatch, now: Date): Promise<void> {
    await m.update(Delivery, { id }, { ...patch, updatedAt: now });
  }

  get(id: string, m: EntityManager = this.dataSource.manager): Promise<Delivery | null> {
    return m.findOneBy(Delivery, { id });
  }

  getForUpdate(m: EntityManager, id: string): Promise<Delivery | null> {
    return m.getRepository(Delivery).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id }).getOne();
  }

  /** One page, newest first; `audience` narrows it for a customer's user. */
  list(q: ListDeliveriesQuery, audience?: 'customer'): Promise<Delivery[]> {
    const { limit, offset } = pageBounds(q);
    return this.filtered(q, audience).orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit + 1).offset(offset).getMany();
  }

  count(q: ListDeliveriesQuery, audience?: 'customer'): Promise<number> {
    return this.filtered(q, audience).getCount();
  }

  private filtered(q: ListDeliveriesQuery, audience?: 'customer'): SelectQueryBuilder<Delivery> {
    const qb = this.dataSource.getRepository(Delivery).createQueryBuilder('d');
    if (audience) qb.andWhere('d.audience = :audience', { audience });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.channel) qb.andWhere('d.channel = :channel', { channel: q.channel });
    if (q.subjectType) qb.andWhere('d.subject_type = :subjectType', { subjectType: q.subjectType });
    if (q.subjectId) qb.andWhere('d.subject_id = :subjectId', { subjectId: q.subjectId });
    if (q.customerId) qb.andWhere('d.customer_id = :customerId', { customerId: q.customerId });
    if (q.eventType) qb.andWhere('d.event_type = :eventType', { eventType: q.eventType });
    if (q.rule) qb.andWhere('d.rule = :rule', { rule: q.rule });
    if (q.recipient) qb.andWhere('(d.recipient_name ILIKE :recipient OR d.address ILIKE :recipient)', { recipient: `%${escapeLike(q.recipient)}%` });
    return qb;
  }
}
