import { Injectable } from '@nestjs/common';
import {
  Clock,
  ComplaintStatisticsView,
  FaultStatisticsView,
  InspectionStatisticsView,
  Page,
  pageBounds,
  ProvisioningStatisticsView,
  StatisticsGroup,
  StatisticsMetric,
  StatisticsQuery,
  VisitStatisticsView,
} from '@app/shared';
import { StatisticsQueries } from './statistics.queries';
import {
  assertGrouping,
  COMPLAINT_STEPS,
  complaintStepOf,
  FAULT_CLOCKS,
  FaultClockName,
  faultClockOf,
  groupRows,
  monthsOf,
  percentage,
  Period,
  periodOf,
  restoreMinutes,
  satisfaction,
  ScoreCounts,
  sortedGroups,
  UNKNOWN,
} from './statistics.rules';

type Row = { group: string; label?: string };

/** Statistics of a period: the read models counted per customer by the queries, grouped and rated by the rules. */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly queries: StatisticsQueries,
    private readonly clock: Clock,
  ) {}

  async provisioning(q: StatisticsQuery): Promise<Page<ProvisioningStatisticsView>> {
    const { by, period } = this.prepare('provisioning', q);
    const groups = groupRows(
      await this.queries.provisioning(q, period),
      by,
      () => ({ delivered: 0, onTime: 0, warnings: 0, timelyWarnings: 0, warningPoolEntries: 0, missedWithoutWarning: 0, falseCompletion: 0 }),
      (s, r) => {
        s.delivered += r.delivered;
        s.onTime += r.onTime;
        s.warnings += r.warnings;
        s.timelyWarnings += r.timelyWarnings;
        s.warningPoolEntries += r.poolEntries;
        s.missedWithoutWarning += r.missed;
        s.falseCompletion += r.falseCompletion;
      },
    );
    return this.page(q, [...groups].map(([group, { label, sum }]) => ({
      ...row(group, label),
      delivered: sum.delivered,
      onTime: sum.onTime,
      onTimeRate: percentage(sum.onTime, sum.delivered),
      warnings: sum.warnings,
      timelyWarnings: sum.timelyWarnings,
      warningPoolEntries: sum.warningPoolEntries,
      violations: sum.missedWithoutWarning + sum.falseCompletion,
      missedWithoutWarning: sum.missedWithoutWarning,
      falseCompletion: sum.falseCompletion,
    })));
  }

  /** Coverage: the customers known in each group against those visited in the period (by month: each month). */
  async visits(q: StatisticsQuery): Promise<Page<VisitStatisticsView>> {
    const { by, period } = this.prepare('visits', q);
    const customers = await this.queries.customers(q);
    const known = by === 'month' ? monthsOf(period).flatMap((month) => customers.map((c) => ({ ...c, month }))) : customers;
    const visited = await this.queries.visits(q, period);
    const empty = { visitsDone: 0, routine: 0, first: 0, festival: 0, crisis: 0 };
    const rows = [...known.map((c) => ({ ...c, ...empty, known: 1, visited: 0 })), ...visited.map((v) => ({ ...v, known: 0, visited: v.customerName !== null && v.visitsDone > 0 ? 1 : 0 }))];
    const groups = groupRows(rows, by, () => ({ known: 0, visited: 0, ...empty }), (s, r) => {
      s.known += r.known;
      s.visited += r.visited;
      s.visitsDone += r.visitsDone;
      s.routine += r.routine;
      s.first += r.first;
      s.festival += r.festival;
      s.crisis += r.crisis;
    });
    return this.page(q, [...groups].map(([group, { label, sum }]) => ({
      ...row(group, label),
      customersKnown: sum.known,
      customersVisited: sum.visited,
      coverageRate: percentage(sum.visited, sum.known),
      visitsDone: sum.visitsDone,
      byKind: { routine: sum.routine, first: sum.first, festival: sum.festival, crisis: sum.crisis },
    })));
  }

  async inspections(q: StatisticsQuery): Promise<Page<InspectionStatisticsView>> {
    const { by, period } = this.prepare('inspections', q);
    const groups = groupRows(await this.queries.inspections(q, period), by, () => ({ done: 0, found: 0, fixed: 0 }), (s, r) => {
      s.done += r.inspectionsDone;
      s.found += r.dangersFound;
      s.fixed += r.dangersFixed;
    });
    return this.page(q, [...groups].map(([group, { label, sum }]) => ({
      ...row(group, label),
      inspectionsDone: sum.done,
      dangersFound: sum.found,
      dangersFixed: sum.fixed,
      fixedRate: percentage(sum.fixed, sum.found),
    })));
  }

  async complaints(q: StatisticsQuery): Promise<Page<ComplaintStatisticsView>> {
    const { by, period } = this.prepare('complaints', q);
    const tally = () => ({ settled: 0, met: 0 });
    const groups = groupRows(
      await this.queries.complaints(q, period),
      by,
      () => ({ complaints: 0, steps: Object.fromEntries(COMPLAINT_STEPS.map((s) => [s, tally()])) as Record<(typeof COMPLAINT_STEPS)[number], { settled: number; met: number }> }),
      (s, r) => {
        s.complaints += r.complaints;
        const step = r.kind ? complaintStepOf(r.kind) : null;
        if (!step) return;
        s.steps[step].settled += r.settled;
        s.steps[step].met += r.met;
      },
    );
    const rated = (t: { settled: number; met: number }) => ({ ...t, rate: percentage(t.met, t.settled) });
    return this.page(q, [...groups].map(([group, { label, sum }]) => {
      const all = Object.values(sum.steps).reduce((a, t) => ({ settled: a.settled + t.settled, met: a.met + t.met }), tally());
      return {
        ...row(group, label),
        complaints: sum.complaints,
        steps: { sorting: rated(sum.steps.sorting), analysis: rated(sum.steps.analysis), handling: rated(sum.steps.handling), plan: rated(sum.steps.plan) },
        overall: rated(all),
      };
    }));
  }

  /** Fault counts, restore times, the compliance of every fault clock and the customers' satisfaction with the tickets closed. */
  async faults(q: StatisticsQuery): Promise<Page<FaultStatisticsView>> {
    const { by, period } = this.prepare('faults', q);
    const names = Object.keys(FAULT_CLOCKS) as FaultClockName[];
    const groups = groupRows(
      await this.queries.faults(q, period),
      by,
      () => ({ opened: 0, closed: 0, restored: 0, restoreMs: [] as number[], scores: [0, 0, 0, 0, 0] as ScoreCounts, clocks: Object.fromEntries(names.map((n) => [n, { settled: 0, met: 0 }])) as Record<FaultClockName, { settled: number; met: number }> }),
      (s, r) => {
        s.opened += r.opened;
        s.closed += r.closed;
        s.restored += r.restored;
        s.restoreMs.push(...r.restoreMs);
        [r.score1, r.score2, r.score3, r.score4, r.score5].forEach((n, i) => (s.scores[i] += n));
        const clock = r.kind ? faultClockOf(r.kind) : null;
        if (!clock) return;
        s.clocks[clock].settled += r.settled;
        s.clocks[clock].met += r.met;
      },
    );
    return this.page(q, [...groups].map(([group, { label, sum }]) => ({
      ...row(group, label),
      opened: sum.opened,
      closed: sum.closed,
      restored: sum.restored,
      restoreMinutes: restoreMinutes(sum.restoreMs),
      clocks: Object.fromEntries(names.map((n) => [n, { ...sum.clocks[n], rate: percentage(sum.clocks[n].met, sum.clocks[n].settled) }])) as unknown as FaultStatisticsView['clocks'],
      satisfaction: satisfaction(sum.closed, sum.scores),
    })));
  }

  private prepare(metric: StatisticsMetric, q: StatisticsQuery): { by: StatisticsGroup; period: Period } {
    assertGrouping(metric, q);
    return { by: q.groupBy ?? 'customer', period: periodOf(q, this.clock.now()) };
  }

  private page<T extends Row>(q: StatisticsQuery, items: T[]): Page<T> {
    const { limit, offset } = pageBounds(q);
    const all = sortedGroups(items, q.sort);
    const page: Page<T> = { items: all.slice(offset, offset + limit), limit, offset, hasMore: all.length > offset + limit };
    if (q.count === 'exact') page.total = all.length;
    return page;
  }
}

const row = (group: string, label: string | undefined): Row => ({ group, ...(label !== undefined && group !== UNKNOWN ? { label } : {}) });
