import { missingAccessEnds, operatorLegsNotClear, testReportFileProblems, testReportMissing } from './legs.rules';

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

  it('takes a test report file of its stated type only, within the size bound', () => {
    const pdf = Buffer.from('%PDF-1.4\n%…');
    expect(testReportFileProblems('application/pdf', pdf)).toEqual([]);
    expect(testReportFileProblems('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual([]);
    expect(testReportFileProblems('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toEqual([]);
    expect(testReportFileProblems('text/plain', Buffer.from('环回测试正常\r\n误码 0'))).toEqual([]);
    expect(testReportFileProblems('image/png', pdf)).toEqual([{ field: 'testReportFile.content', reason: 'is not a image/png file' }]);
    expect(testReportFileProblems('text/plain', Buffer.from([0x41, 0x00, 0x42]))).toHaveLength(1);
    expect(testReportFileProblems('text/plain', Buffer.from([0xc3, 0x28]))).toHaveLength(1);
    expect(testReportFileProblems('application/pdf', Buffer.alloc(0))).toEqual([{ field: 'testReportFile.content', reason: 'is empty' }]);
    expect(testReportFileProblems('application/pdf', Buffer.concat([pdf, Buffer.alloc(512 * 1024)]))[0].reason).toMatch(/at most 524288 bytes/);
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
