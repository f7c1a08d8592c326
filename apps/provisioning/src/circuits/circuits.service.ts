import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppError,
  isUniqueViolation,
  CircuitData,
  CircuitEvents,
  CircuitView,
  Clock,
  CreateCircuitRequest,
  gradeBelowImportance,
  ListCircuitsQuery,
  OutboxWriter,
  Page,
  paginate,
  UnitOfWork,
  UpdateCircuitRequest,
} from '@app/shared';
import { Customer } from '../customers/customer.entity';
import { Circuit } from './circuit.entity';

export function circuitData(c: Circuit): CircuitData {
  return {
    id: c.id,
    code: c.code,
    customerId: c.customerId,
    serviceType: c.serviceType,
    bandwidthMbps: c.bandwidthMbps,
    aEnd: c.aEnd,
    zEnd: c.zEnd,
    grade: c.grade,
    business: c.business,
    importance: c.importance,
    protection: c.protection,
    ...(c.backupCircuitCode ? { backupCircuitCode: c.backupCircuitCode } : {}),
    segments: c.segments,
    state: c.state,
  };
}

function toView(c: Circuit): CircuitView {
  return { ...circuitData(c), gradeMismatch: c.gradeMismatch, createdAt: c.createdAt.toISOString() };
}

@Injectable()
export class CircuitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /** Adds a live circuit to the inventory (an existing circuit taken over, or one delivered outside the platform). */
  async create(req: CreateCircuitRequest): Promise<CircuitView> {
    try {
      return await this.uow.run(async (m) => {
        if (!(await m.existsBy(Customer, { id: req.customerId }))) {
          throw new AppError('CUSTOMER_UNKNOWN', `No customer ${req.customerId}`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
        }
        const circuit = m.create(Circuit, {
          ...req,
          id: randomUUID(),
          backupCircuitCode: req.backupCircuitCode ?? null,
          segments: req.segments ?? [],
          state: 'live',
          gradeMismatch: gradeBelowImportance(req.grade, req.importance),
          createdAt: this.clock.now(),
        });
        await m.insert(Circuit, circuit);
        await this.outbox.record(m, CircuitEvents.created, circuit.id, circuitData(circuit));
        return toView(circuit);
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('CIRCUIT_CODE_TAKEN', `A circuit with code ${req.code} already exists`, {
          fields: [{ field: 'code', reason: 'already used by another circuit' }],
        });
      }
      throw err;
    }
  }

  /** Changes a circuit and tells the other services; the grade-below-importance flag is worked out again. */
  update(req: UpdateCircuitRequest): Promise<CircuitView> {
    return this.uow.run(async (m) => {
      const circuit = await m.findOne(Circuit, { where: { id: req.id }, lock: { mode: 'pessimistic_write' } });
      if (!circuit) throw new AppError('CIRCUIT_NOT_FOUND', `No circuit ${req.id}`);
      const { id: _id, ...changes } = req;
      Object.assign(circuit, changes);
      circuit.gradeMismatch = gradeBelowImportance(circuit.grade, circuit.importance);
      await m.save(circuit);
      await this.outbox.record(m, CircuitEvents.updated, circuit.id, circuitData(circuit));
      return toView(circuit);
    });
  }

  async get(id: string): Promise<CircuitView> {
    const circuit = await this.dataSource.getRepository(Circuit).findOneBy({ id });
    if (!circuit) throw new AppError('CIRCUIT_NOT_FOUND', `No circuit ${id}`);
    return toView(circuit);
  }

  async list(q: ListCircuitsQuery): Promise<Page<CircuitView>> {
    const qb = this.dataSource.getRepository(Circuit).createQueryBuilder('c');
    if (q.customerId) qb.andWhere('c.customer_id = :customerId', { customerId: q.customerId });
    if (q.serviceType) qb.andWhere('c.service_type = :serviceType', { serviceType: q.serviceType });
    if (q.state) qb.andWhere('c.state = :state', { state: q.state });
    if (q.gradeMismatch) qb.andWhere('c.grade_mismatch = :gm', { gm: q.gradeMismatch === 'true' });
    if (q.code) qb.andWhere(`c.code LIKE :code ESCAPE '\\'`, { code: `${q.code.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` });
    return paginate(qb, q, 'createdAt', toView, ['code', 'bandwidthMbps']);
  }
}
