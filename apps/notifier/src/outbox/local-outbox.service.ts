import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Caller, ListOutboxQuery, offsetPage, OutboxMessageView, Page, pageBounds } from '@app/shared';
import { requireAdmin } from '../deliveries/deliveries.service';
import { LocalOutboxMessage } from './local-outbox-message.entity';

function view(m: LocalOutboxMessage): OutboxMessageView {
  return { id: m.id, deliveryId: m.deliveryId, channel: m.channel, to: m.to, ...(m.subject ? { subject: m.subject } : {}), body: m.body, createdAt: m.createdAt.toISOString() };
}

/** What the local outbox kept (development without SMS gateway or mail server), newest first; admins only. */
@Injectable()
export class LocalOutboxService {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: ListOutboxQuery, caller: Caller): Promise<Page<OutboxMessageView>> {
    requireAdmin(caller, 'read the local outbox');
    const { limit, offset } = pageBounds(q);
    const query = () => {
      const qb = this.dataSource.getRepository(LocalOutboxMessage).createQueryBuilder('o');
      if (q.channel) qb.where('o.channel = :channel', { channel: q.channel });
      return qb;
    };
    const rows = await query().orderBy('o.created_at', 'DESC').addOrderBy('o.id', 'DESC').limit(limit + 1).offset(offset).getMany();
    return offsetPage(q, rows, view, () => query().getCount());
  }
}
