import { Injectable, Logger } from '@nestjs/common';
import { DeliverPolicy, jetstream, JsMsg } from '@nats-io/jetstream';
import { AppError, Caller, EVENTS_STREAM, EventEnvelope, NotifierEvents, Role } from '@app/shared';
import { NatsLink } from '../http/nats-link';

/** One event as a portal receives it: `id` is the stream sequence, to resume from with Last-Event-ID. */
export interface LiveEvent {
  id: number;
  event: string;
  data: { type: string; subjectId: string; occurredAt: string; data: Record<string, unknown> };
}

/** The events portals are told of, by the short name they get in the stream, and who among the staff sees each. */
const LIVE: Record<string, { name: string; staff: Role[] }> = {
  'evt.fault.ticket.opened.v1': { name: 'ticket.opened', staff: ['noc', 'handling_unit', 'customer_engineer', 'customer_manager'] },
  'evt.fault.ticket.changed.v1': { name: 'ticket.changed', staff: ['noc', 'handling_unit', 'customer_engineer', 'customer_manager'] },
  'evt.fault.ticket.escalated.v1': { name: 'ticket.escalated', staff: ['noc', 'customer_manager'] },
  'evt.fault.ticket.major-reported.v1': { name: 'ticket.major-reported', staff: ['noc', 'customer_manager'] },
  'evt.fault.ticket.rated.v1': { name: 'ticket.rated', staff: ['noc', 'customer_engineer', 'customer_manager'] },
  'evt.fault.clock.warned.v1': { name: 'clock.warned', staff: ['noc', 'handling_unit'] },
  'evt.fault.clock.breached.v1': { name: 'clock.breached', staff: ['noc', 'handling_unit', 'customer_manager'] },
  'evt.provisioning.order.changed.v1': { name: 'order.changed', staff: ['customer_manager', 'project_manager'] },
  'evt.provisioning.clock.warned.v1': { name: 'clock.warned', staff: ['project_manager'] },
  'evt.provisioning.clock.breached.v1': { name: 'clock.breached', staff: ['customer_manager', 'project_manager'] },
  'evt.visits.guarantee.changed.v1': { name: 'guarantee.changed', staff: ['noc', 'customer_engineer', 'customer_manager'] },
  'evt.visits.visit.changed.v1': { name: 'visit.changed', staff: ['customer_engineer', 'customer_manager'] },
  'evt.visits.follow-up.changed.v1': { name: 'follow-up.changed', staff: ['customer_engineer', 'customer_manager'] },
  'evt.visits.inspection.changed.v1': { name: 'inspection.changed', staff: ['customer_engineer', 'customer_manager'] },
  'evt.visits.danger.changed.v1': { name: 'danger.changed', staff: ['customer_engineer', 'customer_manager'] },
  'evt.visits.campaign.changed.v1': { name: 'campaign.changed', staff: ['customer_engineer', 'customer_manager'] },
  // A cutover concerns several customers at once: staff only (a customer reads its own notice through GET /cutovers).
  'evt.visits.cutover.changed.v1': { name: 'cutover.changed', staff: ['noc', 'customer_engineer', 'customer_manager'] },
  'evt.visits.clock.warned.v1': { name: 'clock.warned', staff: ['customer_engineer', 'customer_manager'] },
  'evt.visits.clock.breached.v1': { name: 'clock.breached', staff: ['customer_engineer', 'customer_manager'] },
  // Admins only: next year's working-day schedule must be loaded.
  'evt.provisioning.calendar.next-year-missing.v1': { name: 'calendar.next-year-missing', staff: [] },
};

/** What a customer's own user sees: its customer's tickets, orders, guarantees and visits, and the limits of tickets and orders (not internal legs). */
const CUSTOMER_EVENTS = new Set(['ticket.opened', 'ticket.changed', 'order.changed', 'clock.warned', 'clock.breached', 'guarantee.changed', 'visit.changed']);
const CUSTOMER_CLOCK_SUBJECTS = new Set(['ticket', 'order', 'complaint']);
/** Who an order change notifies, and which staff member acted, stay internal. */
const INTERNAL_FIELDS = ['notify', 'by'];

