import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  AppError,
  businessNumber,
  Caller,
  CircuitGrade,
  Clock,
  FaultSettings,
  GroupCommit,
  idempotencyContext,
  IdempotentRequest,
  insertLater,
  isUniqueViolation,
  nextBusinessNumber,
  OpenTicketReply,
  OpenTicketRequest,
  ServiceSettings,
  ServiceType,
  statedTime,
  Tier,
  UnitOfWork,
} from '@app/shared';

import { KnownCircuit, KnownCustomer } from '../inventory/inventory.entities';
import { asSeenBy } from './customer-view';
import { EscalationService } from './escalation.service';
import { TicketActionRunner } from './ticket-action.runner';
import { Ticket } from './ticket.entities';
import { hotlineAnswerLate, ResolutionLimitRow, resolutionLimitMinutes } from './ticket.rules';
import { TicketStore } from './ticket-store';

/** One report to open: the request, who reports, and its idempotency key if it carries one. */
interface IntakeItem {
  req: OpenTicketRequest;
  caller: Caller;
  keyed?: IdempotentRequest;
}

type IntakeOutcome = { reply: OpenTicketReply } | { error: unknown };

/** What one round trip tells about a report's circuit (null fields: no such circuit). */
interface IntakeLookup {
  circuit: Pick<KnownCircuit, 'id' | 'code' | 'customerId' | 'serviceType' | 'grade'> | null;
  customer: Pick<KnownCustomer, 'id' | 'code' | 'name' | 'tier'> | null;
  openTicket: boolean;
  guarantee: { id: string; title: string } | null;
  cutover: { id: string; title: string } | null;
  settingsVersion: number;
  resolutionLimits: ResolutionLimitRow[];
  /** The next ticket number's sequence value, drawn only when the circuit has no open ticket. */
  numberSeq: number | null;
}

/** A report that passed every check: a known circuit of the stated customer, times in range. */
interface CheckedReport {
  item: IntakeItem;
  now: Date;
  faultAt: Date;
  reportedAt: Date;
  limits: FaultSettings;
  found: IntakeLookup & { circuit: NonNullable<IntakeLookup['circuit']>; customer: NonNullable<IntakeLookup['customer']> };
}

interface IntakeLookupRow {
  circuit_id: string | null;
  circuit_customer_id: string;
  service_type: ServiceType;
  grade: CircuitGrade;
  customer_id: string | null;
  customer_code: string | null;
  customer_name: string | null;
  customer_tier: Tier | null;
  open_ticket: boolean;
  guarantee: { id: string; title: string } | null;
  cutover: { id: string; title: string } | null;
  settings_version: number;
  resolution_limits: ResolutionLimitRow[] | null;
  number_seq: string | null;
}

/** Per report (circuit code, stated report time, fault time), in the order given. */
const INTAKE_LOOKUP_SQL = `
  SELECT l.*, CASE WHEN l.circuit_id IS NOT NULL AND NOT l.open_ticket THEN nextval('ticket_number_seq') END AS number_seq
  FROM (
    SELECT q.n, c.id AS circuit_id, c.customer_id AS circuit_customer_id, c.service_type, c.grade,
      k.id AS customer_id, k.code AS customer_code, k.name AS customer_name, k.tier AS customer_tier,
      EXISTS (SELECT 1 FROM ticket t WHERE t.circuit_id = c.id AND t.status NOT IN ('closed', 'cancelled')) AS open_ticket,
      (SELECT json_build_object('id', g.id, 'title', g.title) FROM guarantee g
        WHERE c.code = ANY(g.circuit_codes) AND NOT g.ended AND g.starts_at <= q.reported_at AND g.ends_at > q.reported_at LIMIT 1) AS guarantee,
      (SELECT json_build_object('id', x.id, 'title', x.title) FROM cutover x
        WHERE c.code = ANY(x.circuit_codes) AND x.window_start <= q.fault_at AND x.window_end > q.fault_at LIMIT 1) AS cutover,
      ${ServiceSettings.versionSql} AS settings_version,
      (SELECT json_agg(json_build_object('serviceType', r.service_type, 'tier', r.tier, 'grade', r.grade, 'limitMinutes', r.limit_minutes))
        FROM resolution_limit r) AS resolution_limits
    FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS q(code, reported_at, fault_at, n)
    LEFT JOIN known_circuit c ON c.code = q.code
    LEFT JOIN known_customer k ON k.id = c.customer_id
  ) l
  ORDER BY l.n`;

async function settle(open: () => Promise<OpenTicketReply>): Promise<IntakeOutcome> {
  try {
    return { reply: await open() };
  } catch (error) {
    return { error };
  }
}

function settleNow(answer: () => OpenTicketReply): IntakeOutcome {
  try {
    return { reply: answer() };
  } catch (error) {
    return { error };
  }
}

