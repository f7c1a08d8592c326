import { DataSource } from 'typeorm';
import { DeadlineEngine, UnitOfWork } from '@app/shared';
import { serviceClocks } from '../support/clocks';
import { startPlatform, TestPlatform } from '../support/platform';

const MIN = 60_000;

describe('clocks are explainable through the gateway', () => {
  let platform: TestPlatform;
  let db: DataSource;
  let engine: DeadlineEngine;
  let uow: UnitOfWork;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fault'] });
    ({ db, uow, engine } = await serviceClocks(platform, 'fault', 'error'));
  });

  afterAll(async () => {
    await db.destroy();
    await platform.close();
  });

  it('lists, filters and explains a clock of the fault service', async () => {
    platform.clock.set('2026-11-02T02:00:00Z');
    const c = await uow.run((m) => engine.start(m, { subjectType: 'ticket', subjectId: 'T-HTTP', kind: 'first-feedback', basis: 'wall', limitMs: 30 * MIN, warnBeforeMs: [5 * MIN] }));
    await uow.run((m) => engine.start(m, { subjectType: 'ticket', subjectId: 'T-OTHER', kind: 'accept', basis: 'wall', limitMs: 5 * MIN }));
    platform.clock.advance(31 * MIN);
    await engine.tick();

    const list = await platform.http().get('/api/v1/clocks/fault').query({ subjectId: 'T-HTTP', count: 'exact' }).expect(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: c.id, kind: 'first-feedback', breachedAt: '2026-11-02T02:30:00.000Z' }] });
    const breached = await platform.http().get('/api/v1/clocks/fault').query({ breached: 'true', count: 'exact' }).expect(200);
    expect(breached.body.total).toBe(2);

    const res = await platform.http().get(`/api/v1/clocks/fault/${c.id}`).expect(200);
    expect(res.body.clock).toMatchObject({ id: c.id, limitMs: 30 * MIN, dueAt: '2026-11-02T02:30:00.000Z', warningsFired: 1 });
    expect(res.body.trail.map((t: { type: string }) => t.type)).toEqual(['start', 'warn', 'breach']);
    expect(res.body.intervals).toEqual([{ from: '2026-11-02T02:00:00.000Z', to: null, state: 'running', ms: 31 * MIN, counted: true }]);
  });

  it('answers 404 for an unknown clock and 400 for a service without clocks', async () => {
    const missing = await platform.http().get('/api/v1/clocks/fault/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.body.code).toBe('CLOCK_NOT_FOUND');
    const bad = await platform.http().get('/api/v1/clocks/reporting').expect(400);
    expect(bad.body.errors[0].field).toBe('service');
  });
});
