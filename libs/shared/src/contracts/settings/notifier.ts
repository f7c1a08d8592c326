import { Limit, limitDefaults } from './limit';

/** Every limit of the notifier's delivery (issue #14) an operator may change. */
export class NotifierSettings {
  @Limit('A delivery is attempted at most … times before it becomes a dead letter', 5, { min: 1, max: 50 })
  maxAttempts!: number;

  @Limit('The first retry waits … seconds; each further retry waits twice as long as the one before', 30, { min: 1, max: 3600 })
  retryBaseSeconds!: number;

  @Limit('No retry waits longer than … seconds', 3600, { min: 1, max: 7 * 24 * 3600 })
  retryMaxSeconds!: number;

  @Limit('Quiet hours for non-urgent SMS start at … minutes after Beijing midnight (1320 = 22:00)', 1320, { min: 0, max: 1439 })
  quietHoursStartMinute!: number;

  @Limit('Quiet hours for non-urgent SMS end at … minutes after Beijing midnight (420 = 07:00); equal to the start: no quiet hours', 420, { min: 0, max: 1439 })
  quietHoursEndMinute!: number;

  @Limit('At most … non-urgent SMS to one phone number within an hour', 5, { min: 1, max: 1000 })
  smsPerRecipientPerHour!: number;

  @Limit('An attempt still unanswered after … seconds (its sender died) is counted as failed and tried again', 60, { min: 5, max: 3600 })
  sendLeaseSeconds!: number;
}

export const NOTIFIER_SETTINGS_DEFAULTS: NotifierSettings = limitDefaults(NotifierSettings);
