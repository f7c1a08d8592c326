import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  AcceptRequest,
  ActorTicketRequest,
  AnswerRequest,
  AppError,
  Clock,
  CloseRequest,
  DispatchRequest,
  EscalateRequest,
  FeedbackRequest,
  isCustomerSide,
  isUniqueViolation,
  LegResultRequest,
  ProgressRequest,
  ReasonRequest,
  RestoreRequest,
  SubjectClocks,
  SuspendRequest,
  SuspensionRequestRequest,
  TicketView,
  UnitOfWork,
} from '@app/shared';
import { EscalationService } from './escalation.service';
import { DispatchLeg, Ticket, TicketRecord } from './ticket.entities';
import { assertCan, LEG_CLOCKS, LIMITS, progressEveryMinutes, TICKET_CLOCKS } from './ticket.rules';
import { TicketStore } from './ticket-store';
import { TicketsService } from './tickets.service';

const MIN = 60_000;
/** Clocks that stop while a ticket is suspended for the customer (feedback duties go on). */
const PAUSED_WHILE_SUSPENDED = [TICKET_CLOCKS.resolution, TICKET_CLOCKS.jointHandling, TICKET_CLOCKS.onSite, TICKET_CLOCKS.broadcast];
const LEG_KINDS = [LEG_CLOCKS.accept, LEG_CLOCKS.progress, LEG_CLOCKS.answer];

/** Set when a network incident restores or closes its tickets: the number is kept on each ticket's record. */
interface ByIncident {
  incident?: string;
}

function extra(req: ByIncident): Record<string, unknown> {
  return req.incident ? { incident: req.incident } : {};
}

