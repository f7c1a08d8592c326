import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlatform, TestPlatform } from '../support/platform';

const COMMITTED = join(__dirname, '..', '..', 'openapi', 'openapi.json');

describe('the OpenAPI document', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ services: [] });
  });

  afterAll(async () => {
    await platform.close();
  });

  it('served at /docs-json is the one committed in openapi/openapi.json (run `npm run openapi` after an API change)', async () => {
    const served = await platform.http().get('/docs-json').expect(200);
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(served.body).toEqual(committed);
  });

  it('documents every route and the problem schema', async () => {
    const { body } = await platform.http().get('/docs-json').expect(200);
    expect(Object.keys(body.paths).sort()).toEqual([
      '/api/v1/calendar/years',
      '/api/v1/calendar/years/{year}',
      '/api/v1/clocks/{service}',
      '/api/v1/clocks/{service}/{id}',
      '/api/v1/customers',
      '/api/v1/customers/{id}',
      '/api/v1/faults',
      '/api/v1/faults/{id}',
      '/api/v1/reports/summary',
      '/health',
    ]);
    expect(body.components.schemas.Problem.required).toContain('code');
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await platform.http().get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
