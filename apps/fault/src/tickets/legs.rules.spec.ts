import { legActorRefusal, missingAccessEnds, operatorLegsNotClear, testReportMissing } from './legs.rules';

describe('dispatch legs (§1)', () => {
  it('needs both access ends', () => {
    expect(missingAccessEnds(['backbone'])).toEqual(['a_access', 'z_access']);
    expect(missingAccessEnds(['a_access', 'backbone'])).toEqual(['z_access']);
    expect(missingAccessEnds(['z_access', 'a_access'])).toEqual([]);
  });

  it('needs a test report to find no fault', () => {
    expect(testReportMissing('no_fault', undefined)).toBe(true);
    expect(testReportMissing('no_fault', '环回正常')).toBe(false);
    expect(testReportMissing('fault_found', undefined)).toBe(false);
    expect(testReportMissing('no_fault', undefined, { name: 'r.pdf' })).toBe(false);
  });

  it('proves the operator side clear only when every operator leg found no fault with a test report', () => {
    const leg = (segment: 'a_access' | 'z_access' | 'backbone' | 'customer_premises', result: 'no_fault' | 'fault_found' | null, testReport: string | null = 'r') => ({ unit: segment, segment, result, testReport, testReportFileName: null });
    const a = leg('a_access', 'no_fault');
    const z = leg('z_access', null);
    const backbone = leg('backbone', 'no_fault');
    const premises = leg('customer_premises', null);
    expect(operatorLegsNotClear([a, z, backbone, premises])).toEqual([z]);
    expect(operatorLegsNotClear([a, leg('z_access', 'no_fault'), backbone, premises])).toEqual([]);
    expect(operatorLegsNotClear([a, leg('z_access', 'fault_found')])).toHaveLength(1);
    expect(operatorLegsNotClear([a, leg('z_access', 'no_fault', null)])).toHaveLength(1);
    expect(operatorLegsNotClear([a, { ...leg('z_access', 'no_fault', null), testReportFileName: '测试报告.pdf' }])).toEqual([]);
  });
});

describe("who acts on a leg", () => {
  it("lets a handling unit's user act on its own unit's legs only, and the NOC and administrators on any", () => {
    expect(legActorRefusal({ roles: ['handling_unit'], unit: '广州本地网' }, '广州本地网')).toBeUndefined();
    expect(legActorRefusal({ roles: ['handling_unit'], unit: '广州本地网' }, '北京本地网')).toMatch(/北京本地网, not to 广州本地网/);
    expect(legActorRefusal({ roles: ['handling_unit'] }, '北京本地网')).toMatch(/no handling unit/);
    expect(legActorRefusal({ roles: ['noc'] }, '北京本地网')).toBeUndefined();
    expect(legActorRefusal({ roles: ['admin'] }, '北京本地网')).toBeUndefined();
    expect(legActorRefusal({ roles: ['handling_unit', 'noc'] }, '北京本地网')).toBeUndefined();
  });
});
