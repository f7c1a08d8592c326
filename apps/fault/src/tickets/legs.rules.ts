import { FieldProblem, LegResult, Segment, TEST_REPORT_FILE_MAX_BYTES, TestReportFileType } from '@app/shared';

/** Both access ends are mandatory in a dispatch (A端、Z端接入段); returns the ones missing. */
export function missingAccessEnds(segments: Iterable<Segment>): Segment[] {
  const present = new Set(segments);
  return (['a_access', 'z_access'] as const).filter((s) => !present.has(s));
}

/** A unit that finds no fault in its segment must attach a test report (判定电信段无故障须附带测试报告), as text or as a file. */
export function testReportMissing(result: LegResult, testReport: string | undefined, testReportFile?: unknown): boolean {
  return result === 'no_fault' && !testReport && !testReportFile;
}

/** How each accepted file type begins (its magic bytes); text is UTF-8 without NUL or other binary control bytes. */
const SIGNATURES: Record<Exclude<TestReportFileType, 'text/plain'>, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

function isPlainText(bytes: Buffer): boolean {
  if (!Buffer.from(bytes).equals(Buffer.from(bytes.toString('utf8'), 'utf8'))) return false;
  return !bytes.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
}

/** A test report file's problems: empty, over the size bound, or not of the type it states. */
export function testReportFileProblems(mimeType: TestReportFileType, bytes: Buffer): FieldProblem[] {
  if (bytes.length === 0) return [{ field: 'testReportFile.content', reason: 'is empty' }];
  if (bytes.length > TEST_REPORT_FILE_MAX_BYTES) return [{ field: 'testReportFile.content', reason: `must be at most ${TEST_REPORT_FILE_MAX_BYTES} bytes (${bytes.length} sent)` }];
  const fits = mimeType === 'text/plain' ? isPlainText(bytes) : SIGNATURES[mimeType].every((b, i) => bytes[i] === b);
  return fits ? [] : [{ field: 'testReportFile.content', reason: `is not a ${mimeType} file` }];
}

/** The operator's side: every leg but the customer's premises (先电信侧，后用户侧). */
export function isOperatorLeg(segment: Segment): boolean {
  return segment !== 'customer_premises';
}

export interface LegState {
  unit: string;
  segment: Segment;
  result: LegResult | null;
  testReport: string | null;
  testReportFileName: string | null;
}

/**
 * Suspension (挂起) needs the operator side proven clear: every operator leg returned "no fault" with its test
 * report. Returns the operator legs not yet proven clear (none: suspension may be asked for).
 */
export function operatorLegsNotClear<L extends LegState>(legs: L[]): L[] {
  return legs.filter((l) => isOperatorLeg(l.segment) && !(l.result === 'no_fault' && (l.testReport || l.testReportFileName)));
}
