import { Limit, limitDefaults } from './limit';

/** The limits of reporting an operator may change: the analysis report's rules, the case library's search and suggestions (issue 16). */
export class ReportingSettings {
  @Limit('The analysis report recommends coordinated analysis of a circuit with … or more faults in the period (疑难故障, repeated faults)', 3, { min: 2, max: 100 })
  repeatedFaultsThreshold!: number;

  @Limit("A search hit holds at least … % of the query's terms (Chinese bigrams, English words)", 50, { min: 1, max: 100 })
  caseSearchMinCoveragePercent!: number;

  @Limit('A search or a suggestion scores at most … candidate cases', 2000, { min: 10, max: 100_000 })
  caseCandidatesMax!: number;

  @Limit('Suggestions shown for a ticket when the request names no limit', 5, { min: 1, max: 20 })
  caseSuggestionsShown!: number;

  @Limit('A suggested case of the same service type gains … % of a full text match', 15, { min: 0, max: 100 })
  caseSameServiceTypePercent!: number;

  @Limit('A suggested case of the same segment gains … % of a full text match', 10, { min: 0, max: 100 })
  caseSameSegmentPercent!: number;

  @Limit('A suggested case of the same cause category gains … % of a full text match', 20, { min: 0, max: 100 })
  caseSameCausePercent!: number;

  @Limit('Each net "helpful" mark of the NOC moves a suggested case by … % of a full text match', 5, { min: 0, max: 100 })
  caseFeedbackPercent!: number;

  @Limit('The feedback moves a suggested case by at most … % of a full text match, either way', 20, { min: 0, max: 100 })
  caseFeedbackCapPercent!: number;

  @Limit("The analysis report waits at most … ms for quality monitoring's availability and KPI section (without it: the section says why)", 5000, { min: 100, max: 60_000 })
  analysisQualityTimeoutMs!: number;

  @Limit('The analysis report lists at most … circuits in its availability and KPI section (worst availability first)', 200, { min: 1, max: 200 })
  analysisQualityCircuits!: number;
}

export const REPORTING_SETTINGS_DEFAULTS: ReportingSettings = limitDefaults(ReportingSettings);
