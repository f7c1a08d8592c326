import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CustomerCreatedData, OrderChangedData, Role, TicketChangedData, TicketOpenedData, UserChangedData } from '@app/shared';
import { DirectoryCustomer, DirectoryOrder, DirectoryTicket, DirectoryUser } from './directory.entities';

/**
 * The notifier's directory: who the platform's users are (gateway), what the customer records and orders name
 * (provisioning), and the tickets later events refer to (fault). The only code that writes these tables.
 */
@Injectable()
export class DirectoryStore {
  async applyUser(m: EntityManager, d: UserChangedData): Promise<void> {
    const changedAt = new Date(d.at);
    const known = await m.findOne(DirectoryUser, { where: { id: d.userId }, lock: { mode: 'pessimistic_write' } });
    if (known && known.changedAt.getTime() > changedAt.getTime()) return;
    await m.upsert(
      DirectoryUser,
      {
        id: d.userId,
        username: d.username,
        displayName: d.displayName,
        roles: d.roles,
        customerId: d.customerId ?? null,
        unit: d.unit ?? null,
        phone: d.phone ?? null,
        email: d.email ?? null,
        active: d.active,
        changedAt,
      },
      ['id'],
    );
  }

  async applyCustomer(m: EntityManager, d: CustomerCreatedData): Promise<void> {
    await m.upsert(
      DirectoryCustomer,
      {
        id: d.id,
        code: d.code,
        name: d.name,
        tier: d.tier,
        customerManager: d.customerManager ?? null,
        customerEngineer: d.customerEngineer ?? null,
        contacts: (d.contacts ?? []).map((c) => ({ name: c.name, role: c.role, phone: c.phone, ...(c.email ? { email: c.email } : {}) })),
        escalationList: (d.escalationList ?? []).map((c) => ({ name: c.name, role: c.role, phone: c.phone, level: c.level, ...(c.email ? { email: c.email } : {}) })),
      },
      ['id'],
    );
  }

  /** The managers an order names; an event without them (written before they were added) keeps what is known. */
  async applyOrder(m: EntityManager, d: OrderChangedData): Promise<void> {
    const known = await m.findOne(DirectoryOrder, { where: { id: d.orderId }, lock: { mode: 'pessimistic_write' } });
    const version = d.version ?? 0;
    if (known && known.version > version) return;
    await m.upsert(
      DirectoryOrder,
      {
        id: d.orderId,
        number: d.number,
        customerId: d.customerId,
        customerManager: d.customerManager ?? known?.customerManager ?? null,
        businessManager: d.businessManager ?? known?.businessManager ?? null,
        networkSupportManager: d.networkSupportManager ?? known?.networkSupportManager ?? null,
        projectManager: d.projectManager ?? known?.projectManager ?? null,
        version,
      },
      ['id'],
    );
  }

  async applyTicketOpened(m: EntityManager, d: TicketOpenedData): Promise<void> {
    const known = await m.findOne(DirectoryTicket, { where: { id: d.ticketId }, lock: { mode: 'pessimistic_write' } });
    if (known) {
      // A change that came first left what only the opening tells.
      await m.update(DirectoryTicket, { id: d.ticketId }, {
        symptom: known.symptom ?? d.symptom ?? null,
        circuitCode: known.circuitCode ?? d.circuitCode ?? null,
        reporterName: d.reporterName ?? null,
        reporterContact: d.reporterContact ?? null,
      });
      return;
    }
    await m.insert(DirectoryTicket, {
      id: d.ticketId,
      number: d.number,
      customerId: d.customerId,
      circuitCode: d.circuitCode ?? null,
      symptom: d.symptom ?? null,
      reporterName: d.reporterName ?? null,
      reporterContact: d.reporterContact ?? null,
      status: d.customerView.status,
      version: d.version ?? 0,
    });
  }

  /** The status, at the highest version seen (events of one ticket may arrive out of order). */
  async applyTicketChanged(m: EntityManager, d: TicketChangedData): Promise<void> {
    const known = await m.findOne(DirectoryTicket, { where: { id: d.ticketId }, lock: { mode: 'pessimistic_write' } });
    const version = d.version ?? known?.version ?? 0;
    if (known && known.version > version) return;
    await m.upsert(
      DirectoryTicket,
      {
        id: d.ticketId,
        number: d.number,
        customerId: d.customerId,
        circuitCode: d.circuitCode ?? known?.circuitCode ?? null,
        symptom: known?.symptom ?? null,
        reporterName: known?.reporterName ?? null,
        reporterContact: known?.reporterContact ?? null,
        status: d.status,
        version,
      },
      ['id'],
    );
  }

  customer(m: EntityManager, id: string | undefined): Promise<DirectoryCustomer | null> {
    return id ? m.findOneBy(DirectoryCustomer, { id }) : Promise.resolve(null);
  }

  ticket(m: EntityManager, id: string | undefined): Promise<DirectoryTicket | null> {
    return id ? m.findOneBy(DirectoryTicket, { id }) : Promise.resolve(null);
  }

  order(m: EntityManager, id: string | undefined): Promise<DirectoryOrder | null> {
    return id ? m.findOneBy(DirectoryOrder, { id }) : Promise.resolve(null);
  }

  /** Active users whose display name or username is this name (case-insensitive). */
  named(m: EntityManager, name: string): Promise<DirectoryUser[]> {
    return m
      .getRepository(DirectoryUser)
      .createQueryBuilder('u')
      .where('u.active')
      .andWhere('(lower(u.display_name) = lower(:name) OR lower(u.username) = lower(:name))', { name: name.trim() })
      .getMany();
  }

  /** Active users with the role, optionally only those of these units. */
  async withRole(m: EntityManager, role: Role, units?: string[]): Promise<DirectoryUser[]> {
    if (units?.length === 0) return [];
    const qb = m.getRepository(DirectoryUser).createQueryBuilder('u').where('u.active').andWhere(':role = ANY(u.roles)', { role });
    if (units) qb.andWhere('u.unit IN (:...units)', { units });
    return qb.orderBy('u.username').getMany();
  }

  /** The customer's own active portal users. */
  customerUsers(m: EntityManager, customerId: string): Promise<DirectoryUser[]> {
    return m
      .getRepository(DirectoryUser)
      .createQueryBuilder('u')
      .where('u.active')
      .andWhere('u.customer_id = :customerId', { customerId })
      .andWhere(`'customer_user' = ANY(u.roles)`)
      .orderBy('u.username')
      .getMany();
  }
}
