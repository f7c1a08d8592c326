import { Limit, limitDefaults } from './limit';

/** Every limit of pre-sale and the seven steps (§2) an operator may change; defaults are DOMAIN.md's. */
export class ProvisioningSettings {
  @Limit('Detailed resource survey within … working days of the review', 2, { min: 1, max: 60 })
  surveyWorkingDays!: number;

  @Limit('Implementation plan within … working days of the survey', 12, { min: 1, max: 120 })
  planWorkingDays!: number;

  @Limit('Construction progress report every … days (weekly)', 7, { min: 1, max: 31 })
  weeklyReportDays!: number;

  @Limit('Orders without progress reports enter the warning pool … working days before their due date', 10, { min: 1, max: 60 })
  warningPoolWorkingDays!: number;

  @Limit('A unit warning is timely … working days before the due date', 5, { min: 1, max: 60 })
  unitWarningWorkingDays!: number;

  @Limit('Urgent orders: a unit warning is timely … calendar days before the due date', 3, { min: 1, max: 60 })
  unitWarningUrgentDays!: number;

  @Limit('Cross-domain: completion recorded within … working days after the test report', 2, { min: 1, max: 30 })
  completionRecordWorkingDays!: number;

  @Limit('Cross-domain: handover form within … working days', 1, { min: 1, max: 30 })
  handoverFormWorkingDays!: number;

  @Limit('A resource check stays valid for … months', 1, { min: 1, max: 12 })
  resourceCheckValidityMonths!: number;

  @Limit('How far back a recorder may state when something happened (minutes)', 4320, { min: 0, max: 60 * 24 * 60 })
  maxBackdateMinutes!: number;
}

export const PROVISIONING_SETTINGS_DEFAULTS: ProvisioningSettings = limitDefaults(ProvisioningSettings);
