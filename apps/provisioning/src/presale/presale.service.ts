import { Controller, Injectable } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AppError,
  Caller,
  Clock,
  CreateDemandRequest,
  DemandIdRequest,
  DemandRpc,
  DemandView,
  groupedBy,
  ListDemandsQuery,
  nextBusinessNumber,
  Page,
  paginate,
  ProblemRequest,
  ProblemStatusRequest,
  ProvisioningSettings,
  ResourceCheckRequest,
  RpcCaller,
  ServiceSettings,
  UnitOfWork,
} from '@app/shared';
import { Customer } from '../customers/customer.entity';
import { Demand, DemandProblem, ResourceCheck } from './presale.entities';
import { assertCheckBacks, checkValidUntil, isCheckValid } from './presale.rules';

/** Pre-sale: demands, resource checks (valid one month) and the problem list. */
@Injectable()
export class PresaleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<ProvisioningSettings>,
  ) {}

  private async view(m: EntityManager, d: Demand): Promise<DemandView> {
    return (await this.views(m, [d]))[0];
  }

  /** The views of a page of demands, their resource checks and their problems each read in one statement. */
  private async views(m: EntityManager, demands: Demand[]): Promise<DemandView[]> {
    if (demands.length === 0) return [];
    const now = this.clock.now();
    const ids = In(demands.map((d) => d.id));
    // In turn: `m` may be a transaction's manager, one connection.
    const checks = await m.find(ResourceCheck, { where: { demandId: ids }, order: { checkedAt: 'ASC', id: 'ASC' } });
    const problems = await m.find(DemandProblem, { where: { demandId: ids }, order: { updatedAt: 'ASC', id: 'ASC' } });
    const checksOf = groupedBy(checks, (c) => c.demandId);
    const problemsOf = groupedBy(problems, (p) => p.demandId);
    return demands.map((d) => demandView(d, checksOf.get(d.id) ?? [], problemsOf.get(d.id) ?? [], now));
  }

  private async lock(m: EntityManager, id: string): Promise<Demand> {
    const demand = await m.findOne(Demand, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!demand) throw new AppError('DEMAND_NOT_FOUND', `No demand ${id}`);
    return demand;
  }

  create(req: CreateDemandRequest, caller: Caller): Promise<DemandView> {
    return this.uow.run(async (m) => {
      if (!(await m.existsBy(Customer, { id: req.customerId }))) {
        throw new AppError('CUSTOMER_UNKNOWN', `No customer ${req.customerId}`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
      }
      const now = this.clock.now();
      const demand = m.create(Demand, {
        id: randomUUID(),
        number: await nextBusinessNumber(m, 'demand_number_seq', 'D', now),
        customerId: req.customerId,
        kind: req.kind,
        serviceType: req.serviceType,
        bandwidthMbps: req.bandwidthMbps,
        aEnd: req.aEnd,
        zEnd: req.zEnd,
        description: req.description,
        createdBy: caller.username,
        createdAt: now,
      });
      await m.insert(Demand, demand);
      return this.view(m, demand);
    });
  }

  check(req: ResourceCheckRequest, caller: Caller): Promise<DemandView> {
    return this.uow.run(async (m) => {
      const demand = await this.lock(m, req.id);
      const now = this.clock.now();
      const { resourceCheckValidityMonths } = (await this.settings.get(m)).values;
      await m.insert(ResourceCheck, { id: randomUUID(), demandId: demand.id, segments: req.segments, checkedAt: now, validUntil: checkValidUntil(now, resourceCheckValidityMonths), by: caller.username });
      return this.view(m, demand);
    });
  }

  addProblem(req: ProblemRequest, caller: Caller): Promise<DemandView> {
    return this.uow.run(async (m) => {
      const demand = await this.lock(m, req.id);
      const now = this.clock.now();
      await m.insert(DemandProblem, {
        id: randomUUID(),
        demandId: demand.id,
        description: req.description,
        target: req.target,
        dueDate: req.dueDate,
        owner: req.owner,
        status: 'open',
        history: [{ status: 'open', by: caller.username, at: now.toISOString() }],
        updatedAt: now,
      });
      return this.view(m, demand);
    });
  }

  problemStatus(req: ProblemStatusRequest, caller: Caller): Promise<DemandView> {
    return this.uow.run(async (m) => {
      const demand = await this.lock(m, req.id);
      const problem = await m.findOneBy(DemandProblem, { id: req.problemId, demandId: demand.id });
      if (!problem) throw new AppError('PROBLEM_NOT_FOUND', `Demand ${demand.number} has no problem ${req.problemId}`);
      const now = this.clock.now();
      problem.status = req.status;
      problem.history = [...problem.history, { status: req.status, by: caller.username, at: now.toISOString(), ...(req.note ? { note: req.note } : {}) }];
      problem.updatedAt = now;
      await m.save(problem);
      return this.view(m, demand);
    });
  }

  /** An order may be backed only by a resource check that is still valid and for the same customer. */
  async assertBacking(m: EntityManager, checkId: string, customerId: string): Promise<void> {
    const check = await m.findOneBy(ResourceCheck, { id: checkId });
    const demand = check ? await m.findOneBy(Demand, { id: check.demandId }) : null;
    assertCheckBacks(check && demand ? { id: check.id, validUntil: check.validUntil, customerId: demand.customerId } : null, checkId, customerId, this.clock.now());
  }

  async get(id: string): Promise<DemandView> {
    const m = this.dataSource.manager;
    const demand = await m.findOneBy(Demand, { id });
    if (!demand) throw new AppError('DEMAND_NOT_FOUND', `No demand ${id}`);
    return this.view(m, demand);
  }

  async list(q: ListDemandsQuery): Promise<Page<DemandView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(Demand).createQueryBuilder('d');
    if (q.customerId) qb.andWhere('d.customer_id = :customerId', { customerId: q.customerId });
    if (q.kind) qb.andWhere('d.kind = :kind', { kind: q.kind });
    const page = await paginate(qb, q, 'createdAt', (d) => d, ['number', 'status']);
    return { ...page, items: await this.views(m, page.items) };
  }
}

