import { Injectable } from '@nestjs/common';
import {
  AppError,
  Caller,
  LeadingBureauRequest,
  OrderStepRequest,
  OrderView,
  PlanRequest,
  ProgressReportRequest,
  ReviewOrderRequest,
  SegmentCompleteRequest,
  SurveyRequest,
  WholeRouteRequest,
} from '@app/shared';
import { OrderActions } from './order-actions';
import { OrderClocks } from './order-clocks';
import { OrderWarnings } from './order-warnings.service';
import { assertLeadingBureauOpen, assertPlanSegments, assertReportingBureau, clockChanges, openSegments } from './order.rules';

/** Steps 1–4 and 6: review, survey, plan, construction and testing, each starting and stopping its clocks. */
@Injectable()
export class OrderSteps {
  constructor(
    private readonly actions: OrderActions,
    private readonly clocks: OrderClocks,
    private readonly warnings: OrderWarnings,
  ) {}

  /** Step 1: approve (the survey clock starts) or return to the business manager with the reason (退单). */
  review(req: ReviewOrderRequest, caller: Caller): Promise<OrderView> {
    if (req.decision === 'return') {
      return this.actions.step(req, 'return', caller, async ({ m, order, at, limits }) => {
        order.returnReason = req.reason!;
        order.inWarningPool = false;
        await this.clocks.apply(m, order, clockChanges('return', order, limits), at, 'returned to the business manager');
        return { detail: { reason: req.reason }, notify: [order.businessManager] };
      });
    }
    return this.actions.step(req, 'approve', caller, async ({ m, order, at, limits }) => {
      order.projectManager = req.projectManager!;
      const due = await this.clocks.apply(m, order, clockChanges('approve', order, limits), at, 'approved');
      return { detail: { projectManager: order.projectManager, surveyDueAt: due.survey }, notify: [order.projectManager] };
    });
  }

  /** Step 2: the detailed survey; property problems go to the customer manager; the plan clock starts. */
  survey(req: SurveyRequest, caller: Caller): Promise<OrderView> {
    return this.actions.step(req, 'survey', caller, async ({ m, order, at, limits }) => {
      const due = await this.clocks.apply(m, order, clockChanges('survey', order, limits), at, 'survey done');
      return {
        detail: { findings: req.findings, ...(req.propertyIssues ? { propertyIssues: req.propertyIssues } : {}), planDueAt: due.plan },
        notify: req.propertyIssues ? [order.customerManager] : [],
      };
    });
  }

  /** Step 3: the plan, split into segments with their own periods, each with its clock; progress reports begin. */
  plan(req: PlanRequest, caller: Caller): Promise<OrderView> {
    return this.actions.step(req, 'plan', caller, async ({ m, order, at, limits }) => {
      assertPlanSegments(req.segments, order.requiredBy);
      order.segments = req.segments.map((s) => ({ name: s.name, from: s.from, to: s.to }));
      const due = await this.clocks.apply(m, order, clockChanges('plan', order, limits), at, 'plan made');
      return { detail: { summary: req.summary, segments: req.segments, dueAt: due } };
    });
  }

  /** Step 4: a progress report (weekly, or on the urgent order's cadence); the next one is due from it. */
  progress(req: ProgressReportRequest, caller: Caller): Promise<OrderView> {
    return this.actions.step(req, 'progress', caller, async ({ m, order, at, limits }) => {
      const due = await this.clocks.apply(m, order, clockChanges('progress', order, limits), at, 'progress reported');
      return { detail: { thisWeek: req.thisWeek, nextWeek: req.nextWeek, ...(req.warnItems ? { warnItems: req.warnItems } : {}), nextReportDueAt: due['weekly-report'] } };
    });
  }

  constructionDone(req: OrderStepRequest, caller: Caller): Promise<OrderView> {
    return this.actions.step(req, 'construction-done', caller, async ({ m, order, at, limits }) => {
      await this.clocks.apply(m, order, clockChanges('construction-done', order, limits), at, 'construction done');
    });
  }

  /** Step 6: a location reports its segment complete; that segment's clock stops. */
  segmentComplete(req: SegmentCompleteRequest, caller: Caller): Promise<OrderView> {
    return this.actions.step(req, 'segment-complete', caller, async ({ m, order, at, by, limits }) => {
      const segment = order.segments.find((s) => s.name === req.segment);
      if (!segment) {
        throw new AppError('SEGMENT_UNKNOWN', `The plan has no segment ${req.segment}`, {
          fields: [{ field: 'segment', reason: `not a segment of the plan (${order.segments.map((s) => s.name).join(', ')})` }],
        });
      }
      if (segment.completedAt) throw new AppError('STEP_OUT_OF_ORDER', `Segment ${req.segment} was reported complete at ${segment.completedAt}`, { step: order.step, segment: req.segment });
      order.segments = order.segments.map((s) => (s === segment ? { ...s, completedAt: at.toISOString(), completedBy: by } : s));
      await this.clocks.apply(m, order, clockChanges('segment-complete', order, limits, { segment: req.segment }), at, 'segment complete');
      return { detail: { segment: req.segment } };
    });
  }

  /**
   * Step 6: once every segment is complete, the leading bureau runs the whole-route test and reports completion with
   * its report; the service starts then, and the due date is measured then. Without the required end-to-end test it
   * is false reporting (the 2010-12-24 case), recorded as a violation.
   */
  wholeRoute(req: WholeRouteRequest, caller: Caller): Promise<OrderView> {
    return this.actions.step(req, 'whole-route', caller, async ({ m, order, at, limits }) => {
      const open = openSegments(order);
      if (open.length) {
        throw new AppError('STEP_OUT_OF_ORDER', `Each location reports its segment complete before the whole-route test: ${open.join(', ')} still open`, {
          step: 'testing',
          openSegments: open,
        });
      }
      const override = assertReportingBureau(order.leadingBureau, req.reportingBureau, req.overrideReason);
      if (order.requiredTest === 'end_to_end' && req.testType !== 'end_to_end') {
        order.violations = [
          ...order.violations,
          { kind: 'completion-without-end-to-end', at: at.toISOString(), detail: `Reported with a ${req.testType} test; the order needs an end-to-end test` },
        ];
      }
      order.wholeRoute = { testType: req.testType, testReport: req.testReport, reportingBureau: req.reportingBureau, ...(override ? { overrideReason: req.overrideReason } : {}) };
      order.wholeRouteCompletedAt = at;
      order.inWarningPool = false;
      this.warnings.settleMissedDate(order, at);
      const due = await this.clocks.apply(m, order, clockChanges('whole-route', order, limits), at, 'whole route complete');
      return {
        detail: { testType: req.testType, testReport: req.testReport, reportingBureau: req.reportingBureau, leadingBureau: order.leadingBureau, ...(override ? { overrideReason: req.overrideReason } : {}), ...due },
      };
    });
  }

  /** The leading bureau set by hand, with the reason (an end the ranking does not fit, an agreement between bureaus). */
  setLeadingBureau(req: LeadingBureauRequest, caller: Caller): Promise<OrderView> {
    return this.actions.aside(req, 'set-leading-bureau', caller, async ({ order, now, by }) => {
      assertLeadingBureauOpen(order.step);
      const before = order.leadingBureau;
      order.leadingBureau = { lead: 'manual', bureau: req.bureau, rule: 'manual', reason: req.reason, by, at: now.toISOString() };
      return { detail: { from: before, to: order.leadingBureau } };
    });
  }
}
