import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppError,
  Clock,
  CreateCustomerRequest,
  CustomerView,
  escapeLike,
  isUniqueViolation,
  ListCustomersQuery,
  OutboxWriter,
  Page,
  paginate,
  ProvisioningEvents,
  UnitOfWork,
} from '@app/shared';
import { Customer } from './customer.entity';

function toView(c: Customer): CustomerView {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    industry: c.industry,
    tier: c.tier,
    contacts: c.contacts,
    ...(c.customerManager ? { customerManager: c.customerManager } : {}),
    ...(c.customerEngineer ? { customerEngineer: c.customerEngineer } : {}),
    ...(c.region ? { region: c.region } : {}),
    escalationList: [...c.escalationList].sort((a, b) => a.level - b.level),
    ...(c.technicalBackground ? { technicalBackground: c.technicalBackground } : {}),
    createdAt: c.createdAt.toISOString(),
  };
}

@Injectable()
export class CustomersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async create(req: CreateCustomerRequest): Promise<CustomerView> {
    try {
      return await this.uow.run(async (m) => {
        const customer = m.create(Customer, {
          ...req,
          id: randomUUID(),
          contacts: req.contacts ?? [],
          customerManager: req.customerManager ?? null,
          customerEngineer: req.customerEngineer ?? null,
          region: req.region ?? null,
          escalationList: req.escalationList ?? [],
          technicalBackground: req.technicalBackground ?? null,
          createdAt: this.clock.now(),
        });
        await m.insert(Customer, customer);
        await this.outbox.record(m, ProvisioningEvents.customerCreated, customer.id, {
          id: customer.id,
          code: customer.code,
          name: customer.name,
          industry: customer.industry,
          tier: customer.tier,
          ...(customer.customerManager ? { customerManager: customer.customerManager } : {}),
          ...(customer.customerEngineer ? { customerEngineer: customer.customerEngineer } : {}),
          ...(customer.region ? { region: customer.region } : {}),
          contacts: customer.contacts,
          escalationList: customer.escalationList,
        });
        return toView(customer);
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('CUSTOMER_CODE_TAKEN', `A customer with code ${req.code} already exists`, {
          fields: [{ field: 'code', reason: 'already used by another customer' }],
        });
      }
      throw err;
    }
  }

  async get(id: string): Promise<CustomerView> {
    const customer = await this.dataSource.getRepository(Customer).findOneBy({ id });
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', `No customer ${id}`);
    return toView(customer);
  }

  async list(q: ListCustomersQuery): Promise<Page<CustomerView>> {
    const qb = this.dataSource.getRepository(Customer).createQueryBuilder('c');
    if (q.tier) qb.andWhere('c.tier = :tier', { tier: q.tier });
    if (q.industry) qb.andWhere('c.industry = :industry', { industry: q.industry });
    if (q.region) qb.andWhere('c.region = :region', { region: q.region });
    if (q.ids) qb.andWhere('c.id IN (:...ids)', { ids: q.ids });
    if (q.q) qb.andWhere('(c.code ILIKE :prefix OR c.name ILIKE :part)', { prefix: `${escapeLike(q.q)}%`, part: `%${escapeLike(q.q)}%` });
    return paginate(qb, q, 'createdAt', toView, ['code', 'name', 'tier']);
  }
}

