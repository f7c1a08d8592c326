import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, Not } from 'typeorm';
import {
  AppError,
  isUniqueViolation,
  CircuitData,
  CircuitEvents,
  CircuitState,
  CircuitView,
  Clock,
  CreateCircuitRequest,
  escapeLike,
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

/** What a circuit is made of, apart from its identity, state and the derived flag. */
export type CircuitFields = Omit<Circuit, 'id' | 'state' | 'gradeMismatch' | 'createdAt'>;

function codeTaken(code: string): AppError {
  return new AppError('CIRCUIT_CODE_TAKEN', `A circuit with code ${code} already exists`, { fields: [{ field: 'code', reason: 'already used by another circuit' }] });
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
        return toView(await this.add(m, { ...req, backupCircuitCode: req.backupCircuitCode ?? null, segments: req.segments ?? [] }, this.clock.now()));
      });
    } catch (err) {
      throw isUniqueViolation(err) ? codeTaken(req.code) : err;
    }
  }

  /** Inserts a live circuit and tells the other services (the fault service keeps its copy from this event). */
  async add(m: EntityManager, fields: CircuitFields, at: Date): Promise<Circuit> {
    if (await m.existsBy(Circuit, { code: fields.code })) throw codeTaken(fields.code);
    const circuit = m.create(Circuit, { ...fields, id: randomUUID(), state: 'live', gradeMismatch: gradeBelowImportance(fields.grade, fields.importance), createdAt: at });
    await m.insert(Circuit, circuit);
    await this.outbox.record(m, CircuitEvents.created, circuit.id, circuitData(circuit));
    return circuit;
  }

  /** Changes a circuit and tells the other services; the grade-below-importance flag is worked out again. */
  update(req: UpdateCircuitRequest): Promise<CircuitView> {
    return this.uow.run(async (m) => {
      const circuit = await m.findOne(Circuit, { where: { id: req.id }, lock: { mode: 'pessimistic_write' } });
      if (!circuit) throw new AppError('CIRCUIT_NOT_FOUND', `No circuit ${req.id}`);
      const { id: _id, ...changes } = req;
      return toView(await this.change(m, circuit, changes));
    });
  }

  /** Applies a change to a circuit and publishes it (evt.provisioning.circuit.updated.v1: fault and visits follow it). */
  async change(m: EntityManager, circuit: Circuit, changes: Partial<CircuitFields> & { state?: CircuitState }): Promise<Circuit> {
    Object.assign(circuit, changes);
    circuit.gradeMismatch = gradeBelowImportance(circuit.grade, circuit.importance);
    await m.save(circuit);
    await this.outbox.record(m, CircuitEvents.updated, circuit.id, circuitData(circuit));
    return circuit;
  }

  /** The circuit of this code that belongs to this customer and is not ceased, locked for a change; null when there is none. */
  inServiceOf(m: EntityManager, code: string, customerId: string): Promise<Circuit | null> {
    return m.findOne(Circuit, { where: { code, customerId, state: Not('ceased') }, lock: { mode: 'pessimistic_write' } });
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
    if (q.code) qb.andWhere(`c.code LIKE :code ESCAPE '\\'`, { code: `${escapeLike(q.code)}%` });
    return paginate(qb, q, 'createdAt', toView, ['code', 'bandwidthMbps']);
  }
}
