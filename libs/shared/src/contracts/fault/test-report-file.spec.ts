import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { LegResultBody } from './ticket.requests';
import { testReportFileProblem } from './test-report-file';

describe("a leg's test report file", () => {
  const pdf = Buffer.from('%PDF-1.4\n%…');

  it('is of its stated type only (its first bytes), not empty, within the size bound', () => {
    expect(testReportFileProblem('application/pdf', pdf)).toBeUndefined();
    expect(testReportFileProblem('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBeUndefined();
    expect(testReportFileProblem('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBeUndefined();
    expect(testReportFileProblem('text/plain', Buffer.from('环回测试正常\r\n误码 0'))).toBeUndefined();
    expect(testReportFileProblem('image/png', pdf)).toBe('is not a image/png file');
    expect(testReportFileProblem('text/plain', Buffer.from([0x41, 0x00, 0x42]))).toBe('is not a text/plain file');
    expect(testReportFileProblem('text/plain', Buffer.from([0xc3, 0x28]))).toBe('is not a text/plain file');
    expect(testReportFileProblem('application/zip', pdf)).toMatch(/without a mimeType among/);
    expect(testReportFileProblem('application/pdf', Buffer.alloc(0))).toBe('is empty');
    expect(testReportFileProblem('application/pdf', Buffer.concat([pdf, Buffer.alloc(512 * 1024)]))).toMatch(/at most 524288 bytes/);
  });

  it('is refused by the contract naming its content', () => {
    const problems = (content: string, mimeType = 'application/pdf') =>
      validateSync(plainToInstance(LegResultBody, { result: 'no_fault', findings: 'f', testReportFile: { name: 'r.pdf', mimeType, content } })).flatMap((e) =>
        (e.children ?? []).map((c) => `${e.property}.${c.property}: ${Object.values(c.constraints ?? {}).join('; ')}`),
      );
    expect(problems(pdf.toString('base64'))).toEqual([]);
    expect(problems('x'.repeat(100_000))).toEqual(['testReportFile.content: content is not a application/pdf file']);
    expect(problems('不是base64')).toEqual(['testReportFile.content: content must be base64']);
    expect(problems(pdf.toString('base64'), 'image/png')).toEqual(['testReportFile.content: content is not a image/png file']);
  });
});
