import { checkEscalationStep, higherLevel, majorClassesOf, majorFaultOf, notifyFor } from './escalation.rules';

describe('escalation chain (§1: acceptor → supervisor → department → company, step by step)', () => {
  it('goes to the next level without a reason', () => {
    expect(checkEscalationStep(null, 'supervisor', undefined)).toEqual([]);
    expect(checkEscalationStep('supervisor', 'department', undefined)).toEqual([]);
    expect(checkEscalationStep('department', 'company', undefined)).toEqual([]);
  });

  it('refuses to skip a level without a reason, naming skipReason', () => {
    expect(() => checkEscalationStep(null, 'department', undefined)).toThrow(expect.objectContaining({ code: 'ESCALATION_LEVEL_SKIPPED' }));
    try {
      checkEscalationStep('supervisor', 'company', undefined);
      throw new Error('not refused');
    } catch (err) {
      expect(err).toMatchObject({ code: 'ESCALATION_LEVEL_SKIPPED', details: { skipped: ['department'], fields: [{ field: 'skipReason' }] } });
    }
  });

  it('skips levels with a reason, and says which', () => {
    expect(checkEscalationStep(null, 'company', '重要业务阻断')).toEqual(['supervisor', 'department']);
  });

  it('never goes down or stays level', () => {
    expect(() => checkEscalationStep('department', 'supervisor', 'x')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => checkEscalationStep('department', 'department', undefined)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(higherLevel('company', 'supervisor')).toBe('company');
    expect(higherLevel(null, 'supervisor')).toBe('supervisor');
  });

  it('always tells the customer manager', () => {
    for (const step of ['supervisor', 'department', 'company', 'joint-handling'] as const) expect(notifyFor(step)).toContain('customer_manager');
    expect(notifyFor('company', true)).toContain('warning_sms');
  });

  it('reports the major fault classes, crisis grade A and faults marked major', () => {
    expect(majorFaultOf('auto:guarantee', {})).toEqual({ major: true, majorClass: 3 });
    expect(majorFaultOf('auto:network-incident', {})).toEqual({ major: true, majorClass: 1 });
    expect(majorFaultOf('auto:joint-handling', {})).toEqual({ major: false });
    expect(majorFaultOf('manual', { crisisA: true })).toEqual({ major: true });
    expect(majorFaultOf('manual', { majorFault: true })).toEqual({ major: true });
  });

  it('names the major classes a ticket was escalated under, each once', () => {
    expect(majorClassesOf(['auto:guarantee', 'manual', 'auto:network-incident', 'auto:guarantee'])).toEqual([1, 3]);
    expect(majorClassesOf(['auto:joint-handling', 'manual'])).toEqual([]);
  });
});