/** Every step of a ticket's life after intake. Each runs in one transaction with the ticket row locked. */
@Injectable()
export class TicketActions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly store: TicketStore,
    private readonly clocks: SubjectClocks,
    private readonly escalations: EscalationService,
    private readonly tickets: TicketsService,
  ) {}

  private act(req: { id: string; expectedVersion?: number }, work: (m: EntityManager, ticket: Ticket, now: Date) => Promise<void>): Promise<TicketView> {
    return this.uow.run(async (m) => {
      const ticket = await this.store.lock(m, req.id);
      if (req.expectedVersion !== undefined && req.expectedVersion !== ticket.version) {
        throw new AppError('STALE_VERSION', `Ticket ${ticket.number} changed since version ${req.expectedVersion} (now ${ticket.version}): reload it`, {
          currentVersion: ticket.version,
        });
      }
      await work(m, ticket, this.clock.now());
      return this.store.view(m, ticket);
    });
  }

  private legIds(m: EntityManager, ticket: Ticket): Promise<string[]> {
    return this.store.legs(m, ticket.id).then((legs) => legs.map((l) => l.id));
  }

  /** Parallel dispatch, one leg per unit and segment; the first dispatch must cover both access ends. */
  dispatch(req: DispatchRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('dispatch', ticket.status);
      const existing = await this.store.legs(m, ticket.id);
      const segments = new Set([...existing.map((l) => l.segment), ...req.legs.map((l) => l.segment)]);
      const missing = (['a_access', 'z_access'] as const).filter((s) => !segments.has(s));
      if (missing.length > 0) {
        throw new AppError('ACCESS_LEGS_REQUIRED', `A dispatch must include both access ends; missing ${missing.join(', ')}`, {
          fields: missing.map((s) => ({ field: 'legs', reason: `no leg for segment ${s}` })),
        });
      }
      for (const spec of req.legs) {
        const leg = m.create(DispatchLeg, {
          id: randomUUID(),
          ticketId: ticket.id,
          unit: spec.unit,
          segment: spec.segment,
          status: 'dispatched',
          dispatchedAt: now,
          acceptedAt: null,
          result: null,
          findings: null,
          testReport: null,
          resultAt: null,
          progressEveryMinutes: progressEveryMinutes(ticket.serviceType),
        });
        await m.insert(DispatchLeg, leg);
        await this.clocks.start(m, 'leg', leg.id, LEG_CLOCKS.accept, LIMITS.acceptMs, { customerId: ticket.customerId });
        await this.store.record(m, ticket, 'dispatch', req.by, now, { unit: leg.unit, segment: leg.segment }, leg.id);
      }
      await this.clocks.stop(m, [ticket.id], [TICKET_CLOCKS.dispatch], { reason: 'dispatched', exemptPauses: false });
      ticket.status = 'dispatched';
      ticket.dispatchedAt ??= now;
      await this.store.save(m, ticket, 'dispatch', now);
    });
  }

  accept(req: AcceptRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('accept', ticket.status);
      const leg = await this.store.leg(m, ticket, req.legId);
      if (leg.status !== 'dispatched') throw new AppError('LEG_ALREADY_ACCEPTED', `${leg.unit} already accepted this dispatch`, { legId: leg.id });
      leg.status = 'accepted';
      leg.acceptedAt = now;
      await m.save(leg);
      await this.clocks.stop(m, [leg.id], [LEG_CLOCKS.accept], { reason: 'accepted', exemptPauses: false });
      await this.clocks.start(m, 'leg', leg.id, LEG_CLOCKS.progress, leg.progressEveryMinutes * MIN, { customerId: ticket.customerId });
      await this.store.record(m, ticket, 'accept', req.by, now, { unit: leg.unit }, leg.id);
      await this.store.save(m, ticket, 'accept', now);
    });
  }

  private async acceptedLeg(m: EntityManager, ticket: Ticket, legId: string): Promise<DispatchLeg> {
    const leg = await this.store.leg(m, ticket, legId);
    if (leg.status === 'dispatched') throw new AppError('LEG_NOT_ACCEPTED', `${leg.unit} has not accepted its dispatch yet`, { legId });
    if (leg.status === 'resulted') throw new AppError('LEG_ALREADY_RESULTED', `${leg.unit} has already returned its result`, { legId });
    return leg;
  }

  /** A unit's report obliges the dispatcher to answer within 5 min. */
  private async awaitAnswer(m: EntityManager, ticket: Ticket, leg: DispatchLeg): Promise<void> {
    if (!(await this.clocks.running(m, [leg.id], LEG_CLOCKS.answer))) await this.clocks.start(m, 'leg', leg.id, LEG_CLOCKS.answer, LIMITS.answerMs, { customerId: ticket.customerId });
  }

  progress(req: ProgressRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('progress', ticket.status);
      const leg = await this.acceptedLeg(m, ticket, req.legId);
      await this.clocks.stop(m, [leg.id], [LEG_CLOCKS.progress], { reason: 'progress reported', exemptPauses: false });
      const clock = await this.clocks.start(m, 'leg', leg.id, LEG_CLOCKS.progress, leg.progressEveryMinutes * MIN, { customerId: ticket.customerId });
      if (ticket.status === 'suspended') await this.clocks.pause(m, [leg.id], [LEG_CLOCKS.progress], 'ticket suspended');
      await this.awaitAnswer(m, ticket, leg);
      await this.store.record(
        m,
        ticket,
        'progress',
        req.by,
        now,
        {
          unit: leg.unit,
          source: req.source,
          progress: req.progress,
          ...(req.faultySegment ? { faultySegment: req.faultySegment } : {}),
          // An intermediate judgement is never the final cause (该判断非最终故障原因).
          ...(req.judgement ? { judgement: req.judgement, finalCause: false, note: '该判断非最终故障原因' } : {}),
          nextReportDue: clock.dueAt?.toISOString(),
        },
        leg.id,
      );
      await this.store.save(m, ticket, 'progress', now);
    });
  }

  result(req: LegResultRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('result', ticket.status);
      const leg = await this.acceptedLeg(m, ticket, req.legId);
      if (req.result === 'no_fault' && !req.testReport) {
        throw new AppError('TEST_REPORT_REQUIRED', 'A unit that finds no fault in its segment must attach a test report', {
          fields: [{ field: 'testReport', reason: 'required when result is no_fault (判定电信段无故障须附带测试报告)' }],
        });
      }
      leg.status = 'resulted';
      leg.result = req.result;
      leg.findings = req.findings;
      leg.testReport = req.testReport ?? null;
      leg.resultAt = now;
      await m.save(leg);
      await this.clocks.stop(m, [leg.id], [LEG_CLOCKS.progress], { reason: `result: ${req.result}`, exemptPauses: false });
      await this.awaitAnswer(m, ticket, leg);
      await this.store.record(m, ticket, 'result', req.by, now, { unit: leg.unit, result: req.result, findings: req.findings, testReport: req.testReport }, leg.id);
      await this.store.save(m, ticket, 'result', now);
    });
  }

  /** The dispatcher answers the units' reports and passes the news to every unit (and, in joint handling, broadcasts). */
  answer(req: AnswerRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('answer', ticket.status);
      const answered = await this.clocks.stop(m, await this.legIds(m, ticket), [LEG_CLOCKS.answer], { reason: 'dispatcher answered', exemptPauses: false });
      if (ticket.jointHandling) {
        await this.clocks.stop(m, [ticket.id], [TICKET_CLOCKS.broadcast], { reason: 'status broadcast', exemptPauses: false });
        await this.clocks.start(m, 'ticket', ticket.id, TICKET_CLOCKS.broadcast, LIMITS.broadcastEveryMs, { customerId: ticket.customerId });
      }
      await this.store.record(m, ticket, 'answer', req.by, now, { content: req.content, answeredReports: answered.length, toAllUnits: true });
      await this.store.save(m, ticket, 'answer', now);
    });
  }

  /** Feedback to the customer (一点统一反馈): the first within 30 min of intake, then every 2 h until closed. */
  feedback(req: FeedbackRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('feedback', ticket.status);
      await this.clocks.stop(m, [ticket.id], [TICKET_CLOCKS.firstFeedback, TICKET_CLOCKS.feedback], { reason: 'customer informed', exemptPauses: false });
      await this.clocks.start(m, 'ticket', ticket.id, TICKET_CLOCKS.feedback, LIMITS.feedbackEveryMs, { customerId: ticket.customerId, warnBeforeMs: [15 * MIN] });
      await this.store.record(m, ticket, 'feedback', req.by, now, {
        content: req.content,
        customerContact: req.customerContact,
        channel: req.channel,
        ...(req.customerOpinion ? { customerOpinion: req.customerOpinion } : {}),
      });
      await this.store.save(m, ticket, 'feedback', now);
    });
  }

  /** A unit that has proven its segment clear asks to suspend because the customer cannot cooperate. */
  requestSuspension(req: SuspensionRequestRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('request-suspension', ticket.status);
      const leg = await this.store.leg(m, ticket, req.legId);
      if (leg.result !== 'no_fault') {
        throw new AppError('INVALID_TRANSITION', `${leg.unit} must first prove its segment clear (result no_fault with a test report) before asking to suspend`, {
          action: 'request-suspension',
          legResult: leg.result,
        });
      }
      await this.store.record(m, ticket, 'suspension-request', req.by, now, { unit: leg.unit, reason: req.reason }, leg.id);
      await this.store.save(m, ticket, 'suspension-request', now);
    });
  }

  /** The dispatcher confirms with the customer, then suspends: the resolution clock pauses; exemption is decided at closing. */
  suspend(req: SuspendRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('suspend', ticket.status);
      const request = await m.findOne(TicketRecord, { where: { ticketId: ticket.id, type: 'suspension-request' }, order: { id: 'DESC' } });
      const lastResume = await m.findOne(TicketRecord, { where: { ticketId: ticket.id, type: 'resume' }, order: { id: 'DESC' } });
      if (!request || (lastResume && Number(lastResume.id) > Number(request.id))) {
        throw new AppError('SUSPENSION_NOT_REQUESTED', 'No handling unit has asked to suspend this ticket');
      }
      const reason = (request.detail as { reason: string }).reason;
      await this.clocks.pause(m, [ticket.id], PAUSED_WHILE_SUSPENDED, `suspended: ${reason}`);
      await this.clocks.pause(m, await this.legIds(m, ticket), [LEG_CLOCKS.progress], `suspended: ${reason}`);
      ticket.status = 'suspended';
      await this.store.record(m, ticket, 'suspend', req.by, now, { reason, customerConfirmedBy: req.customerConfirmedBy, requestedBy: request.by });
      await this.store.save(m, ticket, 'suspend', now);
    });
  }

  resume(req: ReasonRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('resume', ticket.status);
      await this.clocks.resume(m, [ticket.id], PAUSED_WHILE_SUSPENDED, req.reason);
      await this.clocks.resume(m, await this.legIds(m, ticket), [LEG_CLOCKS.progress], req.reason);
      ticket.status = 'dispatched';
      await this.store.record(m, ticket, 'resume', req.by, now, { reason: req.reason });
      await this.store.save(m, ticket, 'resume', now);
    });
  }

  /** Service is back (先业务恢复): the resolution clock stops; whether its pauses are exempt waits for the final cause. */
  restore(req: RestoreRequest): Promise<TicketView> {
    return this.act(req, (m, ticket, now) => this.restoreTicket(m, ticket, req, now));
  }

  /** Restores one locked ticket; also used when a network incident is restored. */
  async restoreTicket(m: EntityManager, ticket: Ticket, req: Omit<RestoreRequest, 'id'> & ByIncident, now: Date): Promise<void> {
    assertCan('restore', ticket.status);
    ticket.restoredAt = req.at ? new Date(req.at) : now;
    ticket.status = 'restored';
    await this.clocks.stop(m, [ticket.id], [TICKET_CLOCKS.resolution], { reason: 'service restored', exemptPauses: false, final: false });
    await this.clocks.stop(m, [ticket.id], [TICKET_CLOCKS.dispatch, TICKET_CLOCKS.jointHandling, TICKET_CLOCKS.onSite, TICKET_CLOCKS.broadcast], {
      reason: 'service restored',
      exemptPauses: false,
    });
    await this.clocks.stop(m, await this.legIds(m, ticket), LEG_KINDS, { reason: 'service restored', exemptPauses: false });
    await this.store.record(m, ticket, 'restore', req.by, now, { restoredAt: ticket.restoredAt.toISOString(), ...extra(req) });
    await this.store.save(m, ticket, 'restore', now);
  }

  /** The root fault is fixed (后故障修复), recorded apart from restoration. */
  repair(req: RestoreRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('repair', ticket.status);
      ticket.repairedAt = req.at ? new Date(req.at) : now;
      await this.store.record(m, ticket, 'repair', req.by, now, { repairedAt: ticket.repairedAt.toISOString() });
      await this.store.save(m, ticket, 'repair', now);
    });
  }

  /**
   * Closing (结单) with the true cause. The suspended time is exempt only for a customer-side cause. A customer-side
   * fault the customer cannot fix at once may be closed unrestored once the customer has been told.
   */
  close(req: CloseRequest): Promise<TicketView> {
    return this.act(req, (m, ticket, now) => this.closeTicket(m, ticket, req, now));
  }

  /** Closes one locked ticket; also used when a network incident is closed with its cause. */
  async closeTicket(m: EntityManager, ticket: Ticket, req: Omit<CloseRequest, 'id'> & ByIncident, now: Date): Promise<void> {
    const customerSide = isCustomerSide(req.causeCategory);
    if (req.customerCannotFixNow) {
      assertCan('close-customer-cannot-fix', ticket.status);
      if (!customerSide) {
        throw new AppError('INVALID_TRANSITION', 'Only a fault with a customer-side cause may be closed before service is restored', {
          action: 'close',
          causeCategory: req.causeCategory,
        });
      }
      ticket.closedWithoutRestoration = true;
      await this.clocks.stop(m, [ticket.id], [TICKET_CLOCKS.resolution], { reason: 'closed: customer-side cause, customer informed', exemptPauses: true });
      await this.clocks.stop(m, [ticket.id], [TICKET_CLOCKS.dispatch, TICKET_CLOCKS.jointHandling, TICKET_CLOCKS.onSite, TICKET_CLOCKS.broadcast], {
        reason: 'closed',
        exemptPauses: true,
      });
      await this.clocks.stop(m, await this.legIds(m, ticket), LEG_KINDS, { reason: 'closed', exemptPauses: true });
    } else {
      assertCan('close', ticket.status);
      const decided = await this.clocks.decide(m, ticket.id, TICKET_CLOCKS.resolution, {
        reason: `closed: ${customerSide ? 'customer-side' : 'operator-side'} cause ${req.causeCategory}`,
        exemptPauses: customerSide,
      });
      // Major fault class 4: an operator-caused fault past its time limit is escalated.
      if (!customerSide && decided.some((c) => c.verdict && !c.verdict.met)) {
        await this.escalations.escalate(m, ticket, {
          level: 'supervisor',
          trigger: 'auto:operator-caused-overdue',
          reason: `Operator-caused fault (${req.causeCategory}) past its resolution limit`,
          by: 'system',
        });
      }
    }
    await this.clocks.stop(m, [ticket.id], [TICKET_CLOCKS.firstFeedback, TICKET_CLOCKS.feedback], { reason: 'closed', exemptPauses: false });
    ticket.status = 'closed';
    ticket.closedAt = now;
    ticket.causeCategory = req.causeCategory;
    ticket.causeSegment = req.causeSegment;
    ticket.causeDescription = req.causeDescription;
    const differs = req.customerFacingCause !== undefined && req.customerFacingCause !== req.causeDescription;
    ticket.customerFacingCause = differs ? req.customerFacingCause! : null;
    await this.store.record(m, ticket, 'close', req.by, now, {
      causeCategory: req.causeCategory,
      causeSegment: req.causeSegment,
      causeDescription: req.causeDescription,
      customerSide,
      customerConfirmedBy: req.customerConfirmedBy,
      ...(differs ? { customerFacingCause: req.customerFacingCause, note: '结单原因与答复客户原因不一致' } : {}),
      ...(req.customerCannotFixNow ? { closedWithoutRestoration: true, customerInformed: req.customerConfirmedBy } : {}),
      ...extra(req),
    });
    await this.store.save(m, ticket, 'close', now);
  }

  cancel(req: ReasonRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('cancel', ticket.status);
      await this.clocks.stop(m, [ticket.id], Object.values(TICKET_CLOCKS), { reason: `cancelled: ${req.reason}`, exemptPauses: true });
      await this.clocks.stop(m, await this.legIds(m, ticket), LEG_KINDS, { reason: 'cancelled', exemptPauses: true });
      ticket.status = 'cancelled';
      ticket.closedAt = now;
      await this.store.record(m, ticket, 'cancel', req.by, now, { reason: req.reason });
      await this.store.save(m, ticket, 'cancel', now);
    });
  }

  /** The customer says it is not fixed: the ticket reopens with fresh clocks and needs dispatching again. */
  async reopen(req: ReasonRequest): Promise<TicketView> {
    try {
      return await this.act(req, async (m, ticket, now) => {
        assertCan('reopen', ticket.status);
        ticket.status = 'open';
        ticket.reopenCount += 1;
        ticket.restoredAt = null;
        ticket.repairedAt = null;
        ticket.closedAt = null;
        ticket.causeCategory = null;
        ticket.causeSegment = null;
        ticket.causeDescription = null;
        ticket.customerFacingCause = null;
        ticket.closedWithoutRestoration = false;
        ticket.jointHandling = false;
        await this.store.record(m, ticket, 'reopen', req.by, now, { reason: req.reason, reopenCount: ticket.reopenCount });
        await this.store.save(m, ticket, 'reopen', now);
        await this.tickets.startClocks(m, ticket, now);
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('INVALID_TRANSITION', 'Another ticket is open on this circuit: add to it instead of reopening', { action: 'reopen' });
      }
      throw err;
    }
  }

  escalate(req: EscalateRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket) => {
      assertCan('escalate', ticket.status);
      await this.escalations.escalate(m, ticket, { level: req.level, trigger: 'manual', reason: req.reason, by: req.by, crisisA: req.crisisA });
    });
  }

  onSite(req: ActorTicketRequest): Promise<TicketView> {
    return this.act(req, async (m, ticket, now) => {
      assertCan('on-site', ticket.status);
      await this.clocks.stop(m, [ticket.id], [TICKET_CLOCKS.onSite], { reason: 'staff on site', exemptPauses: false });
      await this.store.record(m, ticket, 'on-site', req.by, now, {});
      await this.store.save(m, ticket, 'on-site', now);
    });
  }
}
