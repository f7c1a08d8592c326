import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { rpc } from '../contract';
import { QualityStatisticsRow } from '../quality/statistics';
import { SatisfactionView } from './statistics';
import { IsCalendarDate } from '../stated-time';

/** The period of a network operation analysis report: Beijing dates, both included; default the previous full month. */
export class AnalysisReportQuery {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'First day (Beijing date); default: the first day of the previous month' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day, included (Beijing date); default: the last day of the previous month (with `from` alone: today)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class AnalysisReportRequest extends AnalysisReportQuery {
  @IsUUID() customerId!: string;
}

const RATE = { type: 'number', nullable: true, description: 'Percentage with two decimals; null when there is nothing to rate (0 of 0)' } as const;

export class AnalysisPeriodView {
  @ApiProperty({ example: '2026-11-01' }) from!: string;
  @ApiProperty({ example: '2026-11-30' }) to!: string;
  @ApiProperty({ description: 'Minutes in the period (Beijing days × 1440)' }) minutes!: number;
}

export class AnalysisCustomerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty({ type: String, nullable: true }) industry!: string | null;
  @ApiProperty() tier!: string;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
}

/** One circuit's availability in the period: counted outage = outage within the period minus exempt suspension. */
export class CircuitAvailabilityView {
  @ApiProperty({ format: 'uuid' }) circuitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() serviceType!: string;
  @ApiProperty() business!: string;
  @ApiProperty({ enum: ['critical', 'high', 'normal'] }) importance!: string;
  @ApiProperty({ enum: ['AAA', 'AA', 'A', 'B'] }) grade!: string;
  @ApiProperty({ enum: ['main', 'backup', 'none'] }) protection!: string;
  @ApiProperty({ description: 'Faults whose outage overlaps the period' }) faults!: number;
  @ApiProperty({ description: 'Outage minutes within the period (fault to restore, clipped), two decimals' }) outageMinutes!: number;
  @ApiProperty({ description: 'Of those, suspension minutes exempt (the ticket closed with a customer-side cause)' }) exemptMinutes!: number;
  @ApiProperty({ description: 'Outage minutes counted against availability' }) countedMinutes!: number;
  @ApiProperty({ description: 'Availability percentage with two decimals (100.00 without faults)', example: 99.79 }) availability!: number;
}

export class AnalysisCountView {
  @ApiProperty({ type: String, nullable: true, description: 'Cause category or segment; null: not known yet, or (customers) a cause told differently' }) key!: string | null;
  @ApiProperty() count!: number;
}

/** One fault of the period. A customer's user sees the cause as told to it: no category, segment or true description where a customer-facing cause was marked. */
export class AnalysisFaultView {
  @ApiProperty({ format: 'uuid' }) ticketId!: string;
  @ApiProperty({ type: String, nullable: true }) number!: string | null;
  @ApiProperty({ type: String, nullable: true }) circuitCode!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) faultAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) restoredAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Fault to restore, minutes with two decimals (null while not restored)' }) restoreMinutes!: number | null;
  @ApiProperty({ type: String, nullable: true }) status!: string | null;
  @ApiProperty({ type: String, nullable: true }) causeCategory!: string | null;
  @ApiProperty({ type: String, nullable: true }) causeSegment!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The cause as worded (the customer-facing one for customers where it was marked)' }) cause!: string | null;
  @ApiPropertyOptional({ type: String, description: 'Staff only: the cause told to the customer where the closure marked a difference' }) customerFacingCause?: string;
}

export class AnalysisFaultsView {
  @ApiProperty({ description: 'Faults that occurred in the period' }) total!: number;
  @ApiProperty({ type: [AnalysisCountView] }) byCause!: AnalysisCountView[];
  @ApiProperty({ type: [AnalysisCountView] }) bySegment!: AnalysisCountView[];
  @ApiProperty({ description: 'Faults restored in the period' }) restored!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean time to restore of those, minutes with two decimals' }) meanRestoreMinutes!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Worst time to restore of those, minutes with two decimals' }) worstRestoreMinutes!: number | null;
  @ApiProperty({ type: [AnalysisFaultView], description: 'The faults of the period by fault time, at most the first 500 (all of them are counted above)' }) list!: AnalysisFaultView[];
  @ApiProperty({ description: 'True when the period had more faults than the list holds' }) listTruncated!: boolean;
}

/** A fault clock kind's compliance: clocks settled in the period (stopped, or breached) and how many were met. */
export class ClockComplianceView {
  @ApiProperty({ example: 'resolution' }) kind!: string;
  @ApiProperty({ example: '故障历时' }) label!: string;
  @ApiProperty() met!: number;
  @ApiProperty() total!: number;
  @ApiProperty(RATE) rate!: number | null;
}

