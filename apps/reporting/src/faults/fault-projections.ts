import { EntityManager } from 'typeorm';
import {
  CircuitData,
  CircuitEvents,
  ClockBreachedData,
  clockEvents,
  ClockEventData,
  ClockStoppedData,
  CustomerCreatedData,
  EventContract,
  EventEnvelope,
  FaultEvents,
  ProvisioningEvents,
  TicketChangedData,
  TicketOpenedData,
  TicketRatedData,
} from '@app/shared';

type Handler<T> = (data: T, envelope: EventEnvelope<T>, m: EntityManager) => Promise<void>;

/** What takes event handlers: the live consumer, or the rebuild's replay. */
export interface ProjectionSink {
  on<T extends object>(contract: EventContract<T>, handler: Handler<T>): void;
}

const at = (iso: string | undefined | null) => (iso ? new Date(iso) : null);

/**
 * The read models of faults, built only from the events of provisioning and fault. Every handler gives the same rows
 * whatever the order and however often it is applied: rows are keyed by what the event is about, and a row is only
 * overwritten by an event at least as recent (`at`, then the ticket's version).
 */
export function registerFaultProjections(sink: ProjectionSink): void {
  sink.on(ProvisioningEvents.customerCreated, (data, _e, m) => customerDim(m, data));
  sink.on(CircuitEvents.created, (data, e, m) => circuitDim(m, data, e.occurredAt));
  sink.on(CircuitEvents.updated, (data, e, m) => circuitDim(m, data, e.occurredAt));
  sink.on(FaultEvents.ticketOpened, (data, e, m) => ticketOpened(m, data, e.id));
  sink.on(FaultEvents.ticketChanged, (data, e, m) => ticketChanged(m, data, e.id));
  sink.on(FaultEvents.ticketRated, (data, _e, m) => ticketRated(m, data));
  const clocks = clockEvents('fault');
  sink.on(clocks.breached, (data, _e, m) => clockBreached(m, data));
  sink.on(clocks.stopped, (data, _e, m) => clockStopped(m, data));
}

async function customerDim(m: EntityManager, d: CustomerCreatedData): Promise<void> {
  await m.query(
    `INSERT INTO customer_dim (id, name, tier, code, industry, region, customer_engineer, customer_manager, contact_names)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET name = $2, tier = $3, code = $4, industry = $5, region = $6, customer_engineer = $7, customer_manager = $8,
       contact_names = $9`,
    [d.id, d.name, d.tier, d.code, d.industry, d.region ?? null, d.customerEngineer ?? null, d.customerManager ?? null, contactNames(d)],
  );
}

/** The customer's people by name (contacts and escalation list), once each. */
function contactNames(d: CustomerCreatedData): string[] {
  return [...new Set([...(d.contacts ?? []), ...(d.escalationList ?? [])].map((c) => c.name.trim()).filter((n) => n.length > 0))];
}

async function circuitDim(m: EntityManager, d: CircuitData, occurredAt: string): Promise<void> {
  await m.query(
    `INSERT INTO circuit_dim (id, code, customer_id, service_type, bandwidth_mbps, grade, business, importance, protection, a_province, a_city, z_province, z_city, state, as_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (id) DO UPDATE SET code = $2, customer_id = $3, service_type = $4, bandwidth_mbps = $5, grade = $6, business = $7, importance = $8,
       protection = $9, a_province = $10, a_city = $11, z_province = $12, z_city = $13, state = $14, as_of = $15
     WHERE circuit_dim.as_of <= $15`,
    [d.id, d.code, d.customerId, d.serviceType, d.bandwidthMbps, d.grade, d.business, d.importance, d.protection, d.aEnd.province, d.aEnd.city, d.zEnd.province, d.zEnd.city, d.state, occurredAt],
  );
}

/** The facts only the opened event carries; a change applied before it (out of order) keeps its own status and times. */
async function ticketOpened(m: EntityManager, d: TicketOpenedData, eventId: string): Promise<void> {
  await m.query(
    `INSERT INTO fault_fact (ticket_id, customer_id, opened_at, number, circuit_id, circuit_code, service_type, channel, symptom, status, fault_at, reported_at, changed_at, ticket_version, reporter_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $3, $12, $13)
     ON CONFLICT (ticket_id) DO UPDATE SET number = $4, circuit_id = $5, circuit_code = COALESCE($6, fault_fact.circuit_code), service_type = $7, channel = $8,
       symptom = $9, fault_at = $10, reported_at = $11, opened_at = $3, reporter_name = $13`,
    [d.ticketId, d.customerId, d.openedAt, d.number, d.circuitId, d.circuitCode ?? null, d.serviceType, d.channel, d.symptom ?? null, d.faultAt, d.reportedAt, d.version ?? 0, d.reporterName?.trim() || null],
  );
  await timelineRow(m, eventId, d.ticketId, d.openedAt, d.version ?? 0, 'intake', 'open', true);
}

