import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AnswerComplaintRequest,
  AppError,
  CalendarService,
  Clock,
  ComplaintEvents,
  ComplaintStepRequest,
  ComplaintView,
  CreateComplaintRequest,
  FaultSettings,
  groupedBy,
  ListComplaintsQuery,
  nextBusinessNumber,
  OutboxWriter,
  Page,
  paginate,
  ServiceSettings,
  statedTime,
  SubjectClocks,
  SubjectClockState,
  UnitOfWork,
} from '@app/shared';

import { KnownCustomer } from '../inventory/inventory.entities';
import { Ticket } from '../tickets/ticket.entities';
import { Complaint } from './complaint.entity';
import { assertComplaintStep, complaintClock, ComplaintStep, stepAfter } from './complaint.rules';

const kindOf = (step: ComplaintStep) => `complaint-${step}`;
const STEP_KINDS = (['sorting', 'analysis', 'handling', 'plan'] as const).map(kindOf);

/** Complaints and their working-day limits: sorting, analysis, then handling (or a plan, with other departments). */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly clocks: SubjectClocks,
    private readonly calendars: CalendarService,
    private readonly settings: ServiceSettings<FaultSettings>,
  ) {}

  /** Starts the clock of the step the complaint is now in, from `from` (receipt, or the step before). */
  private async startStep(m: EntityManager, c: Complaint, from: Date): Promise<void> {
    const step = stepAfter(c.status, c.involvesOtherDepartments);
    if (!step) return;
    const { basis, limitMs } = complaintClock(step, c.important, (await this.settings.get(m)).values, this.calendars.get().workingDayMs);
    await this.clocks.start(m, 'complaint', c.id, kindOf(step), limitMs, { customerId: c.customerId, basis, startedAt: from });
  }

  /** Tells the other services where the complaint stands (after-sales plans an apology visit once it is answered). */
  private async changed(m: EntityManager, c: Complaint, action: string, at: Date): Promise<void> {
    await this.outbox.record(m, ComplaintEvents.changed, c.id, {
      complaintId: c.id,
      number: c.number,
      customerId: c.customerId,
      ...(c.ticketId ? { ticketId: c.ticketId } : {}),
      important: c.important,
      status: c.status,
      action,
      at: at.toISOString(),
    });
  }

  private async view(m: EntityManager, c: Complaint): Promise<ComplaintView> {
    return (await this.views(m, [c]))[0];
  }

  /** The views of a page of complaints, their clocks read in one statement. */
  private async views(m: EntityManager, complaints: Complaint[]): Promise<ComplaintView[]> {
    if (complaints.length === 0) return [];
    const clocksOf = groupedBy(await this.clocks.ofSubjects(m, complaints.map((c) => c.id)), (k) => k.subjectId);
    return complaints.map((c) => complaintView(c, clocksOf.get(c.id) ?? []));
  }

  create(req: CreateComplaintRequest, by: string): Promise<ComplaintView> {
    return this.uow.run(async (m) => {
      if (!(await m.existsBy(KnownCustomer, { id: req.customerId }))) {
        throw new AppError('CUSTOMER_UNKNOWN', `Customer ${req.customerId} is not known`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
      }
      if (req.ticketId && !(await m.existsBy(Ticket, { id: req.ticketId, customerId: req.customerId }))) {
        throw new AppError('TICKET_NOT_FOUND', `The customer has no fault ticket ${req.ticketId}`, { fields: [{ field: 'ticketId', reason: 'no such ticket of this customer' }] });
      }
      const now = this.clock.now();
      const receivedAt = statedTime('receivedAt', req.receivedAt, { now, maxBackdateMinutes: (await this.settings.get(m)).values.maxBackdateMinutes });
      const complaint = m.create(Complaint, {
        id: randomUUID(),
        number: await nextBusinessNumber(m, 'ticket_number_seq', 'C', now),
        customerId: req.customerId,
        ticketId: req.ticketId ?? null,
        important: req.important,
        involvesOtherDepartments: req.involvesOtherDepartments,
        description: req.description,
        status: 'received',
        receivedAt,
        recordedAt: now,
        receivedBy: by,
        steps: [],
      });
      await m.insert(Complaint, complaint);
      await this.startStep(m, complaint, receivedAt);
      await this.changed(m, complaint, 'receive', receivedAt);
      return this.view(m, complaint);
    });
  }

  private advance(id: string, action: string, by: string, note: string, customerOpinion?: string): Promise<ComplaintView> {
    return this.uow.run(async (m) => {
      const complaint = await m.findOne(Complaint, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!complaint) throw new AppError('COMPLAINT_NOT_FOUND', `No complaint ${id}`);
      const to = assertComplaintStep(complaint.status, action);
      const now = this.clock.now();
      await this.clocks.stop(m, [id], STEP_KINDS, { reason: `${action} done`, exemptPauses: false });
      complaint.status = to;
      complaint.steps = [...complaint.steps, { action, by, at: now.toISOString(), note, ...(customerOpinion ? { customerOpinion } : {}) }];
      await m.save(complaint);
      await this.startStep(m, complaint, now);
      await this.changed(m, complaint, action, now);
      return this.view(m, complaint);
    });
  }

  sort(req: ComplaintStepRequest, by: string) {
    return this.advance(req.id, 'sort', by, req.note);
  }

  analyse(req: ComplaintStepRequest, by: string) {
    return this.advance(req.id, 'analyse', by, req.note);
  }

  resolve(req: ComplaintStepRequest, by: string) {
    return this.advance(req.id, 'resolve', by, req.note);
  }

  answer(req: AnswerComplaintRequest, by: string) {
    return this.advance(req.id, 'answer', by, req.reply, req.customerOpinion);
  }

  async get(id: string): Promise<ComplaintView> {
    const m = this.dataSource.manager;
    const complaint = await m.findOneBy(Complaint, { id });
    if (!complaint) throw new AppError('COMPLAINT_NOT_FOUND', `No complaint ${id}`);
    return this.view(m, complaint);
  }

  async list(q: ListComplaintsQuery): Promise<Page<ComplaintView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(Complaint).createQueryBuilder('c');
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.customerId) qb.andWhere('c.customer_id = :customerId', { customerId: q.customerId });
    const page = await paginate(qb, q, 'receivedAt', (c) => c, ['number', 'status']);
    return { ...page, items: await this.views(m, page.items) };
  }
}

function complaintView(c: Complaint, clocks: SubjectClockState[]): ComplaintView {
  const running = clocks.find((k) => k.status === 'running');
  return {
    id: c.id,
    number: c.number,
    customerId: c.customerId,
    ...(c.ticketId ? { ticketId: c.ticketId } : {}),
    important: c.important,
    involvesOtherDepartments: c.involvesOtherDepartments,
    description: c.description,
    status: c.status,
    receivedAt: c.receivedAt.toISOString(),
    recordedAt: c.recordedAt.toISOString(),
    receivedBy: c.receivedBy,
    ...(running ? { currentStep: { kind: running.kind, dueAt: running.dueAt?.toISOString() ?? null, provisional: running.provisional } } : {}),
    breachedSteps: clocks.filter((k) => k.breachedAt).map((k) => k.kind),
  };
}