export class AnalysisProvisioningView {
  @ApiProperty({ description: 'Orders whose whole route was completed in the period' }) delivered!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty(RATE) onTimeRate!: number | null;
  @ApiProperty({ description: 'Warnings filed in the period' }) warnings!: number;
  @ApiProperty({ description: 'Violations recorded in the period, of both kinds' }) violations!: number;
  @ApiProperty() missedWithoutWarning!: number;
  @ApiProperty() falseCompletion!: number;
}

export class AnalysisAfterSalesView {
  @ApiProperty() visitsDone!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'The last visit done up to the end of the period' }) lastVisitAt!: string | null;
  @ApiProperty() inspectionsDone!: number;
  @ApiProperty() dangersFound!: number;
  @ApiProperty() dangersFixed!: number;
}

/** A low rating (score 2 or less) of a ticket closed in the period, with the customer's own comment. */
export class LowRatingView {
  @ApiProperty({ format: 'uuid' }) ticketId!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ type: String, nullable: true }) circuitCode!: string | null;
  @ApiProperty({ minimum: 1, maximum: 2 }) score!: number;
  @ApiProperty({ type: String, nullable: true, description: "The customer's comment" }) comment!: string | null;
  @ApiProperty({ format: 'date-time' }) ratedAt!: string;
}

/** Customer satisfaction (满意度评价): the customer's ratings of its tickets closed in the period, the low ones listed. */
export class AnalysisSatisfactionView extends SatisfactionView {
  @ApiProperty({ description: 'Tickets closed in the period: what the rated share is of' }) closed!: number;
  @ApiProperty({ type: [LowRatingView], description: 'Ratings of 2 or less, by rating time, at most the first 500' }) lowScores!: LowRatingView[];
  @ApiProperty({ description: 'True when there were more low ratings than the list holds' }) lowScoresTruncated!: boolean;
}

export const RECOMMENDATION_RULES = ['important-business-without-backup', 'repeated-faults', 'low-grade-important-business', 'visit-overdue'] as const;
export type RecommendationRule = (typeof RECOMMENDATION_RULES)[number];

export class RecommendationCircuitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
}

export class RecommendationView {
  @ApiProperty({ enum: RECOMMENDATION_RULES }) rule!: RecommendationRule;
  @ApiProperty({ type: [RecommendationCircuitView], description: 'The circuits it is about (none for a visit overdue)' }) circuits!: RecommendationCircuitView[];
  @ApiProperty({ example: '电路 GZ-001 承载重要业务(视频会议)但无备份电路,建议尽快增加备份电路或保护。' }) text!: string;
}

/** 网络运行分析报告: a customer's network over a period, from reporting's read models. */
/**
 * The availability and KPI section (seed 003 业务质量统计): from quality monitoring's hourly roll-ups, asked of the
 * quality service when the report is built. Absent figures and a reason when quality did not answer.
 */
export class AnalysisQualityView {
  @ApiProperty({ description: 'Quality monitoring answered' }) available!: boolean;
  @ApiPropertyOptional({ description: 'Why the section is empty' }) reason?: string;
  @ApiPropertyOptional({ type: QualityStatisticsRow, description: 'The customer as a whole' }) summary?: QualityStatisticsRow;
  @ApiProperty({ type: [QualityStatisticsRow], description: 'Per circuit (key: circuit id, label: code), lowest availability first' }) circuits!: QualityStatisticsRow[];
  @ApiProperty({ description: 'More circuits had samples than the section lists (setting analysisQualityCircuits)' }) circuitsTruncated!: boolean;
}

export class AnalysisReportView {
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ type: AnalysisCustomerView }) customer!: AnalysisCustomerView;
  @ApiProperty({ type: AnalysisPeriodView }) period!: AnalysisPeriodView;
  @ApiProperty({ type: [CircuitAvailabilityView], description: 'Every circuit of the customer, by code' }) availability!: CircuitAvailabilityView[];
  @ApiProperty({ type: AnalysisFaultsView }) faults!: AnalysisFaultsView;
  @ApiProperty({ type: [ClockComplianceView], description: 'Every fault clock kind, in a fixed order' }) clocks!: ClockComplianceView[];
  @ApiProperty({ type: AnalysisProvisioningView }) provisioning!: AnalysisProvisioningView;
  @ApiProperty({ type: AnalysisAfterSalesView }) afterSales!: AnalysisAfterSalesView;
  @ApiProperty({ type: AnalysisSatisfactionView }) satisfaction!: AnalysisSatisfactionView;
  @ApiProperty({ type: [RecommendationView] }) recommendations!: RecommendationView[];
  @ApiProperty({ type: AnalysisQualityView }) quality!: AnalysisQualityView;
}

export const AnalysisReportRpc = {
  get: rpc<AnalysisReportRequest, AnalysisReportView>('rpc.reporting.analysis-reports.get', AnalysisReportRequest),
};
