import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer, FaultEvents } from '@app/shared';

/**
 * The fault tickets of the circuits, from fault's events: which tickets a dial test may be asked from (an open one
 * of a known circuit) and which open ticket a failed result is evidence for. The version keeps a late event from
 * undoing a newer one.
 */
@Injectable()
export class TicketEvents implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    this.consumer.on(FaultEvents.ticketOpened, async (d, _e, m) => {
      await m.query(
        `INSERT INTO known_ticket (id, number, circuit_id, customer_id, status, version) VALUES ($1, $2, $3, $4, 'open', $5)
         ON CONFLICT (id) DO NOTHING`,
        [d.ticketId, d.number, d.circuitId, d.customerId, d.version ?? 0],
      );
    });
    this.consumer.on(FaultEvents.ticketChanged, async (d, _e, m) => {
      await m.query(
        `INSERT INTO known_ticket (id, number, circuit_id, customer_id, status, version) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version, circuit_id = coalesce(excluded.circuit_id, known_ticket.circuit_id)
         WHERE known_ticket.version <= excluded.version`,
        [d.ticketId, d.number, d.circuitId ?? null, d.customerId, d.status, d.version ?? 0],
      );
    });
  }
}