async function ticketChanged(m: EntityManager, d: TicketChangedData, eventId: string): Promise<void> {
  await timelineRow(m, eventId, d.ticketId, d.at, d.version ?? null, d.action, d.status, d.customerView !== undefined);
  // An event from before the read-model fields were added describes only status, restore and cause.
  const complete = d.version !== undefined;
  const v = [
    d.ticketId, d.customerId, d.number, d.status, d.at, d.version ?? null,
    at(d.restoredAt), d.causeCategory ?? null, d.causeSegment ?? null, d.customerFacingCause ?? null,
    complete, d.circuitId ?? null, d.circuitCode ?? null, at(d.faultAt), at(d.reportedAt), at(d.openedAt ?? d.at),
    at(d.repairedAt), at(d.closedAt), d.causeDescription ?? null, d.incidentId ?? null, d.suspended ?? false, d.closedWithoutRestoration ?? false,
  ];
  await m.query(
    `INSERT INTO fault_fact AS f (ticket_id, customer_id, number, status, changed_at, ticket_version, restored_at, cause_category, cause_segment, customer_facing_cause,
       circuit_id, circuit_code, fault_at, reported_at, opened_at, repaired_at, closed_at, cause_description, incident_id, suspended, closed_without_restoration)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
     ON CONFLICT (ticket_id) DO UPDATE SET number = $3, status = $4, changed_at = $5, ticket_version = $6,
       restored_at = $7, cause_category = $8, cause_segment = $9, customer_facing_cause = $10,
       circuit_id = CASE WHEN $11 THEN $12 ELSE f.circuit_id END,
       circuit_code = CASE WHEN $11 THEN $13 ELSE f.circuit_code END,
       fault_at = CASE WHEN $11 THEN $14 ELSE f.fault_at END,
       reported_at = CASE WHEN $11 THEN $15 ELSE f.reported_at END,
       repaired_at = CASE WHEN $11 THEN $17 ELSE f.repaired_at END,
       closed_at = CASE WHEN $11 THEN $18 ELSE f.closed_at END,
       cause_description = CASE WHEN $11 THEN $19 ELSE f.cause_description END,
       incident_id = CASE WHEN $11 THEN $20 ELSE f.incident_id END,
       suspended = CASE WHEN $11 THEN $21 ELSE f.status = 'suspended' END,
       closed_without_restoration = CASE WHEN $11 THEN $22 ELSE f.closed_without_restoration END
     WHERE f.changed_at IS NULL OR (f.changed_at, COALESCE(f.ticket_version, -1)) <= ($5::timestamptz, COALESCE($6::int, -1))`,
    v,
  );
}

/**
 * The customer's rating, keyed by its ticket: a ticket is rated once, so a redelivery changes nothing; a later rating
 * (should the fault service ever allow one) replaces an earlier. It needs no fault_fact row: arriving before the
 * ticket's own events, it keeps the closing time it carries until the ticket's row tells it.
 */
async function ticketRated(m: EntityManager, d: TicketRatedData): Promise<void> {
  await m.query(
    `INSERT INTO rating_fact (ticket_id, customer_id, number, circuit_code, score, comment, rated_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (ticket_id) DO UPDATE SET customer_id = $2, number = $3, circuit_code = $4, score = $5, comment = $6, rated_at = $7, closed_at = $8
     WHERE rating_fact.rated_at < $7`,
    [d.ticketId, d.customerId, d.number, d.circuitCode, d.score, d.comment ?? null, d.ratedAt, d.closedAt ?? null],
  );
}

async function timelineRow(m: EntityManager, eventId: string, ticketId: string, atIso: string, version: number | null, action: string, status: string, customerVisible: boolean): Promise<void> {
  await m.query(
    `INSERT INTO ticket_timeline (event_id, ticket_id, at, ticket_version, action, status, customer_visible) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
    [eventId, ticketId, atIso, version, action, status, customerVisible],
  );
}

async function clockRow(m: EntityManager, d: ClockEventData): Promise<void> {
  await m.query(
    `INSERT INTO clock_fact (clock_id, service, subject_type, subject_id, customer_id, kind, limit_ms, due_at) VALUES ($1, 'fault', $2, $3, $4, $5, $6, $7)
     ON CONFLICT (clock_id) DO NOTHING`,
    [d.clockId, d.subjectType, d.subjectId, d.customerId ?? null, d.kind, d.limitMs, d.dueAt ?? null],
  );
}

async function clockBreached(m: EntityManager, d: ClockBreachedData): Promise<void> {
  await clockRow(m, d);
  await m.query(`UPDATE clock_fact SET breached_at = LEAST(COALESCE(breached_at, $2), $2) WHERE clock_id = $1`, [d.clockId, d.breachedAt]);
}

async function clockStopped(m: EntityManager, d: ClockStoppedData): Promise<void> {
  await clockRow(m, d);
  await m.query(`UPDATE clock_fact SET stopped_at = $2, met = $3, counted_ms = $4, exempt_ms = $5, stop_reason = $6, due_at = COALESCE($7, due_at) WHERE clock_id = $1`, [
    d.clockId,
    d.stoppedAt,
    d.met,
    d.countedMs,
    d.exemptMs,
    d.reason,
    d.dueAt ?? null,
  ]);
}
