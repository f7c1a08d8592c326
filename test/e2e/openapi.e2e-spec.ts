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
    const paths = Object.keys(body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/health', '/api/v1/customers', '/api/v1/circuits', '/api/v1/faults', '/api/v1/faults/{id}/close', '/api/v1/calendar/years/{year}', '/api/v1/clocks/{service}/{id}', '/api/v1/reports/summary']));
    for (const path of paths) expect(path === '/health' || path === '/health/live' || path === '/metrics' || path.startsWith('/api/v1/')).toBe(true);
    // Every API operation documents its problem answers, at least 503 and 504.
    for (const [path, ops] of Object.entries(body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      if (path.startsWith('/health') || path === '/metrics') continue;
      for (const op of Object.values(ops)) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['503', '504']));
    }
    expect(body.components.schemas.Problem.required).toContain('code');
    // Every operation says who may call it, in its description and as x-roles; signing in is the only way in.
    for (const ops of Object.values(body.paths as Record<string, Record<string, { description?: string; 'x-roles'?: string[] }>>)) {
      for (const op of Object.values(ops)) {
        expect(op['x-roles']?.length).toBeGreaterThan(0);
        expect(op.description).toContain('**Roles:**');
      }
    }
    expect(body.components.securitySchemes.oauth2.flows.password.tokenUrl).toBe('/api/v1/auth/token');
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await platform.http().get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
