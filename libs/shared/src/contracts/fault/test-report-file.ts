import { registerDecorator, ValidationArguments } from 'class-validator';

/** The file types a leg's test report may be (the content must be one: its first bytes are checked). */
export const TEST_REPORT_FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const;
export type TestReportFileType = (typeof TEST_REPORT_FILE_TYPES)[number];
/** A test report file's size bound, decoded: with its base64 text it stays inside one request and one NATS message. */
export const TEST_REPORT_FILE_MAX_BYTES = 512 * 1024;

/** How each binary type begins (its magic bytes). */
const SIGNATURES: Record<Exclude<TestReportFileType, 'text/plain'>, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/** Text is UTF-8 without NUL or other control bytes but tab and line ends. */
function isPlainText(bytes: Buffer): boolean {
  if (!bytes.equals(Buffer.from(bytes.toString('utf8'), 'utf8'))) return false;
  return !bytes.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
}

/** Why a test report file is refused (empty, over the bound, not of the type it states), or undefined when it is not. */
export function testReportFileProblem(mimeType: unknown, bytes: Buffer): string | undefined {
  if (bytes.length === 0) return 'is empty';
  if (bytes.length > TEST_REPORT_FILE_MAX_BYTES) return `must be at most ${TEST_REPORT_FILE_MAX_BYTES} bytes (${bytes.length} sent)`;
  if (!(TEST_REPORT_FILE_TYPES as readonly unknown[]).includes(mimeType)) return `cannot be checked without a mimeType among ${TEST_REPORT_FILE_TYPES.join(', ')}`;
  const type = mimeType as TestReportFileType;
  const fits = type === 'text/plain' ? isPlainText(bytes) : SIGNATURES[type].every((b, i) => bytes[i] === b);
  return fits ? undefined : `is not a ${type} file`;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The base64 content of a file whose bytes are of the type its object states in `mimeType`, within the size bound. */
export function IsTestReportFileContent(): PropertyDecorator {
  const problem = (value: unknown, object: object): string | undefined => {
    if (typeof value !== 'string' || !BASE64.test(value)) return 'must be base64';
    return testReportFileProblem((object as { mimeType?: unknown }).mimeType, Buffer.from(value, 'base64'));
  };
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTestReportFileContent',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => problem(value, args!.object) === undefined,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${problem(args?.value, args?.object ?? {}) ?? 'is not a test report file'}`,
      },
    });
}
