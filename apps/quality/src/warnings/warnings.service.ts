import { Injectable } from '@nestjs/common';
import { Caller, ListWarningsQuery, Page, paginate, WarningView } from '@app/shared';
import { DataSource } from 'typeorm';
import { QualityWarning } from './warning.entity';

function view(w: QualityWarning): WarningView {
  return {
    warningId: w.id,
    circuitId: w.circuitId,
    circuitCode: w.circuitCode,
    customerId: w.customerId,
    serviceType: w.serviceType,
    grade: w.grade,
    kpi: w.kpi,
    rule: w.rule,
    limit: w.limitValue,
    bad: w.bad,
    samples: w.samples,
    raisedAt: w.raisedAt.toISOString(),
    ...(w.clearedAt ? { clearedAt: w.clearedAt.toISOString() } : {}),
    status: w.status,
  };
}

@Injectable()
export class WarningsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; a customer's user sees its own circuits' warnings only. */
  list(q: ListWarningsQuery, caller: Caller): Promise<Page<WarningView>> {
    const qb = this.dataSource.getRepository(QualityWarning).createQueryBuilder('w');
    const customerId = caller.customerId ?? q.customerId;
    if (customerId) qb.andWhere('w.customer_id = :customerId', { customerId });
    if (q.circuitId) qb.andWhere('w.circuit_id = :circuitId', { circuitId: q.circuitId });
    if (q.status) qb.andWhere('w.status = :status', { status: q.status });
    return paginate(qb, q, 'raisedAt', view, ['raisedAt']);
  }
}
