import { QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './unavailable';

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection, a shutdown and a terminated connection, also wrapped by TypeORM', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable({ message: 'terminating connection due to administrator command', code: '57P01' })).toBe(true);
    expect(isDatabaseUnavailable({ message: 'Query failed', driverError: new Error('Connection terminated unexpectedly') })).toBe(true);
    expect(isDatabaseUnavailable({ message: 'canceling statement due to statement timeout', code: '57014' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Query runner already released. Cannot run queries anymore.'))).toBe(true);
    // A transaction's next statement after Postgres died under it (the chaos run's kill -9 of Postgres found it as a 500).
    expect(isDatabaseUnavailable(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
  });

  it('leaves errors of the request or the code alone', () => {
    expect(isDatabaseUnavailable({ message: 'duplicate key value violates unique constraint', code: '23505' })).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
