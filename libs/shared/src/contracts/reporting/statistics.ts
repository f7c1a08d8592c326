import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { rpc } from '../contract';
import { Page, PageQuery } from '../paging';
import { INDUSTRIES, Industry, TIERS, Tier } from '../provisioning/customer';
import { SERVICE_TYPES, ServiceType } from '../provisioning/circuit';
import { IsCalendarDate } from '../stated-time';

export const STATISTICS_METRICS = ['provisioning', 'visits', 'inspections', 'complaints', 'faults'] as const;
export type StatisticsMetric = (typeof STATISTICS_METRICS)[number];
export const STATISTICS_GROUPS = ['customer', 'industry', 'tier', 'region', 'serviceType', 'month'] as const;
export type StatisticsGroup = (typeof STATISTICS_GROUPS)[number];

/** A period of Beijing dates (both included), a grouping and filters. Rows are paged by offset, sorted by group. */
export class StatisticsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'First day of the period (Beijing date); default: the first day of the month of `to`' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day of the period, included (Beijing date); default: today' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: STATISTICS_GROUPS, default: 'customer', description: 'serviceType groups provisioning and faults only; month buckets by Beijing month' })
  @IsOptional()
  @IsIn(STATISTICS_GROUPS)
  groupBy?: StatisticsGroup;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: INDUSTRIES }) @IsOptional() @IsIn(INDUSTRIES) industry?: Industry;
  @ApiPropertyOptional({ enum: TIERS }) @IsOptional() @IsIn(TIERS) tier?: Tier;
  @ApiPropertyOptional({ example: '广东' }) @IsOptional() @IsString() @MaxLength(50) region?: string;
  @ApiPropertyOptional({ enum: SERVICE_TYPES, description: 'Provisioning and faults only' }) @IsOptional() @IsIn(SERVICE_TYPES) serviceType?: ServiceType;
}

class StatisticsRow {
  @ApiProperty({ description: "The group's key: customer id, industry, tier, region, service type or month (YYYY-MM); `unknown` where reporting has not learned it" })
  group!: string;
  @ApiPropertyOptional({ description: "The customer's name, grouped by customer" }) label?: string;
}

const RATE = { type: 'number', nullable: true, description: 'Percentage with two decimals; null when there is nothing to rate' } as const;

export class ProvisioningStatisticsView extends StatisticsRow {
  @ApiProperty({ description: 'Orders whose whole route was completed in the period' }) delivered!: number;
  @ApiProperty({ description: 'Of those, completed by the close of business of the required date (after any extension)' }) onTime!: number;
  @ApiProperty(RATE) onTimeRate!: number | null;
  @ApiProperty({ description: "Units' own warnings (预警) filed in the period" }) warnings!: number;
  @ApiProperty({ description: 'Of those, filed in time to spare the missed-date violation' }) timelyWarnings!: number;
  @ApiProperty({ description: "Orders that entered the warning pool in the period (a unit's warning, or the system 10 working days before the date)" }) warningPoolEntries!: number;
  @ApiProperty({ description: 'Violations recorded in the period, of both kinds' }) violations!: number;
  @ApiProperty({ description: 'Missed the date without an earlier warning (到期未完成且未预警)' }) missedWithoutWarning!: number;
  @ApiProperty({ description: 'Completion reported without the required end-to-end test (false reporting)' }) falseCompletion!: number;
}

export class VisitKindCounts {
  @ApiProperty() routine!: number;
  @ApiProperty() first!: number;
  @ApiProperty() festival!: number;
  @ApiProperty() crisis!: number;
}

export class VisitStatisticsView extends StatisticsRow {
  @ApiProperty({ description: 'Customers reporting knows in the group (by month: all of them, each month)' }) customersKnown!: number;
  @ApiProperty({ description: 'Of those, visited (a visit done) in the period' }) customersVisited!: number;
  @ApiProperty({ ...RATE, description: 'customersVisited / customersKnown, percentage with two decimals' }) coverageRate!: number | null;
  @ApiProperty({ description: 'Visits done in the period' }) visitsDone!: number;
  @ApiProperty({ type: VisitKindCounts, description: 'Visits done, by kind' }) byKind!: VisitKindCounts;
}

export class InspectionStatisticsView extends StatisticsRow {
  @ApiProperty({ description: 'Inspections done in the period' }) inspectionsDone!: number;
  @ApiProperty({ description: 'Hidden dangers (隐患) found in the period' }) dangersFound!: number;
  @ApiProperty({ description: 'Hidden dangers fixed in the period (and not reopened since)' }) dangersFixed!: number;
  @ApiProperty({ ...RATE, description: 'dangersFixed / dangersFound, percentage with two decimals' }) fixedRate!: number | null;
}

export class StepCompliance {
  @ApiProperty({ description: 'Clocks of the step settled in the period: stopped, or breached' }) settled!: number;
  @ApiProperty({ description: 'Of those, stopped within the limit' }) met!: number;
  @ApiProperty(RATE) rate!: number | null;
}

