import { retryDelayMs } from './event-consumer';

describe('retryDelayMs', () => {
  it('doubles from one second and stops at a minute', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000, 60_000]);
  });
});
