import { Controller, Injectable } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Caller, Clock, ListStockQuery, OutboxWriter, Page, paginate, RpcCaller, StockEvents, StockLevelRequest, StockRpc, StockThresholdRequest, StockView, UnitOfWork } from '@app/shared';
import { ResourceStock } from './stock.entity';
import { stockCrossing } from './stock.rules';

function toView(s: ResourceStock): StockView {
  return { resourceType: s.resourceType, area: s.area, level: s.level, threshold: s.threshold, below: s.below, updatedAt: s.updatedAt.toISOString(), updatedBy: s.updatedBy };
}

/** Resource stock per type and area: admins set thresholds, staff report levels, a fall below warns once. */
@Injectable()
export class StockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  setThreshold(req: StockThresholdRequest, caller: Caller): Promise<StockView> {
    return this.change(req, caller, { threshold: req.threshold });
  }

  setLevel(req: StockLevelRequest, caller: Caller): Promise<StockView> {
    return this.change(req, caller, { level: req.level });
  }

  private change(key: { resourceType: string; area: string }, caller: Caller, changes: { level?: number; threshold?: number }): Promise<StockView> {
    return this.uow.run(async (m) => {
      const now = this.clock.now();
      await m.query(
        `INSERT INTO resource_stock (id, resource_type, area, level, threshold, below, updated_at, updated_by) VALUES ($1, $2, $3, NULL, NULL, false, $4, $5)
         ON CONFLICT (resource_type, area) DO NOTHING`,
        [randomUUID(), key.resourceType, key.area, now, caller.username],
      );
      const stock = (await m.findOne(ResourceStock, { where: { resourceType: key.resourceType, area: key.area }, lock: { mode: 'pessimistic_write' } }))!;
      Object.assign(stock, changes, { updatedAt: now, updatedBy: caller.username });
      const { below, crossed } = stockCrossing(stock.below, stock.level, stock.threshold);
      stock.below = below;
      await m.save(stock);
      if (crossed) {
        await this.outbox.record(m, StockEvents.low, stock.id, {
          resourceType: stock.resourceType,
          area: stock.area,
          level: stock.level!,
          threshold: stock.threshold!,
          at: now.toISOString(),
          by: caller.username,
        });
      }
      return toView(stock);
    });
  }

  list(q: ListStockQuery): Promise<Page<StockView>> {
    const qb = this.dataSource.getRepository(ResourceStock).createQueryBuilder('s');
    if (q.resourceType) qb.andWhere('s.resource_type = :type', { type: q.resourceType });
    if (q.area) qb.andWhere('s.area = :area', { area: q.area });
    if (q.below !== undefined) qb.andWhere('s.below = :below', { below: q.below });
    return paginate(qb, q, 'updatedAt', toView, ['resourceType', 'area', 'level']);
  }
}

@Controller()
export class StockRpcController {
  constructor(private readonly stock: StockService) {}

  @MessagePattern(StockRpc.setThreshold.subject)
  setThreshold(@Payload() req: StockThresholdRequest, @RpcCaller() caller: Caller) {
    return this.stock.setThreshold(req, caller);
  }

  @MessagePattern(StockRpc.setLevel.subject)
  setLevel(@Payload() req: StockLevelRequest, @RpcCaller() caller: Caller) {
    return this.stock.setLevel(req, caller);
  }

  @MessagePattern(StockRpc.list.subject)
  list(@Payload() q: ListStockQuery) {
    return this.stock.list(q);
  }
}
