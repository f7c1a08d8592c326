import { AppError, FAULT_SETTINGS_DEFAULTS } from '@app/shared';
import { assertComplaintStep, complaintClock, stepAfter } from './complaint.rules';

const HOUR = 3_600_000;

describe('complaint rules (seed 003)', () => {
  const day = 8 * HOUR;

  it('counts whole working days the operators\' way, and fractions and hours in working time', () => {
    expect(complaintClock('sorting', true, FAULT_SETTINGS_DEFAULTS, day)).toEqual({ basis: 'working', limitMs: 2 * HOUR });
    expect(complaintClock('sorting', false, FAULT_SETTINGS_DEFAULTS, day)).toEqual({ basis: 'working', limitMs: 4 * HOUR });
    expect(complaintClock('analysis', true, FAULT_SETTINGS_DEFAULTS, day)).toEqual({ basis: 'working', limitMs: 4 * HOUR });
    expect(complaintClock('analysis', false, FAULT_SETTINGS_DEFAULTS, day)).toEqual({ basis: 'working-days', limitMs: 2 * day });
    expect(complaintClock('handling', true, FAULT_SETTINGS_DEFAULTS, day)).toEqual({ basis: 'working-days', limitMs: 2 * day });
    expect(complaintClock('handling', false, FAULT_SETTINGS_DEFAULTS, day)).toEqual({ basis: 'working-days', limitMs: 5 * day });
    expect(complaintClock('plan', true, FAULT_SETTINGS_DEFAULTS, day)).toEqual({ basis: 'working-days', limitMs: 5 * day });
    expect(complaintClock('plan', false, FAULT_SETTINGS_DEFAULTS, day)).toEqual({ basis: 'working-days', limitMs: 10 * day });
  });

  it('keeps 2 working hours for important sorting whatever the length of the working day', () => {
    expect(complaintClock('sorting', true, FAULT_SETTINGS_DEFAULTS, 7 * HOUR).limitMs).toBe(2 * HOUR);
    expect(complaintClock('sorting', false, FAULT_SETTINGS_DEFAULTS, 7 * HOUR).limitMs).toBe(3.5 * HOUR);
  });

  it('takes the limits from the settings: a fractional handling limit counts in working time', () => {
    expect(complaintClock('handling', false, { ...FAULT_SETTINGS_DEFAULTS, complaintHandlingGeneralWorkingDays: 1.5 }, day)).toEqual({ basis: 'working', limitMs: 12 * HOUR });
  });

  it('needs a plan instead of the handling when other departments are involved', () => {
    expect(stepAfter('analysed', true)).toBe('plan');
    expect(stepAfter('analysed', false)).toBe('handling');
    expect(stepAfter('resolved', false)).toBeNull();
  });

  it('takes the steps in order only', () => {
    expect(assertComplaintStep('received', 'sort')).toBe('sorted');
    expect(() => assertComplaintStep('received', 'analyse')).toThrow(AppError);
    expect(() => assertComplaintStep('received', 'analyse')).toThrow('The complaint is received: it cannot analyse now, the next step is sort');
    expect(() => assertComplaintStep('answered', 'answer')).toThrow('The complaint is answered: it cannot answer');
  });
});
