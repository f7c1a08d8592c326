import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AppError, Caller, Clock, InboxCountView, InboxMessageView, ListInboxQuery, offsetPage, Page, pageBounds } from '@app/shared';
import { InboxMessage } from './inbox-message.entity';

function view(m: InboxMessage): InboxMessageView {
  return {
    id: m.id,
    title: m.title,
    body: m.body,
    ...(m.link ? { link: m.link } : {}),
    subjectType: m.subjectType,
    ...(m.subjectId ? { subjectId: m.subjectId } : {}),
    ...(m.subjectNumber ? { subjectNumber: m.subjectNumber } : {}),
    ...(m.customerId ? { customerId: m.customerId } : {}),
    urgent: m.urgent,
    createdAt: m.createdAt.toISOString(),
    ...(m.readAt ? { readAt: m.readAt.toISOString() } : {}),
  };
}

/** Each user's own in-app inbox: whoever asks reads and marks only the messages addressed to them (the caller's sub). */
@Injectable()
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private query(userId: string, unread?: boolean) {
    const qb = this.dataSource.getRepository(InboxMessage).createQueryBuilder('i').where('i.user_id = :userId', { userId });
    if (unread === true) qb.andWhere('i.read_at IS NULL');
    if (unread === false) qb.andWhere('i.read_at IS NOT NULL');
    return qb;
  }

  async list(q: ListInboxQuery, caller: Caller): Promise<Page<InboxMessageView>> {
    const { limit, offset } = pageBounds(q);
    const rows = await this.query(caller.sub, q.unread).orderBy('i.created_at', 'DESC').addOrderBy('i.id', 'DESC').limit(limit + 1).offset(offset).getMany();
    return offsetPage(q, rows, view, () => this.query(caller.sub, q.unread).getCount());
  }

  async count(caller: Caller): Promise<InboxCountView> {
    return { unread: await this.query(caller.sub, true).getCount() };
  }

  /** Marks one message read (reading it again keeps the first time). */
  async read(id: string, caller: Caller): Promise<InboxMessageView> {
    const repo = this.dataSource.getRepository(InboxMessage);
    await repo.update({ id, userId: caller.sub, readAt: IsNull() }, { readAt: this.clock.now() });
    const message = await repo.findOneBy({ id, userId: caller.sub });
    if (!message) throw new AppError('INBOX_MESSAGE_NOT_FOUND', `No message ${id} in your inbox`);
    return view(message);
  }

  async readAll(caller: Caller): Promise<InboxCountView> {
    await this.dataSource.getRepository(InboxMessage).update({ userId: caller.sub, readAt: IsNull() }, { readAt: this.clock.now() });
    return this.count(caller);
  }
}