/**
 * A ticket event as a customer may see it: only the part the fault service projected for customers (the cause the
 * customer was told, never the true one), as `GET /faults/{id}` shows it; an internal action has none.
 */
function customerTicketEvent(data: Record<string, unknown>): Record<string, unknown> | undefined {
  const part = data.customerView as Record<string, unknown> | undefined;
  if (!part) return undefined;
  return { ticketId: data.ticketId, number: data.number, customerId: data.customerId, ...part };
}

/** Whether this caller may see this event, and in what form. */
export function visibleTo(caller: Caller, envelope: EventEnvelope<Record<string, unknown>>): { event: string; data: Record<string, unknown> } | undefined {
  // A message in a user's inbox is that user's alone, whatever the roles (an administrator's included).
  if (envelope.type === NotifierEvents.inboxAdded.type) return envelope.data.userId === caller.sub ? { event: 'inbox.added', data: envelope.data } : undefined;
  const live = LIVE[envelope.type];
  if (!live) return undefined;
  if (caller.customerId === undefined) {
    return caller.roles.some((r) => r === 'admin' || live.staff.includes(r)) ? { event: live.name, data: envelope.data } : undefined;
  }
  const data = envelope.data;
  if (!CUSTOMER_EVENTS.has(live.name) || data.customerId !== caller.customerId) return undefined;
  if (live.name.startsWith('clock.')) {
    // The owning service says which of its clocks the customer may hear of (fault: first feedback, feedback and
    // resolution, as its clock routes show them); events from before it said so, and services declaring none, by subject.
    if (data.customerFacing !== undefined ? data.customerFacing !== true : !CUSTOMER_CLOCK_SUBJECTS.has(String(data.subjectType))) return undefined;
  }
  if (live.name.startsWith('ticket.')) {
    const projected = customerTicketEvent(data);
    return projected && { event: live.name, data: projected };
  }
  return { event: live.name, data: Object.fromEntries(Object.entries(data).filter(([k]) => !INTERNAL_FIELDS.includes(k))) };
}

/**
 * Live events for portals, read from the JetStream events stream with an ordered consumer per connection, so a
 * portal that reconnects with Last-Event-ID misses nothing that the stream still holds.
 */
@Injectable()
export class EventStream {
  private readonly logger = new Logger(EventStream.name);

  constructor(private readonly nats: NatsLink) {}

  /**
   * Calls `deliver` for each event the caller may see, after `afterSeq` (or from now), and `ended` if the consumer
   * fails (NATS gone): the portal then reconnects with Last-Event-ID. The result stops it.
   */
  async open(caller: Caller, afterSeq: number | undefined, deliver: (e: LiveEvent) => void, ended: () => void): Promise<() => Promise<void>> {
    const nc = this.nats.connection();
    if (!nc) throw new AppError('SERVICE_UNAVAILABLE', 'The gateway is not connected to NATS yet');
    const consumer = await jetstream(nc).consumers.get(
      EVENTS_STREAM,
      afterSeq === undefined ? { deliver_policy: DeliverPolicy.New } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 },
    );
    const messages = await consumer.consume();
    void (async () => {
      try {
        for await (const m of messages) this.forward(caller, m, deliver);
      } catch (err) {
        this.logger.warn(`Event stream of ${caller.username} ended: ${(err as Error).message}`);
      }
      ended();
    })();
    return async () => {
      await messages.close();
    };
  }

  private forward(caller: Caller, m: JsMsg, deliver: (e: LiveEvent) => void): void {
    let envelope: EventEnvelope<Record<string, unknown>>;
    try {
      envelope = m.json<EventEnvelope<Record<string, unknown>>>();
    } catch {
      return;
    }
    const visible = visibleTo(caller, envelope);
    if (!visible) return;
    deliver({ id: m.seq, event: visible.event, data: { type: envelope.type, subjectId: envelope.subjectId, occurredAt: envelope.occurredAt, data: visible.data } });
  }
}
