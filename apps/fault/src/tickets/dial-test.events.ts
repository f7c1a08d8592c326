import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, DialTestCompletedData, DialTestEvents, EventConsumer } from '@app/shared';
import { EntityManager } from 'typeorm';
import { Ticket } from './ticket.entities';
import { TicketStore } from './ticket-store';

/** The probe system that ran the test is the timeline's `by`: never a person. */
const DIAL_TEST_BY = 'quality-dial-test';

/**
 * Quality monitoring's dial tests (issue #15): a failed one on a circuit with an open ticket is added to that ticket's
 * timeline as evidence of the faulty segment, as quality warnings are. A passed one, or one of a circuit with no open
 * ticket, opens nothing.
 */
@Injectable()
export class DialTestEvidenceEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly store: TicketStore,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.consumer.on(DialTestEvents.completed, async (d, _e, m) => {
      if (d.outcome !== 'failed') return;
      const ticket = await this.openTicket(m, d);
      if (ticket) await this.store.record(m, ticket, 'dial-test', `${DIAL_TEST_BY}:${d.source}`, this.clock.now(), evidence(d));
    });
  }

  /** The ticket the test was asked from while it is open, else the circuit's open ticket. */
  private async openTicket(m: EntityManager, d: DialTestCompletedData): Promise<Ticket | null> {
    const open = (where: string, params: object) =>
      m.getRepository(Ticket).createQueryBuilder('t').where(where, params).andWhere(`t.status NOT IN ('closed', 'cancelled')`).setLock('pessimistic_write').getOne();
    const asked = d.ticketId ? await open('t.id = :id AND t.circuit_id = :circuitId', { id: d.ticketId, circuitId: d.circuitId }) : null;
    return asked ?? open('t.circuit_id = :circuitId', { circuitId: d.circuitId });
  }
}

/** What the timeline keeps of a failed dial test: its kind, the measurements and where the probe places the fault. */
function evidence(d: DialTestCompletedData): object {
  const { dialTestId, kind, outcome, startedAt, finishedAt, ping, throughput, path, faultySegment, faultyHop, detail } = d;
  return Object.fromEntries(Object.entries({ dialTestId, kind, outcome, startedAt, finishedAt, ping, throughput, path, faultySegment, faultyHop, detail }).filter(([, v]) => v !== undefined));
}
