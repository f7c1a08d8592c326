import { Controller, Injectable } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { AppError, PutResolutionLimitsBody, ResolutionLimitRpc, ResolutionLimitsView, UnitOfWork } from '@app/shared';
import { ResolutionLimit } from './ticket.entities';

/** The configurable table of resolution limits; a new ticket takes its limit from it, an open one keeps its own. */
@Injectable()
export class ResolutionLimitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async get(): Promise<ResolutionLimitsView> {
    const rows = await this.dataSource.getRepository(ResolutionLimit).find({ order: { id: 'ASC' } });
    return {
      rows: rows.map((r) => ({
        ...(r.serviceType ? { serviceType: r.serviceType } : {}),
        ...(r.tier ? { tier: r.tier } : {}),
        ...(r.grade ? { grade: r.grade } : {}),
        limitMinutes: r.limitMinutes,
      })),
    };
  }

  async put(body: PutResolutionLimitsBody): Promise<ResolutionLimitsView> {
    if (!body.rows.some((r) => !r.serviceType && !r.tier && !r.grade)) {
      throw new AppError('VALIDATION_FAILED', 'The table needs a catch-all row', { fields: [{ field: 'rows', reason: 'one row must leave serviceType, tier and grade empty' }] });
    }
    const keys = body.rows.map((r) => `${r.serviceType ?? '*'}/${r.tier ?? '*'}/${r.grade ?? '*'}`);
    const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (dup >= 0) throw new AppError('VALIDATION_FAILED', `Row ${dup} repeats ${keys[dup]}`, { fields: [{ field: `rows.${dup}`, reason: `repeats ${keys[dup]}` }] });
    await this.uow.run(async (m) => {
      await m.query('DELETE FROM resolution_limit');
      await m.insert(
        ResolutionLimit,
        body.rows.map((r) => ({ serviceType: r.serviceType ?? null, tier: r.tier ?? null, grade: r.grade ?? null, limitMinutes: r.limitMinutes })),
      );
    });
    return this.get();
  }
}

@Controller()
export class ResolutionLimitsRpc {
  constructor(private readonly limits: ResolutionLimitsService) {}

  @MessagePattern(ResolutionLimitRpc.get.subject)
  get() {
    return this.limits.get();
  }

  @MessagePattern(ResolutionLimitRpc.put.subject)
  put(@Payload() body: PutResolutionLimitsBody) {
    return this.limits.put(body);
  }
}