@Controller()
export class PresaleRpc {
  constructor(private readonly presale: PresaleService) {}

  @MessagePattern(DemandRpc.create.subject)
  create(@Payload() req: CreateDemandRequest, @RpcCaller() caller: Caller) {
    return this.presale.create(req, caller);
  }

  @MessagePattern(DemandRpc.get.subject)
  get(@Payload() req: DemandIdRequest) {
    return this.presale.get(req.id);
  }

  @MessagePattern(DemandRpc.list.subject)
  list(@Payload() q: ListDemandsQuery) {
    return this.presale.list(q);
  }

  @MessagePattern(DemandRpc.check.subject)
  check(@Payload() req: ResourceCheckRequest, @RpcCaller() caller: Caller) {
    return this.presale.check(req, caller);
  }

  @MessagePattern(DemandRpc.addProblem.subject)
  addProblem(@Payload() req: ProblemRequest, @RpcCaller() caller: Caller) {
    return this.presale.addProblem(req, caller);
  }

  @MessagePattern(DemandRpc.problemStatus.subject)
  problemStatus(@Payload() req: ProblemStatusRequest, @RpcCaller() caller: Caller) {
    return this.presale.problemStatus(req, caller);
  }
}

function demandView(d: Demand, checks: ResourceCheck[], problems: DemandProblem[], now: Date): DemandView {
  return {
    id: d.id,
    number: d.number,
    customerId: d.customerId,
    kind: d.kind,
    serviceType: d.serviceType,
    bandwidthMbps: d.bandwidthMbps,
    aEnd: d.aEnd,
    zEnd: d.zEnd,
    description: d.description,
    createdAt: d.createdAt.toISOString(),
    resourceChecks: checks.map((c) => ({
      id: c.id,
      segments: c.segments as DemandView['resourceChecks'][number]['segments'],
      checkedAt: c.checkedAt.toISOString(),
      validUntil: c.validUntil.toISOString(),
      valid: isCheckValid(c, now),
      by: c.by,
    })),
    problems: problems.map((p) => ({ id: p.id, description: p.description, target: p.target, dueDate: p.dueDate, owner: p.owner, status: p.status, updatedAt: p.updatedAt.toISOString() })),
  };
}
