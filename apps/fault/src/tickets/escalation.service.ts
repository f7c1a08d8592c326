import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, FaultEvents, OutboxWriter, SubjectClocks } from '@app/shared';
import { EscalationStep, EscalationTrigger, chainLevelOf, higherLevel, MAJOR_FAULT_RECIPIENTS, majorFaultOf, notifyFor } from './escalation.rules';
import { TicketActionRunner } from './ticket-action.runner';
import { TICKET_CLOCKS } from './ticket-clocks.rules';
import { Ticket, TicketEscalation } from './ticket.entities';
import { TicketStore } from './ticket-store';

export interface EscalationSpec {
  level: EscalationStep;
  trigger: EscalationTrigger;
  reason: string;
  by: string;
  skipReason?: string;
  /** Given to the customer manager; defaults to the resolution deadline. */
  expectedRestorationAt?: Date;
  crisisA?: boolean;
  majorFault?: boolean;
  /** The deadline whose breach caused it (joint handling: the hourly broadcasts count from it). */
  dueAt?: Date;
}

/**
 * Escalation (§1, 故障升级), by hand or automatically. Each one informs its recipients (the customer manager always,
 * with the symptom and the expected restoration time); the first one that makes the ticket a major fault reports
 * it at once to the province and the group.
 */
@Injectable()
export class EscalationService {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly store: TicketStore,
    private readonly clocks: SubjectClocks,
    private readonly runner: TicketActionRunner,
  ) {}

  private async resolutionDue(m: EntityManager, ticket: Ticket): Promise<Date | undefined> {
    const clocks = await this.clocks.ofSubjects(m, [ticket.id]);
    return clocks.find((c) => c.kind === TICKET_CLOCKS.resolution && c.status === 'running')?.dueAt ?? undefined;
  }

  async escalate(m: EntityManager, ticket: Ticket, spec: EscalationSpec): Promise<void> {
    const now = this.clock.now();
    if (spec.level === 'joint-handling') {
      if (ticket.jointHandling) return;
      ticket.jointHandling = true;
      await (await this.runner.context(m, ticket, spec.by)).clocks('joint-handling', {}, spec.dueAt ? { previousDue: spec.dueAt } : {});
    }
    ticket.escalationLevel = higherLevel(ticket.escalationLevel, chainLevelOf(spec.level));
    if (spec.crisisA) ticket.crisisA = true;
    const notify = notifyFor(spec.level, spec.crisisA);
    const expectedRestorationAt = spec.expectedRestorationAt ?? (await this.resolutionDue(m, ticket));
    await m.insert(TicketEscalation, {
      ticketId: ticket.id,
      level: spec.level,
      trigger: spec.trigger,
      reason: spec.reason,
      skipReason: spec.skipReason ?? null,
      expectedRestorationAt: expectedRestorationAt ?? null,
      at: now,
      by: spec.by,
      notify,
    });
    const major = majorFaultOf(spec.trigger, spec);
    const reportMajor = major.major && ticket.majorReportedAt === null;
    await this.store.record(m, ticket, 'escalate', spec.by, now, {
      level: spec.level,
      trigger: spec.trigger,
      reason: spec.reason,
      ...(spec.skipReason ? { skipReason: spec.skipReason } : {}),
      ...(expectedRestorationAt ? { expectedRestorationAt: expectedRestorationAt.toISOString() } : {}),
      notify,
      ...(spec.crisisA ? { crisisA: true } : {}),
      ...(reportMajor ? { majorReportedTo: [...MAJOR_FAULT_RECIPIENTS] } : {}),
    });
    await this.outbox.record(m, FaultEvents.ticketEscalated, ticket.id, {
      ticketId: ticket.id,
      number: ticket.number,
      customerId: ticket.customerId,
      level: spec.level,
      trigger: spec.trigger,
      reason: spec.reason,
      ...(spec.skipReason ? { skipReason: spec.skipReason } : {}),
      symptom: ticket.symptom,
      ...(expectedRestorationAt ? { expectedRestorationAt: expectedRestorationAt.toISOString() } : {}),
      notify,
      at: now.toISOString(),
    });
    if (reportMajor) {
      ticket.majorReportedAt = now;
      await this.outbox.record(m, FaultEvents.ticketMajorReported, ticket.id, {
        ticketId: ticket.id,
        number: ticket.number,
        customerId: ticket.customerId,
        ...(major.majorClass ? { majorClass: major.majorClass } : {}),
        reason: spec.reason,
        recipients: [...MAJOR_FAULT_RECIPIENTS],
        at: now.toISOString(),
      });
    }
    await this.store.save(m, ticket, 'escalate', now);
  }
}