export class ComplaintStepCompliance {
  @ApiProperty({ type: StepCompliance }) sorting!: StepCompliance;
  @ApiProperty({ type: StepCompliance }) analysis!: StepCompliance;
  @ApiProperty({ type: StepCompliance }) handling!: StepCompliance;
  @ApiProperty({ type: StepCompliance }) plan!: StepCompliance;
}

export class ComplaintStatisticsView extends StatisticsRow {
  @ApiProperty({ description: 'Complaints received in the period' }) complaints!: number;
  @ApiProperty({ type: ComplaintStepCompliance, description: 'Time-limit compliance per step' }) steps!: ComplaintStepCompliance;
  @ApiProperty({ type: StepCompliance, description: 'All steps together' }) overall!: StepCompliance;
}

export class RestoreMinutes {
  @ApiProperty({ type: 'number', nullable: true, description: 'Mean minutes from the fault to the restore, two decimals; null when nothing was restored' }) mean!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'Median (the mean of the two middle values for an even count)' }) median!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: '90th percentile (nearest rank)' }) p90!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'The longest' }) worst!: number | null;
}

/** The fault clocks of DOMAIN.md §1 (apps/fault/src/tickets/ticket-clocks.rules.ts): the ticket's and its dispatch legs'. */
export class FaultClockCompliance {
  @ApiProperty({ type: StepCompliance, description: 'Province dispatches within 5 min of the report' }) dispatch!: StepCompliance;
  @ApiProperty({ type: StepCompliance, description: 'Each unit accepts its dispatch within 5 min' }) accept!: StepCompliance;
  @ApiProperty({ type: StepCompliance, description: 'Units report progress every 30 min (voice: 60)' }) progress!: StepCompliance;
  @ApiProperty({ type: StepCompliance, description: "The dispatcher answers a unit's report within 5 min" }) answer!: StepCompliance;
  @ApiProperty({ type: StepCompliance, description: 'First feedback to the customer within 30 min of the report' }) firstFeedback!: StepCompliance;
  @ApiProperty({ type: StepCompliance, description: 'Further feedback every 2 h until closed' }) feedback!: StepCompliance;
  @ApiProperty({ type: StepCompliance, description: 'Restored within the resolution limit (exempt suspension excluded)' }) resolution!: StepCompliance;
  @ApiProperty({ type: StepCompliance, description: 'Restored before emergency joint handling became due (important customers 1 h, others 3 h)' }) jointHandling!: StepCompliance;
  @ApiProperty({ type: StepCompliance, description: 'Staff on site within 2 h of the fault (important customers)' }) onSite!: StepCompliance;
  @ApiProperty({ type: StepCompliance, description: 'Hourly status broadcast during joint handling' }) broadcast!: StepCompliance;
}

/** How many ratings gave each score, 1 (very dissatisfied) to 5 (very satisfied). */
export class ScoreDistribution {
  @ApiProperty() '1'!: number;
  @ApiProperty() '2'!: number;
  @ApiProperty() '3'!: number;
  @ApiProperty() '4'!: number;
  @ApiProperty() '5'!: number;
}

/** Customer satisfaction (满意度评价) of the tickets closed in the period: the customers' ratings of them, whenever given. */
export class SatisfactionView {
  @ApiProperty({ description: 'Of the tickets closed in the period, those the customer has rated' }) rated!: number;
  @ApiProperty({ ...RATE, description: 'rated / tickets closed in the period, percentage with two decimals' }) ratedShare!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'Mean score of those rated, two decimals; null when none was rated' }) averageScore!: number | null;
  @ApiProperty({ type: ScoreDistribution, description: 'Ratings by score' }) distribution!: ScoreDistribution;
}

export class FaultStatisticsView extends StatisticsRow {
  @ApiProperty({ description: 'Tickets opened (intake) in the period, cancelled ones aside' }) opened!: number;
  @ApiProperty({ description: 'Tickets closed in the period' }) closed!: number;
  @ApiProperty({ description: 'Tickets restored in the period: what the restore times describe' }) restored!: number;
  @ApiProperty({ type: RestoreMinutes, description: 'Minutes from the fault to the restore of the tickets restored in the period' }) restoreMinutes!: RestoreMinutes;
  @ApiProperty({ type: FaultClockCompliance, description: 'Time-limit compliance per fault clock: clocks settled in the period (stopped, or breached), met of those' }) clocks!: FaultClockCompliance;
  @ApiProperty({ type: SatisfactionView, description: "Customers' ratings of the tickets closed in the period" }) satisfaction!: SatisfactionView;
}

export const StatisticsRpc = {
  provisioning: rpc<StatisticsQuery, Page<ProvisioningStatisticsView>>('rpc.reporting.statistics.provisioning', StatisticsQuery),
  visits: rpc<StatisticsQuery, Page<VisitStatisticsView>>('rpc.reporting.statistics.visits', StatisticsQuery),
  inspections: rpc<StatisticsQuery, Page<InspectionStatisticsView>>('rpc.reporting.statistics.inspections', StatisticsQuery),
  complaints: rpc<StatisticsQuery, Page<ComplaintStatisticsView>>('rpc.reporting.statistics.complaints', StatisticsQuery),
  faults: rpc<StatisticsQuery, Page<FaultStatisticsView>>('rpc.reporting.statistics.faults', StatisticsQuery),
};
