import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeadlineClock, SubjectClocks } from '@app/shared';
import { ClockOrigin, ClockPlan } from './ticket-clocks.rules';
import { Ticket } from './ticket.entities';

/** The ticket and legs an action's clock plan addresses. */
export interface ClockTarget {
  ticket: Ticket;
  /** Every leg of the ticket. */
  legIds: string[];
  /** The leg acted on. */
  legId?: string;
  /** The legs this dispatch adds. */
  newLegIds?: string[];
}

export interface ClockTimes {
  /** The stated time of the action (a restore time), where the plan stops a clock as of it. */
  occurredAt?: Date;
  /** The deadline of the clock a new one follows (a missed broadcast). */
  previousDue?: Date;
}

export interface ClockPlanResult {
  stopped: DeadlineClock[];
  decided: DeadlineClock[];
  started: DeadlineClock[];
}

/** Executes the clock table of `ticket-clocks.rules.ts` against the deadline engine. */
@Injectable()
export class TicketClocks {
  constructor(private readonly clocks: SubjectClocks) {}

  private subjects(target: ClockTarget, subject: 'ticket' | 'leg' | 'legs' | 'newLegs'): string[] {
    switch (subject) {
      case 'ticket':
        return [target.ticket.id];
      case 'leg':
        return target.legId ? [target.legId] : [];
      case 'legs':
        return target.legIds;
      case 'newLegs':
        return target.newLegIds ?? [];
    }
  }

  private origin(from: ClockOrigin, ticket: Ticket, times: ClockTimes): Date | undefined {
    switch (from) {
      case 'reported':
        return ticket.reportedAt;
      case 'fault':
        return ticket.faultAt;
      case 'previousDue':
        return times.previousDue;
      case 'now':
        return undefined;
    }
  }

  async run(m: EntityManager, plan: ClockPlan, target: ClockTarget, reason: string, times: ClockTimes = {}): Promise<ClockPlanResult> {
    const result: ClockPlanResult = { stopped: [], decided: [], started: [] };
    for (const s of plan.stop) {
      const at = s.atOccurred ? times.occurredAt : undefined;
      result.stopped.push(
        ...(await this.clocks.stop(m, this.subjects(target, s.subject), [...s.kinds], { reason, exemptPauses: s.exemptPauses, ...(s.final === false ? { final: false } : {}), ...(at ? { at } : {}) })),
      );
    }
    if (plan.decide) result.decided.push(...(await this.clocks.decide(m, target.ticket.id, plan.decide.kind, { reason, exemptPauses: plan.decide.exemptPauses })));
    for (const s of plan.start) {
      const subjectType = s.subject === 'ticket' ? 'ticket' : 'leg';
      for (const id of this.subjects(target, s.subject)) {
        if (s.unlessRunning && (await this.clocks.running(m, [id], s.kind))) continue;
        const startedAt = this.origin(s.from, target.ticket, times);
        result.started.push(
          await this.clocks.start(m, subjectType, id, s.kind, s.limitMs, {
            customerId: target.ticket.customerId,
            ...(startedAt ? { startedAt } : {}),
            ...(s.warnBeforeMs ? { warnBeforeMs: s.warnBeforeMs } : {}),
          }),
        );
      }
    }
    for (const p of plan.pause) await this.clocks.pause(m, this.subjects(target, p.subject), [...p.kinds], reason);
    for (const p of plan.resume) await this.clocks.resume(m, this.subjects(target, p.subject), [...p.kinds], reason);
    return result;
  }
}
