import { AppError } from '@app/shared';
import { assertExtensionAllowed, nextStep, requiredTest } from './order.rules';

describe('order rules (§2)', () => {
  it('takes the seven steps strictly in order', () => {
    expect(nextStep('approve', 'review')).toBe('survey');
    expect(nextStep('whole-route', 'testing')).toBe('completion');
    expect(() => nextStep('plan', 'review')).toThrow(expect.objectContaining({ code: 'STEP_OUT_OF_ORDER' }));
    expect(() => nextStep('survey', 'plan')).toThrow('The order is at step plan; survey belongs to step survey');
  });

  it('refuses a handover before the whole-route completion with its own code', () => {
    expect(() => nextStep('handover', 'testing')).toThrow(expect.objectContaining({ code: 'WHOLE_ROUTE_NOT_COMPLETED' }));
    expect(() => nextStep('handover', 'completion')).toThrow(expect.objectContaining({ code: 'STEP_OUT_OF_ORDER' }));
    expect(nextStep('handover', 'handover')).toBe('done');
  });

  it('needs an end-to-end test for A-end circuits, MSTP, other carriers and when asked; otherwise seamless', () => {
    const base = { aEndCircuit: false, serviceType: 'ethernet' as const, toAnotherCarrier: false, endToEndRequested: false };
    expect(requiredTest(base)).toBe('seamless');
    expect(requiredTest({ ...base, aEndCircuit: true })).toBe('end_to_end');
    expect(requiredTest({ ...base, serviceType: 'mstp' })).toBe('end_to_end');
    expect(requiredTest({ ...base, toAnotherCarrier: true })).toBe('end_to_end');
    expect(requiredTest({ ...base, endToEndRequested: true })).toBe('end_to_end');
  });

  it('allows an extension for a customer reason only', () => {
    expect(() => assertExtensionAllowed('customer')).not.toThrow();
    for (const reason of ['resource', 'construction', 'property', 'third_party', 'other'] as const) {
      expect(() => assertExtensionAllowed(reason)).toThrow(AppError);
    }
  });
});
