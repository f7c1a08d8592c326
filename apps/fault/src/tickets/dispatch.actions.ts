import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  AcceptRequest,
  AnswerRequest,
  AppError,
  Caller,
  DispatchRequest,
  FeedbackRequest,
  LegResultRequest,
  ProgressRequest,
  ProvinceEscalationRequest,
  statedTime,
  TicketView,
  updateLoaded,
} from '@app/shared';

import { legActorRefusal, missingAccessEnds, testReportMissing } from './legs.rules';
import { TicketActionRunner } from './ticket-action.runner';
import { progressEveryMinutes, TICKET_CLOCKS } from './ticket-clocks.rules';
import { DispatchLeg, Ticket } from './ticket.entities';
import { assertCan } from './ticket.rules';
import { TicketStore } from './ticket-store';

/**
 * Handling a running fault: the local network's pre-check and escalation to the province, the parallel dispatch,
 * each unit's acceptance, progress and result, the dispatcher's answers, and feedback to the customer.
 */
@Injectable()
export class DispatchActions {
  constructor(
    private readonly runner: TicketActionRunner,
    private readonly store: TicketStore,
  ) {}

  /** The local network checked its own segment first, then escalated the cross-province fault to the province: both times kept. */
  provinceEscalation(req: ProvinceEscalationRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now, limits }) => {
      assertCan('province-escalation', ticket.status);
      const report = { at: ticket.reportedAt, what: 'the report (reportedAt)' };
      const precheckedAt = statedTime('precheckedAt', req.precheckedAt, { now, maxBackdateMinutes: limits.maxBackdateMinutes, notBefore: report });
      const escalatedAt = statedTime('occurredAt', req.occurredAt, { now, maxBackdateMinutes: limits.maxBackdateMinutes, notBefore: { at: precheckedAt, what: 'the pre-check (precheckedAt)' } });
      ticket.provinceEscalation = {
        unit: req.unit,
        findings: req.findings,
        precheckedAt: precheckedAt.toISOString(),
        escalatedAt: escalatedAt.toISOString(),
        by,
        recordedAt: now.toISOString(),
      };
      await this.store.record(m, ticket, 'province-escalation', by, now, ticket.provinceEscalation);
      await this.store.save(m, ticket, 'province-escalation', now);
    });
  }

  /** Parallel dispatch, one leg per unit and segment; the legs together must cover both access ends. */
  dispatch(req: DispatchRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now, limits, clocks }) => {
      assertCan('dispatch', ticket.status);
      const existing = await this.store.legs(m, ticket.id);
      const missing = missingAccessEnds([...existing.map((l) => l.segment), ...req.legs.map((l) => l.segment)]);
      if (missing.length > 0) {
        throw new AppError('ACCESS_LEGS_REQUIRED', `A dispatch must include both access ends; missing ${missing.join(', ')}`, {
          fields: missing.map((s) => ({ field: 'legs', reason: `no leg for segment ${s}` })),
        });
      }
      const legs = req.legs.map((spec) =>
        m.create(DispatchLeg, {
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
          progressEveryMinutes: progressEveryMinutes(ticket.serviceType, limits),
        }),
      );
      for (const leg of legs) {
        await m.insert(DispatchLeg, leg);
        await this.store.record(m, ticket, 'dispatch', by, now, { unit: leg.unit, segment: leg.segment }, leg.id);
      }
      await clocks('dispatch', { newLegIds: legs.map((l) => l.id) });
      ticket.status = 'dispatched';
      ticket.dispatchedAt ??= now;
      await this.store.save(m, ticket, 'dispatch', now, {
        dispatchedLegIds: legs.map((l) => l.id),
        dispatchedLegs: legs.map((l) => ({ legId: l.id, unit: l.unit, segment: l.segment })),
      });
    });
  }

  accept(req: AcceptRequest, caller: Caller): Promise<TicketView> {
    const by = caller.username;
    return this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
      assertCan('accept', ticket.status);
      const leg = await this.store.leg(m, ticket, req.legId);
      assertOwnLeg(caller, leg);
      if (leg.status !== 'dispatched') throw new AppError('LEG_ALREADY_ACCEPTED', `${leg.unit} already accepted this dispatch`, { legId: leg.id });
      leg.status = 'accepted';
      leg.acceptedAt = now;
      await updateLoaded(m, DispatchLeg, leg);
      await clocks('accept', { legId: leg.id });
      await this.store.record(m, ticket, 'accept', by, now, { unit: leg.unit }, leg.id);
      await this.store.save(m, ticket, 'accept', now);
    });
  }

  private async acceptedLeg(m: EntityManager, ticket: Ticket, legId: string, caller: Caller): Promise<DispatchLeg> {
    const leg = await this.store.leg(m, ticket, legId);
    assertOwnLeg(caller, leg);
    if (leg.status === 'dispatched') throw new AppError('LEG_NOT_ACCEPTED', `${leg.unit} has not accepted its dispatch yet`, { legId });
    if (leg.status === 'resulted') throw new AppError('LEG_ALREADY_RESULTED', `${leg.unit} has already returned its result`, { legId });
    return leg;
  }

  progress(req: ProgressRequest, caller: Caller): Promise<TicketView> {
    const by = caller.username;
    return this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
      assertCan('progress', ticket.status);
      const leg = await this.acceptedLeg(m, ticket, req.legId, caller);
      const { started } = await clocks('progress', { legId: leg.id });
      const next = started.find((c) => c.kind === 'progress');
      await this.store.record(
        m,
        ticket,
        'progress',
        by,
        now,
        {
          unit: leg.unit,
          source: req.source,
          progress: req.progress,
          ...(req.faultySegment ? { faultySegment: req.faultySegment } : {}),
          // An intermediate judgement is never the final cause (该判断非最终故障原因).
          ...(req.judgement ? { judgement: req.judgement, finalCause: false, note: '该判断非最终故障原因' } : {}),
          nextReportDue: next?.dueAt?.toISOString(),
        },
        leg.id,
      );
      await this.store.save(m, ticket, 'progress', now);
    });
  }

  result(req: LegResultRequest, caller: Caller): Promise<TicketView> {
    const by = caller.username;
    return this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
      assertCan('result', ticket.status);
      const leg = await this.acceptedLeg(m, ticket, req.legId, caller);
      // The contract has checked the file's size and type (IsTestReportFileContent).
      const file = req.testReportFile ? { ...req.testReportFile, bytes: Buffer.from(req.testReportFile.content, 'base64') } : undefined;
      if (testReportMissing(req.result, req.testReport, file)) {
        throw new AppError('TEST_REPORT_REQUIRED', 'A unit that finds no fault in its segment must attach a test report', {
          fields: [{ field: 'testReport', reason: 'required when result is no_fault (判定电信段无故障须附带测试报告)' }],
        });
      }
      leg.status = 'resulted';
      leg.result = req.result;
      leg.findings = req.findings;
      leg.testReport = req.testReport ?? null;
      if (file) Object.assign(leg, { testReportFileName: file.name, testReportFileType: file.mimeType, testReportFile: file.bytes });
      leg.resultAt = now;
      await updateLoaded(m, DispatchLeg, leg);
      await clocks('result', { legId: leg.id });
      const fileShown = file ? { testReportFile: { name: file.name, mimeType: file.mimeType, sizeBytes: file.bytes.length } } : {};
      await this.store.record(m, ticket, 'result', by, now, { unit: leg.unit, result: req.result, findings: req.findings, testReport: req.testReport, ...fileShown }, leg.id);
      await this.store.save(m, ticket, 'result', now);
    });
  }

  /** The dispatcher answers the units' reports and passes the news to every unit (in joint handling, the hourly broadcast). */
  answer(req: AnswerRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
      assertCan('answer', ticket.status);
      const { stopped } = await clocks('answer');
      const answered = stopped.filter((c) => c.subjectType === 'leg').length;
      await this.store.record(m, ticket, 'answer', by, now, { content: req.content, answeredReports: answered, toAllUnits: true, ...(ticket.jointHandling ? { broadcast: true } : {}) });
      await this.store.save(m, ticket, 'answer', now);
    });
  }

  /**
   * Feedback to the customer (一点统一反馈): the first within 30 min of the report, then every 2 h until closed. Each
   * is told to the notifier with the re-armed clock's due time; with `sendSms` the notifier sends it to `phone`.
   */
  feedback(req: FeedbackRequest, by: string): Promise<TicketView> {
    return this.runner.act(req, by, async ({ m, ticket, now, clocks }) => {
      assertCan('feedback', ticket.status);
      const { started } = await clocks('feedback');
      const sendSms = req.sendSms === true;
      const sms = sendSms ? { sendSms, phone: req.phone } : {};
      await this.store.record(m, ticket, 'feedback', by, now, {
        content: req.content,
        customerContact: req.customerContact,
        channel: req.channel,
        ...(req.customerOpinion ? { customerOpinion: req.customerOpinion } : {}),
        ...sms,
      });
      await this.store.save(m, ticket, 'feedback', now);
      await this.store.feedbackGiven(m, ticket, {
        content: req.content,
        customerContact: req.customerContact,
        channel: req.channel,
        sendSms,
        ...(req.phone ? { phone: req.phone } : {}),
        by,
        at: now.toISOString(),
        nextFeedbackDueAt: started.find((c) => c.kind === TICKET_CLOCKS.feedback)?.dueAt?.toISOString(),
      });
    });
  }
}

/** A handling unit's user acts on its own unit's legs only (403 naming the unit). */
function assertOwnLeg(caller: Caller, leg: DispatchLeg): void {
  const refusal = legActorRefusal(caller, leg.unit);
  if (refusal) throw new AppError('FORBIDDEN', `Leg ${leg.id}: ${refusal}`, { legId: leg.id });
}
