import { Injectable, OnModuleInit } from '@nestjs/common';
import { Caller, Clock, EventConsumer, QualityEvents, QualityWarningData } from '@app/shared';
import { EntityManager } from 'typeorm';
import { KnownCircuit, KnownCustomer } from '../inventory/inventory.entities';
import { IntakeService } from './intake.service';
import { MONITORING_REPORTER, warningFaultAt, warningSymptom } from './quality-warning.rules';
import { Ticket } from './ticket.entities';
import { TicketStore } from './ticket-store';

/** Quality monitoring acts as the platform itself: the ticket's opener and the timeline's `by`. */
const MONITORING: Caller = { sub: 'system', username: 'quality-monitoring', roles: ['noc'] };

/**
 * Quality monitoring's warnings (issue #15): a warning on a circuit with no open ticket opens a proactive ticket
 * (channel `monitoring`) with the warning as its evidence; on a circuit with an open ticket the evidence is added to
 * it. A warning that clears is recorded on the circuit's open ticket too.
 */
@Injectable()
export class QualityWarningEvents implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly intake: IntakeService,
    private readonly store: TicketStore,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.consumer.on(QualityEvents.warningRaised, (d, _e, m) => this.raised(m, d));
    this.consumer.on(QualityEvents.warningCleared, async (d, _e, m) => {
      const ticket = await this.openTicket(m, d.circuitId);
      if (ticket) await this.store.record(m, ticket, 'quality-warning-cleared', MONITORING.username, this.clock.now(), evidence(d));
    });
  }

  private async raised(m: EntityManager, d: QualityWarningData): Promise<void> {
    const now = this.clock.now();
    let ticket = await this.openTicket(m, d.circuitId);
    if (!ticket) {
      const circuit = await m.findOneBy(KnownCircuit, { id: d.circuitId });
      const customer = circuit && (await m.findOneBy(KnownCustomer, { id: circuit.customerId }));
      // Provisioning's events come before quality's in the one stream; a circuit unknown here has none to open.
      if (!circuit || !customer) throw new Error(`Circuit ${d.circuitCode} of a quality warning is not known to fault yet`);
      const reply = await this.intake.openWithin(m, {
        customerCode: customer.code,
        customerName: customer.name,
        serviceType: circuit.serviceType,
        circuitCode: circuit.code,
        direction: circuit.code,
        faultAt: warningFaultAt(d, now).toISOString(),
        reportedAt: now.toISOString(),
        symptom: warningSymptom(d),
        reporterName: MONITORING_REPORTER.name,
        reporterContact: MONITORING_REPORTER.contact,
        channel: 'monitoring',
      }, MONITORING);
      ticket = await m.findOneByOrFail(Ticket, { id: reply.ticket.id });
    }
    await this.store.record(m, ticket, 'quality-warning', MONITORING.username, now, evidence(d));
  }

  private openTicket(m: EntityManager, circuitId: string): Promise<Ticket | null> {
    return m
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .where('t.circuit_id = :circuitId', { circuitId })
      .andWhere(`t.status NOT IN ('closed', 'cancelled')`)
      .setLock('pessimistic_write')
      .getOne();
  }
}

/** What the timeline keeps of a warning: which KPI and rule, the limit, and the samples. */
function evidence(d: QualityWarningData): object {
  return { warningId: d.warningId, kpi: d.kpi, rule: d.rule, limit: d.limit, bad: d.bad, samples: d.samples, raisedAt: d.raisedAt, ...(d.clearedAt ? { clearedAt: d.clearedAt } : {}) };
}
