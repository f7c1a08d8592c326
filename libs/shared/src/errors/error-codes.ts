/**
 * Every error code that may cross a service boundary. The gateway maps each one to an HTTP status in
 * one exhaustive switch, so adding a code here without deciding its status fails to compile.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'USER_NOT_FOUND',
  'USERNAME_TAKEN',
  'NOT_FOUND',
  'CUSTOMER_NOT_FOUND',
  'TICKET_NOT_FOUND',
  'CUSTOMER_UNKNOWN',
  'CUSTOMER_CODE_TAKEN',
  'CIRCUIT_NOT_FOUND',
  'CIRCUIT_CODE_TAKEN',
  'CIRCUIT_UNKNOWN',
  'CIRCUIT_CUSTOMER_MISMATCH',
  'CONFLICT',
  'STALE_VERSION',
  'CLOCK_NOT_FOUND',
  'LEG_NOT_FOUND',
  'TEST_REPORT_FILE_NOT_FOUND',
  'INCIDENT_NOT_FOUND',
  'COMPLAINT_NOT_FOUND',
  'ORDER_NOT_FOUND',
  'DEMAND_NOT_FOUND',
  'PROBLEM_NOT_FOUND',
  'VISIT_NOT_FOUND',
  'FOLLOW_UP_NOT_FOUND',
  'CHECKLIST_NOT_FOUND',
  'INSPECTION_NOT_FOUND',
  'DANGER_NOT_FOUND',
  'CAMPAIGN_NOT_FOUND',
  'GUARANTEE_NOT_FOUND',
  'CUTOVER_NOT_FOUND',
  'ACTIVITY_NOT_FOUND',
  'FAULT_REPORT_NOT_FOUND',
  'CASE_NOT_FOUND',
  'DELIVERY_NOT_FOUND',
  'INBOX_MESSAGE_NOT_FOUND',
  'DELIVERY_NOT_DEAD',
  'RESOURCE_CHECK_INVALID',
  'STEP_OUT_OF_ORDER',
  'WHOLE_ROUTE_NOT_COMPLETED',
  'EXTENSION_REASON_NOT_ALLOWED',
  'PLACE_UNKNOWN',
  'SEGMENT_UNKNOWN',
  'NOT_LEADING_BUREAU',
  'INVALID_TRANSITION',
  'TICKET_NOT_RESTORED',
  'TICKET_NOT_SUSPENDED',
  'TICKET_NOT_CLOSED',
  'TICKET_ALREADY_RATED',
  'LEG_ALREADY_ACCEPTED',
  'LEG_NOT_ACCEPTED',
  'LEG_ALREADY_RESULTED',
  'ACCESS_LEGS_REQUIRED',
  'TEST_REPORT_REQUIRED',
  'LOOPBACK_INPUT_INVALID',
  'SUSPENSION_NOT_REQUESTED',
  'OPERATOR_SIDE_NOT_CLEAR',
  'ESCALATION_LEVEL_SKIPPED',
  'STATED_TIME_OUT_OF_RANGE',
  'CLOCK_NOT_RUNNING',
  'CLOCK_NOT_PAUSED',
  'CLOCK_STOPPED',
  'CLOCK_NOT_STOPPED',
  'CALENDAR_YEAR_MISSING',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  'CLOCK_STOP_TIME_INVALID',
  'FIX_EVIDENCE_REQUIRED',
  'CHECKLIST_RESULTS_INVALID',
  'CUTOVER_CUSTOMER_NOT_AFFECTED',
  'PERIOD_INVALID',
  'CAMPAIGN_SCOPE_EMPTY',
  'DOCUMENT_TOO_LARGE',
  'ANSWER_TOO_LARGE',
  'FAULT_REPORT_DISAGREES',
  'CASE_SOURCE_NOT_READY',
  'NOT_ACCEPTABLE',
  'METHOD_NOT_ALLOWED',
  'UNSUPPORTED_MEDIA_TYPE',
  'SERVICE_UNAVAILABLE',
  'SERVICE_TIMEOUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldProblem {
  field: string;
  reason: string;
}

/** The error contract: what a service answers when a request fails. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: { fields?: FieldProblem[] } & Record<string, unknown>;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string';
}
