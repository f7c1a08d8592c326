import { Tier } from '../provisioning/customer';
import { Limit, limitDefaults } from './limit';

/** Every limit of after-sales service (§3) an operator may change; defaults are DOMAIN.md's and issue #12's. */
export class VisitsSettings {
  @Limit('Diamond customers are visited every … months', 1, { min: 1, max: 24 })
  visitEveryMonthsDiamond!: number;

  @Limit('Gold customers are visited every … months (quarterly)', 3, { min: 1, max: 24 })
  visitEveryMonthsGold!: number;

  @Limit('Silver customers are visited every … months (half-yearly)', 6, { min: 1, max: 24 })
  visitEveryMonthsSilver!: number;

  @Limit('Standard customers are visited every … months (yearly)', 12, { min: 1, max: 36 })
  visitEveryMonthsStandard!: number;

  @Limit('A crisis (apology) visit is due within … working days of the crisis ticket closing or the complaint being answered', 3, { min: 1, max: 30 })
  crisisVisitWorkingDays!: number;

  @Limit('A follow-up action without its own due date is due within … working days', 10, { min: 1, max: 120 })
  followUpWorkingDays!: number;

  @Limit('A hidden danger without its own due date is rectified within … working days', 10, { min: 1, max: 120 })
  rectificationWorkingDays!: number;

  @Limit('Warn the owner … working days before a follow-up or rectification is due', 1, { min: 0, max: 30 })
  taskWarnWorkingDays!: number;

  @Limit('Cutover notices go to the affected customers … working days before the window', 5, { min: 1, max: 60 })
  cutoverNoticeWorkingDays!: number;

  @Limit('How far back a recorder may state when something happened (minutes)', 4320, { min: 0, max: 60 * 24 * 60 })
  maxBackdateMinutes!: number;
}

export const VISITS_SETTINGS_DEFAULTS: VisitsSettings = limitDefaults(VisitsSettings);

type VisitFrequency = Pick<VisitsSettings, 'visitEveryMonthsDiamond' | 'visitEveryMonthsGold' | 'visitEveryMonthsSilver' | 'visitEveryMonthsStandard'>;

/** The months between visits a tier is planned for, as these limits set them (read by visits and by reporting). */
export function visitEveryMonths(tier: Tier, s: VisitFrequency): number {
  switch (tier) {
    case 'diamond':
      return s.visitEveryMonthsDiamond;
    case 'gold':
      return s.visitEveryMonthsGold;
    case 'silver':
      return s.visitEveryMonthsSilver;
    case 'standard':
      return s.visitEveryMonthsStandard;
  }
}
