import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppError,
  Clock,
  FaultEvents,
  ListTicketsQuery,
  OpenTicketRequest,
  OutboxWriter,
  Page,
  paginate,
  TicketView,
  UnitOfWork,
} from '@app/shared';
import { KnownCustomer } from '../customers/known-customer.entity';
import { Ticket } from './ticket.entity';
import { ticketNumber } from './ticket-number';

function toView(t: Ticket): TicketView {
  return {
    id: t.id,
    number: t.number,
    customerId: t.customerId,
    customerName: t.customerName,
    symptom: t.symptom,
    channel: t.channel,
    status: t.status,
    faultAt: t.faultAt.toISOString(),
    openedAt: t.openedAt.toISOString(),
    ...(t.reporter ? { reporter: t.reporter } : {}),
  };
}

@Injectable()
export class TicketsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async open(req: OpenTicketRequest): Promise<TicketView> {
    return this.uow.run(async (m) => {
      const customer = await m.findOneBy(KnownCustomer, { id: req.customerId });
      if (!customer) {
        throw new AppError('CUSTOMER_UNKNOWN', `Customer ${req.customerId} is not known to the fault service`, {
          fields: [{ field: 'customerId', reason: 'no such customer in the inventory' }],
        });
      }
      const now = this.clock.now();
      const [{ seq }] = (await m.query(`SELECT nextval('ticket_number_seq') AS seq`)) as { seq: string }[];
      const ticket = m.create(Ticket, {
        id: randomUUID(),
        number: ticketNumber(now, Number(seq)),
        customerId: customer.id,
        customerName: customer.name,
        symptom: req.symptom,
        channel: req.channel,
        status: 'open',
        reporter: req.reporter ?? null,
        faultAt: req.faultAt ? new Date(req.faultAt) : now,
        openedAt: now,
      });
      await m.insert(Ticket, ticket);
      await this.outbox.record(m, FaultEvents.ticketOpened, ticket.id, {
        ticketId: ticket.id,
        number: ticket.number,
        customerId: ticket.customerId,
        channel: ticket.channel,
        openedAt: now.toISOString(),
      });
      return toView(ticket);
    });
  }

  async get(id: string): Promise<TicketView> {
    const ticket = await this.dataSource.getRepository(Ticket).findOneBy({ id });
    if (!ticket) throw new AppError('TICKET_NOT_FOUND', `No fault ticket ${id}`);
    return toView(ticket);
  }

  async list(q: ListTicketsQuery): Promise<Page<TicketView>> {
    const qb = this.dataSource.getRepository(Ticket).createQueryBuilder('t');
    if (q.customerId) qb.andWhere('t.customer_id = :customerId', { customerId: q.customerId });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.openedFrom) qb.andWhere('t.opened_at >= :from', { from: q.openedFrom });
    if (q.openedTo) qb.andWhere('t.opened_at < :to', { to: q.openedTo });
    return paginate(qb, q, 'openedAt', toView);
  }
}