/** Reports opened together in one transaction at most. */
const MAX_BATCH = 100;
/** Batches in flight at once: one is looked up while another commits. */
const BATCHES_AT_ONCE = 2;

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

  /**
   * Reports arriving together are opened together: one transaction, one look-up and one write for the lot (group
   * commit), so the intake keeps up with a storm of reports. Each report still gets exactly its own answer, as if alone.
   */
  private readonly intakes = new GroupCommit<IntakeItem, IntakeOutcome>((items) => this.openBatch(items), MAX_BATCH, BATCHES_AT_ONCE);

  /** A customer's own user may report only its own circuits; another customer's circuit is as unknown to it. */
  async open(req: OpenTicketRequest, caller: Caller): Promise<OpenTicketReply> {
    const outcome = await this.intakes.submit({ req, caller, keyed: idempotencyContext.getStore() });
    if ('error' in outcome) throw outcome.error;
    return outcome.reply;
  }

  /**
   * Intake inside the caller's own transaction, for a report whose own record must commit with the ticket (a TMF621
   * report), or a ticket the platform itself reports (a quality warning's proactive ticket, applied once with the event
   * it comes from): the same checks, link or opening, clocks and events as `open`, without the group commit. The
   * caller's unit of work handles the idempotency key.
   */
  openWithin(m: EntityManager, req: OpenTicketRequest, caller: Caller): Promise<OpenTicketReply> {
    return this.openIn(m, { req, caller });
  }

  private async openBatch(items: IntakeItem[]): Promise<IntakeOutcome[]> {
    if (items.length === 1) return [await settle(() => this.openAlone(items[0]))];
    const outcomes: Array<IntakeOutcome | undefined> = [];
    const answered: IdempotentRequest[] = [];
    try {
      await this.uow.runForMany(async (m) => {
        const keyed = items.flatMap((i) => (i.keyed ? [i.keyed] : []));
        const answers = keyed.length > 0 ? await this.uow.answersFor<OpenTicketReply>(m, keyed) : new Map<string, () => OpenTicketReply>();
        const now = this.clock.now();
        const fresh = items.flatMap((item, i) => {
          const answer = item.keyed && answers.get(item.keyed.key);
          if (!answer) return [{ item, i }];
          outcomes[i] = settleNow(answer);
          answered.push(item.keyed!);
          return [];
        });
        const found = await this.lookup(m, fresh.map((f) => f.item), now);
        const limits = found.length > 0 ? (await this.settings.at(m, found[0].settingsVersion)).values : undefined;
        const opening = new Set<string>();
        for (const [j, { item, i }] of fresh.entries()) {
          let report: CheckedReport;
          try {
            report = this.check(item, found[j], limits!, now);
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            outcomes[i] = { error: err };
            continue;
          }
          // A duplicate report (or a second report of a circuit in this batch) waits to be linked on its own.
          if (report.found.openTicket || opening.has(report.found.circuit.id)) continue;
          opening.add(report.found.circuit.id);
          const reply = await this.create(m, report);
          outcomes[i] = { reply };
          if (item.keyed) {
            await this.uow.recordAnswer(m, item.keyed, reply);
            answered.push(item.keyed);
          }
        }
      });
    } catch {
      // The batch as a whole failed (a replica opened one of its circuits at the same moment, say): each on its own.
      return Promise.all(items.map((item) => settle(() => this.openAlone(item))));
    }
    this.uow.settled(answered);
    return Promise.all(items.map((item, i) => outcomes[i] ?? settle(() => this.openAlone(item))));
  }

  /** One report in a transaction of its own, with its idempotency key handled by the unit of work. */
  private openAlone(item: IntakeItem): Promise<OpenTicketReply> {
    const run = async () => {
      try {
        return await this.uow.run((m) => this.openIn(m, item));
      } catch (err) {
        // Two reports of the same circuit at the same moment: the other one opened it, so this one is a duplicate.
        if (isUniqueViolation(err)) return this.uow.run((m) => this.openIn(m, item));
        throw err;
      }
    };
    return item.keyed ? idempotencyContext.run(item.keyed, run) : idempotencyContext.exit(run);
  }

  private async openIn(m: EntityManager, item: IntakeItem): Promise<OpenTicketReply> {
    const now = this.clock.now();
    const [found] = await this.lookup(m, [item], now);
    const report = this.check(item, found, (await this.settings.at(m, found.settingsVersion)).values, now);
    return (found.openTicket && (await this.linkDuplicate(m, report))) || this.create(m, report);
  }

  /** The checks of a report against the inventory and the limits, in the order a caller is told of them. */
  private check(item: IntakeItem, found: IntakeLookup, limits: FaultSettings, now: Date): CheckedReport {
    const { req, caller } = item;
    const faultAt = statedTime('faultAt', req.faultAt, { now });
    const reportedAt = statedTime('reportedAt', req.reportedAt, { now, maxBackdateMinutes: limits.maxBackdateMinutes, notBefore: { at: faultAt, what: 'the fault (faultAt)' } });
    if (req.hotlineWaitSeconds !== undefined && req.channel !== 'hotline') {
      throw new AppError('VALIDATION_FAILED', 'hotlineWaitSeconds is for calls to the hotline', { fields: [{ field: 'hotlineWaitSeconds', reason: 'only for channel hotline' }] });
    }
    const { circuit, customer } = found;
    if (!circuit || (caller.customerId !== undefined && circuit.customerId !== caller.customerId)) {
      throw new AppError('CIRCUIT_UNKNOWN', `Circuit ${req.circuitCode} is not in the inventory`, {
        fields: [{ field: 'circuitCode', reason: 'no such circuit in the inventory' }],
      });
    }
    if (!customer) throw new AppError('CUSTOMER_UNKNOWN', `The customer of circuit ${circuit.code} is not known yet`);
    if (customer.code !== req.customerCode) {
      throw new AppError('CIRCUIT_CUSTOMER_MISMATCH', `Circuit ${circuit.code} belongs to customer ${customer.code}, not ${req.customerCode}`, {
        fields: [{ field: 'customerCode', reason: `circuit ${circuit.code} belongs to ${customer.code}` }],
      });
    }
    return { item, now, faultAt, reportedAt, limits, found: { ...found, circuit, customer } };
  }

  /** Links a second report to the circuit's open ticket; null when that ticket closed in the meantime. */
  private async linkDuplicate(m: EntityManager, { item, found, now, reportedAt }: CheckedReport): Promise<OpenTicketReply | null> {
    const { req, caller } = item;
    const existing = await m
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .where('t.circuit_id = :id', { id: found.circuit.id })
      .andWhere(`t.status NOT IN ('closed', 'cancelled')`)
      .setLock('pessimistic_write')
      .getOne();
    if (!existing) return null;
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

  /** Opens the ticket of a checked report, with its clocks running from the stated report time. */
  private async create(m: EntityManager, { item, found, now, faultAt, reportedAt, limits }: CheckedReport): Promise<OpenTicketReply> {
    const { req, caller } = item;
    const { circuit, customer } = found;
    // Looked up at the stated report and fault times, which validation has just accepted as they are.
    const { guarantee, cutover } = found;
    const ticket = m.create(Ticket, {
      id: randomUUID(),
      number: found.numberSeq !== null ? businessNumber('F', now, found.numberSeq) : await nextBusinessNumber(m, 'ticket_number_seq', 'F', now),
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
      resolutionLimitMinutes: resolutionLimitMinutes(found.resolutionLimits, { serviceType: circuit.serviceType, tier: customer.tier, grade: circuit.grade }),
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
    await insertLater(m, Ticket, ticket);
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
    await (await this.runner.context(m, ticket, caller.username, { limits, legIds: [] })).clocks('intake');
    if (guarantee) await this.escalations.escalate(m, ticket, { level: 'department', trigger: 'auto:guarantee', reason: `Fault on a circuit under guarantee: ${guarantee.title}`, by: 'system' });
    if (ticket.hqOutage) await this.escalations.escalate(m, ticket, { level: 'department', trigger: 'auto:hq-outage', reason: "Outage of a key customer's HQ business", by: 'system' });
    const view = guarantee || ticket.hqOutage ? await this.store.view(m, ticket) : this.store.viewOfNew(ticket);
    return { ticket: asSeenBy(caller, view), duplicate: false };
  }

  private async lookup(m: EntityManager, items: IntakeItem[], now: Date): Promise<IntakeLookup[]> {
    if (items.length === 0) return [];
    // Stated times as given: a time out of range is refused by the checks that follow, before anything is written.
    const at = (stated: string | undefined) => (stated === undefined ? now : new Date(stated));
    const rows = (await m.query(INTAKE_LOOKUP_SQL, [
      items.map((i) => i.req.circuitCode),
      items.map((i) => at(i.req.reportedAt)),
      items.map((i) => at(i.req.faultAt)),
    ])) as IntakeLookupRow[];
    return rows.map((row, i) => ({
      circuit: row.circuit_id
        ? { id: row.circuit_id, code: items[i].req.circuitCode, customerId: row.circuit_customer_id, serviceType: row.service_type, grade: row.grade }
        : null,
      customer: row.customer_id ? { id: row.customer_id, code: row.customer_code!, name: row.customer_name!, tier: row.customer_tier! } : null,
      openTicket: row.open_ticket,
      guarantee: row.guarantee,
      cutover: row.cutover,
      settingsVersion: row.settings_version,
      resolutionLimits: row.resolution_limits ?? [],
      numberSeq: row.number_seq === null ? null : Number(row.number_seq),
    }));
  }
}
