import { Injectable } from '@nestjs/common';
import { AnalysisFaultView, AnalysisReportRequest, AnalysisReportView, AppError, Caller, Clock, ReportingSettings, ServiceSettings } from '@app/shared';
import { percentage } from '../statistics/statistics.rules';
import { AnalysisQuality } from './analysis-quality';
import { AnalysisQueries, FaultRow } from './analysis.queries';
import { MAX_LISTED_FAULTS, analysisPeriodOf, availability, compliance, countBy, faultForCustomer, minutes, outageOf, recommendations, restoreTimes, satisfactionSection, suspensionsOf } from './analysis.rules';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * The network operation analysis report of a customer and period, from reporting's read models. A customer's user
 * gets its own customer's only (another's is not found) and the causes as told to it.
 */
@Injectable()
export class AnalysisService {
  constructor(
    private readonly queries: AnalysisQueries,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings<ReportingSettings>,
    private readonly quality: AnalysisQuality,
  ) {}

  async get(req: AnalysisReportRequest, caller: Caller): Promise<AnalysisReportView> {
    const notFound = () => new AppError('CUSTOMER_NOT_FOUND', `No customer ${req.customerId}`);
    if (caller.customerId !== undefined && caller.customerId !== req.customerId) throw notFound();
    const now = this.clock.now();
    const period = analysisPeriodOf(req, now);
    const customer = await this.queries.customer(req.customerId);
    if (!customer) throw notFound();
    const [circuits, faults, clocks, orders, afterSales, limits, reporting, quality, rated] = await Promise.all([
      this.queries.circuits(customer.id),
      this.queries.faults(customer.id, period),
      this.queries.clocks(customer.id, period),
      this.queries.provisioning(customer.id, period),
      this.queries.afterSales(customer.id, period),
      this.queries.visitSettings(),
      this.settings.get(),
      this.quality.section(customer.id, period.start, period.end, caller),
      this.queries.ratings(customer.id, period),
    ]);
    const periodMs = period.end.getTime() - period.start.getTime();
    const inPeriod = (d: Date | null) => d !== null && d.getTime() >= period.start.getTime() && d.getTime() < period.end.getTime();

    const steps = await this.queries.suspensionSteps(faults.filter((f) => (f.resolutionExemptMs ?? 0) > 0).map((f) => f.ticketId));
    const perCircuit = new Map<string, { overlapping: number; occurred: number; outageMs: number; exemptMs: number; countedMs: number }>();
    for (const f of faults) {
      if (!f.circuitId) continue;
      const o = outageOf({ ...f, suspensions: suspensionsOf(steps.get(f.ticketId) ?? []) }, period, now);
      const c = perCircuit.get(f.circuitId) ?? { overlapping: 0, occurred: 0, outageMs: 0, exemptMs: 0, countedMs: 0 };
      c.overlapping += 1;
      if (inPeriod(f.faultAt)) c.occurred += 1;
      c.outageMs += o.outageMs;
      c.exemptMs += o.exemptMs;
      c.countedMs += o.countedMs;
      perCircuit.set(f.circuitId, c);
    }
    const availabilityRows = circuits.map((c) => {
      const s = perCircuit.get(c.id) ?? { overlapping: 0, occurred: 0, outageMs: 0, exemptMs: 0, countedMs: 0 };
      return {
        circuitId: c.id,
        code: c.code,
        serviceType: c.serviceType,
        business: c.business,
        importance: c.importance,
        grade: c.grade,
        protection: c.protection,
        faults: s.overlapping,
        outageMinutes: minutes(s.outageMs),
        exemptMinutes: minutes(s.exemptMs),
        countedMinutes: minutes(s.countedMs),
        availability: availability(s.countedMs, periodMs),
      };
    });

    const occurred = faults.filter((f) => inPeriod(f.faultAt));
    const staffList = occurred.map(faultView);
    const list = caller.customerId === undefined ? staffList : staffList.map(faultForCustomer);
    const restored = faults.filter((f) => inPeriod(f.restoredAt) && f.faultAt).map((f) => f.restoredAt!.getTime() - f.faultAt!.getTime());

    return {
      customerId: customer.id,
      customer: { id: customer.id, name: customer.name, code: customer.code, industry: customer.industry, tier: customer.tier, region: customer.region },
      period: { from: period.from, to: period.to, minutes: periodMs / 60_000 },
      availability: availabilityRows,
      faults: {
        total: list.length,
        byCause: countBy(list, (f) => f.causeCategory),
        bySegment: countBy(list, (f) => f.causeSegment),
        ...restoreTimes(restored),
        list: list.slice(0, MAX_LISTED_FAULTS),
        listTruncated: list.length > MAX_LISTED_FAULTS,
      },
      clocks: compliance(clocks),
      provisioning: {
        delivered: orders.delivered,
        onTime: orders.onTime,
        onTimeRate: percentage(orders.onTime, orders.delivered),
        warnings: orders.warnings,
        violations: orders.missed + orders.falseCompletion,
        missedWithoutWarning: orders.missed,
        falseCompletion: orders.falseCompletion,
      },
      afterSales: { ...afterSales, lastVisitAt: iso(afterSales.lastVisitAt) },
      // The customer's own ratings and comments: its own text, shown in its own report.
      satisfaction: satisfactionSection(rated.closed, rated.ratings),
      recommendations: recommendations(
        circuits.map((c) => ({ ...c, faults: perCircuit.get(c.id)?.occurred ?? 0 })),
        { tier: customer.tier, lastVisitAt: afterSales.lastVisitAt ? new Date(afterSales.lastVisitAt) : null, periodEnd: period.end, settings: limits },
        reporting.values.repeatedFaultsThreshold,
      ),
      quality,
    };
  }
}

/** A fault as staff see it: the true cause, and the customer-facing one where the closure marked a difference. */
function faultView(f: FaultRow): AnalysisFaultView {
  return {
    ticketId: f.ticketId,
    number: f.number,
    circuitCode: f.circuitCode,
    faultAt: iso(f.faultAt),
    restoredAt: iso(f.restoredAt),
    restoreMinutes: f.restoredAt && f.faultAt ? minutes(f.restoredAt.getTime() - f.faultAt.getTime()) : null,
    status: f.status,
    causeCategory: f.causeCategory,
    causeSegment: f.causeSegment,
    cause: f.causeDescription,
    ...(f.customerFacingCause !== null ? { customerFacingCause: f.customerFacingCause } : {}),
  };
}
