import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppError, Caller, Clock, FaultSettings, isUniqueViolation, nextBusinessNumber, OpenTicketReply, OpenTicketRequest, ServiceSettings, statedTime, UnitOfWork } from '@app/shared';

import { Cutover, Guarantee, KnownCircuit, KnownCustomer } from '../inventory/inventory.entities';
import { asSeenBy } from './customer-view';
import { EscalationService } from './escalation.service';
import { TicketActionRunner } from './ticket-action.runner';
import { ResolutionLimit, Ticket } from './ticket.entities';
import { hotlineAnswerLate, resolutionLimitMinutes } from './ticket.rules';
import { TicketStore } from './ticket-store';

/**
 * Intake (一站受理): checks the circuit and customer against the inventory, links a second report of a circuit that
 * already has an open ticket, and otherwise opens a ticket whose clocks run from the stated report time.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly store: TicketStore,
    private readonly runner: TicketActionRunner,
    private readonly escalations: EscalationService,
    private readonly settings: ServiceSettings<FaultSettings>,
  ) {}

  /** A customer's own user may report only its own circuits; another customer's circuit is as unknown to it. */
  async open(req: OpenTicketRequest, caller: Caller): Promise<OpenTicketReply> {
    try {
      return await this.uow.run((m) => this.openIn(m, req, caller));
    } catch (err) {
      // Two reports of the same circuit at the same moment: the other one opened it, so this one is a duplicate.
      if (isUniqueViolation(err)) return this.uow.run((m) => this.openIn(m, req, caller));
      throw err;
    }
  }

  private async openIn(m: EntityManager, req: OpenTicketRequest, caller: Caller): Promise<OpenTicketReply> {
    const now = this.clock.now();
    const limits = (await this.settings.get(m)).values;
    const faultAt = statedTime('faultAt', req.faultAt, { now });
    const reportedAt = statedTime('reportedAt', req.reportedAt, { now, maxBackdateMinutes: limits.maxBackdateMinutes, notBefore: { at: faultAt, what: 'the fault (faultAt)' } });
    if (req.hotlineWaitSeconds !== undefined && req.channel !== 'hotline') {
      throw new AppError('VALIDATION_FAILED', 'hotlineWaitSeconds is for calls to the hotline', { fields: [{ field: 'hotlineWaitSeconds', reason: 'only for channel hotline' }] });
    }
    const circuit = await m.findOneBy(KnownCircuit, { code: req.circuitCode });
    if (!circuit || (caller.customerId !== undefined && circuit.customerId !== caller.customerId)) {
      throw new AppError('CIRCUIT_UNKNOWN', `Circuit ${req.circuitCode} is not in the inventory`, {
        fields: [{ field: 'circuitCode', reason: 'no such circuit in the inventory' }],
      });
    }
    const customer = await m.findOneBy(KnownCustomer, { id: circuit.customerId });
    if (!customer) throw new AppError('CUSTOMER_UNKNOWN', `The customer of circuit ${circuit.code} is not known yet`);
    if (customer.code !== req.customerCode) {
      throw new AppError('CIRCUIT_CUSTOMER_MISMATCH', `Circuit ${circuit.code} belongs to customer ${customer.code}, not ${req.customerCode}`, {
        fields: [{ field: 'customerCode', reason: `circuit ${circuit.code} belongs to ${customer.code}` }],
      });
    }

    const existing = await m
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .where('t.circuit_id = :id', { id: circuit.id })
      .andWhere(`t.status NOT IN ('closed', 'cancelled')`)
      .setLock('pessimistic_write')
      .getOne();
    if (existing) {
      existing.duplicateReports += 1;
      await this.store.record(m, existing, 'duplicate-report', caller.username, now, {
        reporterName: req.reporterName,
        reporterContact: req.reporterContact,
        channel: req.channel,
        symptom: req.symptom,
        faultAt: req.faultAt,
        reportedAt: reportedAt.toISOString(),
      });
      await this.store.save(m, existing, 'duplicate-report', now);
      return { ticket: asSeenBy(caller, await this.store.view(m, existing)), duplicate: true };
    }

    const guarantee = await m
      .getRepository(Guarantee)
      .createQueryBuilder('g')
      .where(':code = ANY(g.circuit_codes)', { code: circuit.code })
      .andWhere('g.ended = false AND g.starts_at <= :at AND g.ends_at > :at', { at: reportedAt })
      .getOne();
    const cutover = await m
      .getRepository(Cutover)
      .createQueryBuilder('c')
      .where(':code = ANY(c.circuit_codes)', { code: circuit.code })
      .andWhere('c.window_start <= :at AND c.window_end > :at', { at: faultAt })
      .getOne();
    const ticket = m.create(Ticket, {
      id: randomUUID(),
      number: await nextBusinessNumber(m, 'ticket_number_seq', 'F', now),
      status: 'open',
      customerId: customer.id,
      customerCode: customer.code,
      customerName: customer.name,
      customerTier: customer.tier,
      circuitId: circuit.id,
      circuitCode: circuit.code,
      serviceType: circuit.serviceType,
      direction: req.direction,
      symptom: req.symptom,
      channel: req.channel,
      firstAskedUnit: req.firstAskedUnit ?? null,
      hotlineWaitSeconds: req.hotlineWaitSeconds ?? null,
      hotlineAnswerLate: req.hotlineWaitSeconds === undefined ? null : hotlineAnswerLate(req.hotlineWaitSeconds, limits),
      reporterName: req.reporterName,
      reporterContact: req.reporterContact,
      hqOutage: req.hqOutage ?? false,
      faultAt,
      reportedAt,
      openedAt: now,
      openedBy: caller.username,
      dispatchedAt: null,
      provinceEscalation: null,
      restoredAt: null,
      repairedAt: null,
      closedAt: null,
      resolutionLimitMinutes: resolutionLimitMinutes(await m.find(ResolutionLimit), { serviceType: circuit.serviceType, tier: customer.tier, grade: circuit.grade }),
      causeCategory: null,
      causeSegment: null,
      causeDescription: null,
      customerFacingCause: null,
      closedWithoutRestoration: false,
      duplicateReports: 0,
      reopenCount: 0,
      escalationLevel: null,
      jointHandling: false,
      underGuarantee: guarantee !== null,
      cutoverId: cutover?.id ?? null,
      crisisA: false,
      majorReportedAt: null,
      incidentId: null,
      version: 0,
    });
    await m.insert(Ticket, ticket);
    await this.store.record(m, ticket, 'intake', caller.username, now, {
      channel: req.channel,
      reportedAt: reportedAt.toISOString(),
      // 首问负责制: the machine room asked first recorded the report and forwarded it to the unified intake.
      ...(req.firstAskedUnit ? { firstAskedUnit: req.firstAskedUnit, forwardedToUnifiedIntake: true } : {}),
      ...(ticket.hotlineWaitSeconds !== null ? { hotlineWaitSeconds: ticket.hotlineWaitSeconds, hotlineAnswerLate: ticket.hotlineAnswerLate, hotlineAnswerSeconds: limits.hotlineAnswerSeconds } : {}),
      reporterName: req.reporterName,
      reporterContact: req.reporterContact,
      serviceTypeReported: req.serviceType,
      customerNameReported: req.customerName,
      ...(guarantee ? { guarantee: guarantee.title } : {}),
      ...(cutover ? { cutover: cutover.title } : {}),
    });
    await this.store.opened(m, ticket);
    await (await this.runner.context(m, ticket, caller.username)).clocks('intake');
    if (guarantee) await this.escalations.escalate(m, ticket, { level: 'department', trigger: 'auto:guarantee', reason: `Fault on a circuit under guarantee: ${guarantee.title}`, by: 'system' });
    if (ticket.hqOutage) await this.escalations.escalate(m, ticket, { level: 'department', trigger: 'auto:hq-outage', reason: "Outage of a key customer's HQ business", by: 'system' });
    return { ticket: asSeenBy(caller, await this.store.view(m, ticket)), duplicate: false };
  }
}
