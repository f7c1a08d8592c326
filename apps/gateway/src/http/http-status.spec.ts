import { ERROR_CODES } from '@app/shared';
import { httpStatusOf } from './http-status';

describe('httpStatusOf', () => {
  it('gives every error code a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) {
      const status = httpStatusOf(code);
      expect(status >= 400 && status < 600).toBe(true);
    }
  });

  it('maps the transport failures to 503 and 504', () => {
    expect(httpStatusOf('SERVICE_UNAVAILABLE')).toBe(503);
    expect(httpStatusOf('SERVICE_TIMEOUT')).toBe(504);
    expect(httpStatusOf('VALIDATION_FAILED')).toBe(400);
    expect(httpStatusOf('CUSTOMER_UNKNOWN')).toBe(422);
  });
});
