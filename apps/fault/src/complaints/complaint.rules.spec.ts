import { AppError } from '@app/shared';
import { assertComplaintStep, complaintLimitMs, stepAfter } from './complaint.rules';

const HOUR = 3_600_000;

describe('complaint rules (seed 003)', () => {
  it('gives each step its limit, important and general', () => {
    const day = 8 * HOUR;
    expect(complaintLimitMs('sorting', true, day)).toBe(2 * HOUR);
    expect(complaintLimitMs('sorting', false, day)).toBe(4 * HOUR);
    expect(complaintLimitMs('analysis', true, day)).toBe(4 * HOUR);
    expect(complaintLimitMs('analysis', false, day)).toBe(16 * HOUR);
    expect(complaintLimitMs('handling', true, day)).toBe(16 * HOUR);
    expect(complaintLimitMs('handling', false, day)).toBe(40 * HOUR);
    expect(complaintLimitMs('plan', true, day)).toBe(40 * HOUR);
    expect(complaintLimitMs('plan', false, day)).toBe(80 * HOUR);
  });

  it('keeps 2 working hours for important sorting whatever the length of the working day', () => {
    expect(complaintLimitMs('sorting', true, 7 * HOUR)).toBe(2 * HOUR);
    expect(complaintLimitMs('sorting', false, 7 * HOUR)).toBe(3.5 * HOUR);
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
