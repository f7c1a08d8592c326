import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, clockEvents, EscalationLevel, EventConsumer, FaultEvents, OutboxWriter, SubjectClocks } from '@app/shared';
import { Ticket, TicketEscalation } from './ticket.entities';
import { higherLevel, isOpen, LIMITS, notifyFor, TICKET_CLOCKS } from './ticket.rules';
import { TicketStore } from './ticket-store';

export interface EscalationSpec {
  level: EscalationLevel | 'joint-handling';
  trigger: string;
  reason: string;
  by: string;
  crisisA?: boolean;
}

/**
 * Escalation (§1, 故障升级): by hand with a reason, or automatically — a fault on a guaranteed circuit, a key
 * customer's HQ outage, joint handling after 1 h (important customers) or 3 h, staff not on site within 2 h, a
 * resolution limit passed. The automatic ones follow the fault service's own durable clock events.
 */
@Injectable()
export class EscalationService implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly store: TicketStore,
    private readonly clocks: SubjectClocks,
  ) {}

  onModuleInit(): void {
    this.consumer.on(clockEvents('fault').breached, async (d, _e, m) => {
      if (d.subjectType !== 'ticket') return;
      const ticket = await m.findOne(Ticket, { where: { id: d.subjectId }, lock: { mode: 'pessimistic_write' } });
      if (!ticket || !isOpen(ticket.status) || ticket.status === 'restored') return;
      switch (d.kind) {
        case TICKET_CLOCKS.jointHandling:
          await this.escalate(m, ticket, {
            level: 'joint-handling',
            trigger: 'auto:joint-handling',
            reason: `Not resolved within ${Math.round(d.limitMs / 60_000)} min: emergency joint handling by all specialties`,
            by: 'system',
          });
          break;
        case TICKET_CLOCKS.onSite:
          await this.escalate(m, ticket, { level: 'department', trigger: 'auto:on-site-overdue', reason: 'No staff on site within 2 h of the fault', by: 'system' });
          break;
        case TICKET_CLOCKS.resolution:
          await this.escalate(m, ticket, { level: 'supervisor', trigger: 'auto:resolution-overdue', reason: 'Past its resolution time limit', by: 'system' });
          break;
      }
    });
  }

  async escalate(m: EntityManager, ticket: Ticket, spec: EscalationSpec): Promise<void> {
    const now = this.clock.now();
    if (spec.level === 'joint-handling') {
      if (ticket.jointHandling) return;
      ticket.jointHandling = true;
      ticket.escalationLevel = higherLevel(ticket.escalationLevel, 'department');
      await this.clocks.start(m, 'ticket', ticket.id, TICKET_CLOCKS.broadcast, LIMITS.broadcastEveryMs, { customerId: ticket.customerId });
    } else {
      ticket.escalationLevel = higherLevel(ticket.escalationLevel, spec.level);
    }
    if (spec.crisisA) ticket.crisisA = true;
    const notify = notifyFor(spec.level, spec.crisisA);
    await m.insert(TicketEscalation, { ticketId: ticket.id, level: spec.level, trigger: spec.trigger, reason: spec.reason, at: now, by: spec.by, notify });
    await this.store.record(m, ticket, 'escalate', spec.by, now, { level: spec.level, trigger: spec.trigger, reason: spec.reason, notify, ...(spec.crisisA ? { crisisA: true } : {}) });
    await this.outbox.record(m, FaultEvents.ticketEscalated, ticket.id, {
      ticketId: ticket.id,
      number: ticket.number,
      customerId: ticket.customerId,
      level: spec.level,
      trigger: spec.trigger,
      reason: spec.reason,
      notify,
      at: now.toISOString(),
    });
    await this.store.save(m, ticket, 'escalate', now);
  }
}
