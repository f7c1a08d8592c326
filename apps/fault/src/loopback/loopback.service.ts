import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, Clock, CooperationDto, lockVersioned, LoopbackPlanRequest, LoopTestRequest, UnitOfWork } from '@app/shared';
import { Ticket, TicketRecord } from '../tickets/ticket.entities';
import { ticketNotFound, TicketStore } from '../tickets/ticket-store';
import { Cooperation, LoopbackInputError, LoopbackPlan, LoopTestRecord, planLoopbackTest } from './loopback-plan';

function cooperationOf(dto: CooperationDto): Cooperation {
  if (dto.cooperation === 'oneEnd') return { kind: 'oneEnd', cooperatingEnd: dto.cooperatingEnd! };
  return { kind: dto.cooperation };
}

/** Keeps the loop tests of a ticket and proposes the next one, or the faulty segment, from them. */
@Injectable()
export class LoopbackService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly store: TicketStore,
  ) {}

  private async records(m: EntityManager, ticketId: string): Promise<LoopTestRecord[]> {
    const rows = await m.find(TicketRecord, { where: { ticketId, type: 'loop-test' }, order: { id: 'ASC' } });
    return rows.map((r) => {
      const d = r.detail as LoopTestRecord;
      return { end: d.end, site: d.site, direction: d.direction, results: d.results };
    });
  }

  private plan(dto: CooperationDto, records: LoopTestRecord[]): LoopbackPlan {
    try {
      return planLoopbackTest({ cooperation: cooperationOf(dto), staffOnSite: dto.staffOnSite ?? [], records });
    } catch (err) {
      if (err instanceof LoopbackInputError) throw new AppError('LOOPBACK_INPUT_INVALID', err.message);
      throw err;
    }
  }

  /** Records a loop test (refused if the procedure would not have reached it) and returns what comes next. */
  record(req: LoopTestRequest, by: string): Promise<LoopbackPlan> {
    return this.uow.run(async (m) => {
      // If-Match: the test was read off this version of the ticket (a loop test itself does not change the version).
      const ticket = await lockVersioned(m, Ticket, req, { notFound: () => ticketNotFound(req.id), label: (t) => `Ticket ${t.number}` });
      const test: LoopTestRecord = { end: req.end, site: req.site, direction: req.direction, results: req.results };
      const plan = this.plan(req.situation, [...(await this.records(m, ticket.id)), test]);
      await this.store.record(m, ticket, 'loop-test', by, this.clock.now(), { ...test, situation: req.situation, outcome: plan.kind });
      return plan;
    });
  }

  async next(req: LoopbackPlanRequest): Promise<LoopbackPlan> {
    const m = this.dataSource.manager;
    if (!(await m.existsBy(Ticket, { id: req.id }))) throw ticketNotFound(req.id);
    return this.plan(req, await this.records(m, req.id));
  }
}
