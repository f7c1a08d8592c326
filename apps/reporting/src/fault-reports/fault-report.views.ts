import { EntityManager, In } from 'typeorm';
import { FaultReportVersionView, FaultReportView, groupedBy } from '@app/shared';
import { CircuitDim, ClockFact, CustomerDim, FaultFact, TicketTimelineRow } from '../faults/reporting-tables.entity';
import { FaultReportVersion } from './fault-report-version.entity';
import { currentKind, disagreements, reviewRequired, shownCause, TicketFacts } from './fault-report.rules';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);
/** Only the fields that have a value: the same rows always give the same JSON. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}

export function ticketFacts(f: FaultFact): TicketFacts {
  return {
    status: f.status,
    faultAt: f.faultAt,
    reportedAt: f.reportedAt,
    restoredAt: f.restoredAt,
    repairedAt: f.repairedAt,
    closedAt: f.closedAt,
    causeCategory: f.causeCategory,
    causeSegment: f.causeSegment,
    causeDescription: f.causeDescription,
    customerFacingCause: f.customerFacingCause,
  };
}

function versionView(v: FaultReportVersion, facts: TicketFacts): FaultReportVersionView {
  return defined({
    n: v.n,
    kind: v.kind,
    status: v.status,
    reviewRequired: v.reviewRequired,
    measures: v.measures,
    preventiveMeasures: v.preventiveMeasures,
    summary: v.summary ?? undefined,
    stated: v.stated,
    disagreements: disagreements(v.kind, v.stated, facts),
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    reviewedBy: v.reviewedBy ?? undefined,
    reviewedAt: iso(v.reviewedAt),
    submittedBy: v.submittedBy ?? undefined,
    submittedAt: iso(v.submittedAt),
  });
}

/** The fault reports of these tickets as staff see them, built from the read model in one statement per table. */
export async function faultReportViews(m: EntityManager, facts: FaultFact[]): Promise<FaultReportView[]> {
  if (facts.length === 0) return [];
  const ids = facts.map((f) => f.ticketId);
  const customers = new Map((await m.findBy(CustomerDim, { id: In([...new Set(facts.map((f) => f.customerId))]) })).map((c) => [c.id, c]));
  const circuitIds = [...new Set(facts.flatMap((f) => (f.circuitId ? [f.circuitId] : [])))];
  const circuits = new Map((circuitIds.length ? await m.findBy(CircuitDim, { id: In(circuitIds) }) : []).map((c) => [c.id, c]));
  const steps = groupedBy(await m.find(TicketTimelineRow, { where: { ticketId: In(ids) }, order: { at: 'ASC', ticketVersion: 'ASC', eventId: 'ASC' } }), (r) => r.ticketId);
  const clocks = groupedBy(
    await m.find(ClockFact, { where: { subjectType: 'ticket', subjectId: In(ids) }, order: { kind: 'ASC', dueAt: 'ASC', clockId: 'ASC' } }),
    (c) => c.subjectId,
  );
  const versions = groupedBy(await m.find(FaultReportVersion, { where: { ticketId: In(ids) }, order: { n: 'ASC' } }), (v) => v.ticketId);
  return facts.map((f) => {
    const customer = customers.get(f.customerId);
    const circuit = f.circuitId ? circuits.get(f.circuitId) : undefined;
    const factsNow = ticketFacts(f);
    const written = versions.get(f.ticketId) ?? [];
    const shown = shownCause(factsNow);
    return defined({
      ticketId: f.ticketId,
      number: f.number ?? undefined,
      customerId: f.customerId,
      kind: currentKind(f.status),
      ticketStatus: f.status ?? undefined,
      symptom: f.symptom ?? undefined,
      times: defined({
        faultAt: iso(f.faultAt),
        reportedAt: iso(f.reportedAt),
        openedAt: iso(f.openedAt),
        restoredAt: iso(f.restoredAt),
        repairedAt: iso(f.repairedAt),
        closedAt: iso(f.closedAt),
      }),
      scope: defined({
        circuit: f.circuitId
          ? defined({
              id: f.circuitId,
              code: circuit?.code ?? f.circuitCode ?? '',
              serviceType: circuit?.serviceType ?? f.serviceType ?? undefined,
              business: circuit?.business,
              aProvince: circuit?.aProvince,
              zProvince: circuit?.zProvince,
            })
          : undefined,
        customer: defined({
          id: f.customerId,
          name: customer?.name,
          code: customer?.code ?? undefined,
          industry: customer?.industry ?? undefined,
          tier: customer?.tier,
          customerEngineer: customer?.customerEngineer ?? undefined,
        }),
        incidentId: f.incidentId ?? undefined,
      }),
      cause: defined({
        category: f.causeCategory ?? undefined,
        segment: f.causeSegment ?? undefined,
        shown: shown ?? undefined,
        trueDescription: f.customerFacingCause ? (f.causeDescription ?? undefined) : undefined,
      }),
      process: (steps.get(f.ticketId) ?? []).map((s) => ({ at: s.at.toISOString(), action: s.action, status: s.status, customerVisible: s.customerVisible })),
      clocks: (clocks.get(f.ticketId) ?? []).map((c) =>
        defined({
          kind: c.kind,
          met: c.met ?? undefined,
          breachedAt: iso(c.breachedAt),
          countedMs: c.countedMs === null ? undefined : Number(c.countedMs),
          exemptMs: c.exemptMs === null ? undefined : Number(c.exemptMs),
        }),
      ),
      reviewRequired: reviewRequired(customer?.tier, circuit),
      status: written.at(-1)?.status ?? 'none',
      versions: written.map((v) => versionView(v, factsNow)),
    });
  });
}
