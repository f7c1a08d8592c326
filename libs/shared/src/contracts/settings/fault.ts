import { Limit, limitDefaults, NoLongerThan } from './limit';

const DAY_MINUTES = 24 * 60;

/**
 * Every limit of fault handling (§1) and complaints (seed 003) an operator may change; defaults are DOMAIN.md's. The
 * warning leads are not in DOMAIN.md: their defaults are ours (README, Fault handling).
 */
export class FaultSettings {
  @Limit('The province reviews and dispatches in parallel (minutes)', 5, { min: 1, max: DAY_MINUTES })
  dispatchMinutes!: number;

  // Not in DOMAIN.md: a fifth of the 5-minute limit, as the console showed it before there was a setting.
  @Limit('Warn this long before the dispatch is due (minutes; 0: no warning)', 1, { min: 0, max: DAY_MINUTES })
  @NoLongerThan('dispatchMinutes')
  dispatchWarnMinutes!: number;

  @Limit('Each handling unit accepts its dispatch, 接单确认 (minutes)', 5, { min: 1, max: DAY_MINUTES })
  acceptMinutes!: number;

  // Not in DOMAIN.md: a fifth of the 5-minute limit.
  @Limit("Warn this long before a unit's acceptance is due (minutes; 0: no warning)", 1, { min: 0, max: DAY_MINUTES })
  @NoLongerThan('acceptMinutes')
  acceptWarnMinutes!: number;

  @Limit('A handling unit reports progress every … minutes (bandwidth, MPLS VPN, new services, products)', 30, { min: 1, max: DAY_MINUTES })
  progressEveryMinutes!: number;

  @Limit('A handling unit reports progress every … minutes (switching / voice)', 60, { min: 1, max: DAY_MINUTES })
  progressEveryMinutesVoice!: number;

  // Not in DOMAIN.md: as long as the first feedback's lead before its 30 minutes.
  @Limit("Warn this long before a unit's next progress report is due, every service type (minutes; 0: no warning)", 5, { min: 0, max: DAY_MINUTES })
  @NoLongerThan('progressEveryMinutes', 'progressEveryMinutesVoice')
  progressWarnMinutes!: number;

  @Limit("The dispatcher answers a unit's report and passes new information to all units (minutes)", 5, { min: 1, max: DAY_MINUTES })
  answerMinutes!: number;

  @Limit('First feedback to the customer after intake (minutes)', 30, { min: 1, max: DAY_MINUTES })
  firstFeedbackMinutes!: number;

  @Limit('Warn this long before the first feedback is due (minutes; 0: no warning)', 5, { min: 0, max: DAY_MINUTES })
  @NoLongerThan('firstFeedbackMinutes')
  firstFeedbackWarnMinutes!: number;

  @Limit('Further feedback to the customer every … minutes until closed', 120, { min: 1, max: DAY_MINUTES })
  feedbackEveryMinutes!: number;

  @Limit('Warn this long before further feedback is due (minutes; 0: no warning)', 15, { min: 0, max: DAY_MINUTES })
  @NoLongerThan('feedbackEveryMinutes')
  feedbackWarnMinutes!: number;

  @Limit('Warn this long before the resolution limit (minutes; 0: no warning)', 30, { min: 0, max: DAY_MINUTES })
  resolutionWarnMinutes!: number;

  @Limit('Important customers (diamond, gold): emergency joint handling when unresolved after … minutes', 60, { min: 1, max: 7 * DAY_MINUTES })
  jointHandlingImportantMinutes!: number;

  @Limit('Other customers: joint handling when unresolved after … minutes', 180, { min: 1, max: 7 * DAY_MINUTES })
  jointHandlingOtherMinutes!: number;

  @Limit('Important customers: staff on site within … minutes of the fault', 120, { min: 1, max: 7 * DAY_MINUTES })
  onSiteImportantMinutes!: number;

  @Limit('During joint handling the NOC broadcasts status every … minutes', 60, { min: 1, max: DAY_MINUTES })
  broadcastEveryMinutes!: number;

  @Limit('The hotline answers within … seconds', 40, { min: 1, max: 3600 })
  hotlineAnswerSeconds!: number;

  @Limit('How far back a recorder may state when something happened (minutes)', 1440, { min: 0, max: 30 * DAY_MINUTES })
  maxBackdateMinutes!: number;

  @Limit('Complaint sorting, important (working hours)', 2, { min: 0.25, max: 80, fractional: true })
  complaintSortingImportantHours!: number;

  @Limit('Complaint sorting, general (working days)', 0.5, { min: 0.125, max: 30, fractional: true })
  complaintSortingGeneralWorkingDays!: number;

  @Limit('Complaint analysis and localisation, important (working days)', 0.5, { min: 0.125, max: 30, fractional: true })
  complaintAnalysisImportantWorkingDays!: number;

  @Limit('Complaint analysis and localisation, general (working days)', 2, { min: 0.125, max: 30, fractional: true })
  complaintAnalysisGeneralWorkingDays!: number;

  @Limit('Complaint handling without other departments, important (working days)', 2, { min: 0.125, max: 60, fractional: true })
  complaintHandlingImportantWorkingDays!: number;

  @Limit('Complaint handling without other departments, general (working days)', 5, { min: 0.125, max: 60, fractional: true })
  complaintHandlingGeneralWorkingDays!: number;

  @Limit('With other departments: a handling plan within, important (working days)', 5, { min: 0.125, max: 60, fractional: true })
  complaintPlanImportantWorkingDays!: number;

  @Limit('With other departments: a handling plan within, general (working days)', 10, { min: 0.125, max: 60, fractional: true })
  complaintPlanGeneralWorkingDays!: number;
}

export const FAULT_SETTINGS_DEFAULTS: FaultSettings = limitDefaults(FaultSettings);
