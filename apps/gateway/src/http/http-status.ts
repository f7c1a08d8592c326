import { ErrorCode } from '@app/shared';

/** The one place where an error code becomes an HTTP status. Exhaustive: a new code must be decided here. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'USER_NOT_FOUND':
    case 'CUSTOMER_NOT_FOUND':
    case 'TICKET_NOT_FOUND':
    case 'CLOCK_NOT_FOUND':
    case 'CIRCUIT_NOT_FOUND':
    case 'LEG_NOT_FOUND':
    case 'INCIDENT_NOT_FOUND':
    case 'COMPLAINT_NOT_FOUND':
    case 'ORDER_NOT_FOUND':
    case 'DEMAND_NOT_FOUND':
    case 'PROBLEM_NOT_FOUND':
    case 'VISIT_NOT_FOUND':
    case 'FOLLOW_UP_NOT_FOUND':
    case 'CHECKLIST_NOT_FOUND':
    case 'INSPECTION_NOT_FOUND':
    case 'DANGER_NOT_FOUND':
    case 'CAMPAIGN_NOT_FOUND':
    case 'GUARANTEE_NOT_FOUND':
    case 'CUTOVER_NOT_FOUND':
    case 'ACTIVITY_NOT_FOUND':
    case 'FAULT_REPORT_NOT_FOUND':
      return 404;
    case 'CUSTOMER_CODE_TAKEN':
    case 'USERNAME_TAKEN':
    case 'CIRCUIT_CODE_TAKEN':
    case 'INVALID_TRANSITION':
    case 'TICKET_NOT_RESTORED':
    case 'TICKET_NOT_SUSPENDED':
    case 'LEG_ALREADY_ACCEPTED':
    case 'LEG_NOT_ACCEPTED':
    case 'LEG_ALREADY_RESULTED':
    case 'SUSPENSION_NOT_REQUESTED':
    case 'OPERATOR_SIDE_NOT_CLEAR':
    case 'STEP_OUT_OF_ORDER':
    case 'WHOLE_ROUTE_NOT_COMPLETED':
    case 'EXTENSION_REASON_NOT_ALLOWED':
    case 'CONFLICT':
    case 'CLOCK_NOT_RUNNING':
    case 'CLOCK_NOT_PAUSED':
    case 'CLOCK_STOPPED':
    case 'CLOCK_NOT_STOPPED':
    case 'FAULT_REPORT_DISAGREES':
      return 409;
    case 'CUSTOMER_UNKNOWN':
    case 'CIRCUIT_UNKNOWN':
    case 'CIRCUIT_CUSTOMER_MISMATCH':
    case 'ACCESS_LEGS_REQUIRED':
    case 'TEST_REPORT_REQUIRED':
    case 'RESOURCE_CHECK_INVALID':
    case 'PLACE_UNKNOWN':
    case 'SEGMENT_UNKNOWN':
    case 'NOT_LEADING_BUREAU':
    case 'LOOPBACK_INPUT_INVALID':
    case 'ESCALATION_LEVEL_SKIPPED':
    case 'STATED_TIME_OUT_OF_RANGE':
    case 'CALENDAR_YEAR_MISSING':
    case 'CLOCK_STOP_TIME_INVALID':
    case 'FIX_EVIDENCE_REQUIRED':
    case 'CHECKLIST_RESULTS_INVALID':
    case 'CUTOVER_CUSTOMER_NOT_AFFECTED':
    case 'PERIOD_INVALID':
    case 'CAMPAIGN_SCOPE_EMPTY':
    case 'DOCUMENT_TOO_LARGE':
      return 422;
    case 'STALE_VERSION':
      return 412;
    case 'NOT_ACCEPTABLE':
      return 406;
    case 'IDEMPOTENCY_KEY_REUSED':
      return 422;
    case 'IDEMPOTENCY_IN_PROGRESS':
      return 409;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'SERVICE_TIMEOUT':
      return 504;
    case 'INTERNAL':
      return 500;
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}
