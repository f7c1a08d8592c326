import { AddressInfo } from 'node:net';
import { createCircuit, createCustomer, openFault, orderRequest } from '../support/factories';
import { ADMIN_PASSWORD, startPlatform, TestPlatform, TestUser } from '../support/platform';

/**
 * Every operation of the OpenAPI document the gateway serves, sent a generated hostile corpus as the administrator:
 * wrong JSON types, missing, unknown and null fields, huge strings and arrays, impossible dates, injection strings, NUL characters,
 * out-of-range numbers, bad and unknown ids. No answer is a 5xx, every 4xx is a problem naming its code, a 400 names
 * the field, the platform stays up, and a refused request writes nothing.
 */

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  /** A value of one of several types (e.g. a checklist value: a number, a text or true/false). */
  oneOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
type Path = (string | number)[];
interface Created {
  id: string;
  legs?: Array<{ id: string }>;
}
interface Probe {
  /** What the probe tries, for the failure message. */
  label: string;
  /** The field or parameter the probe aims at; a 400 must name it. */
  field?: string;
  /** The answer must be a 400 (a value no contract may accept). */
  must400?: boolean;
  /** The answer must be this status (e.g. 404 for an unknown id). */
  mustStatus?: number;
  pathValues?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** The raw JSON text of the body (undefined: no body). */
  body?: string;
}

const INJECTIONS = [`' OR 1=1 --`, '<script>alert(1)</script>', '../../etc/passwd', '${jndi:ldap://x}'];
const IMPOSSIBLE_DATES = ['2026-02-30', '2026-99-99', '2026-13-01T00:00:00Z'];
const HUGE = 'x'.repeat(100_000);
/** A query string or path longer than ~16 KB is refused by Node's HTTP parser (431) before the gateway sees it. */
const LONG_IN_URL = 'x'.repeat(8_000);
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
const NUMBERS: unknown[] = [-1, 1e308, 2 ** 53 + 1, 'NaN'];
/** Actions that document If-Match (on their controller) but take no version: they record, they do not change the ticket's state. */
const IGNORE_IF_MATCH = new Set(['/api/v1/faults/{id}/escalations', '/api/v1/faults/{id}/loop-tests']);
/** Routes that never answer (a server-sent event stream): their query is the token, tried in auth.e2e-spec. */
const SKIPPED = new Set(['GET /api/v1/events/stream']);

describe('a hostile corpus against every operation of the OpenAPI document', () => {
  let platform: TestPlatform;
  let base: string;
  let token: string;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const ids: Record<string, string> = {};
  let victim: TestUser;

  beforeAll(async () => {
    platform = await startPlatform();
    const http = platform.http;
    const customer = await createCustomer(http);
    const circuit = await createCircuit(http, customer);
    const fault = await openFault(http, customer, circuit);
    const dispatched = await ok(http().post(`/api/v1/faults/${fault.id}/dispatch`).send({ legs: [{ unit: '广州本地网', segment: 'a_access' }, { unit: '北京本地网', segment: 'z_access' }] }));
    const order = await ok(http().post('/api/v1/orders').send(orderRequest(customer)));
    const end = { address: '广州市天河区某支行', city: '广州', province: '广东' };
    const demand = await ok(http().post('/api/v1/demands').send({ customerId: customer.id, kind: 'query', serviceType: 'mstp', bandwidthMbps: 100, aEnd: end, zEnd: end, description: '新建电路资源查询' }));
    const problem = await ok(http().post(`/api/v1/demands/${demand.id}/problems`).send({ description: '机房无空余端口', target: '扩容', dueDate: '2026-12-15', owner: '赵工' }));
    const complaint = await ok(http().post('/api/v1/complaints').send({ customerId: customer.id, ticketId: fault.id, important: true, involvesOtherDepartments: false, description: '故障处理不及时' }));
    const incident = await ok(http().post('/api/v1/incidents').send({ title: '局端设备软件BUG', kind: 'equipment', description: '多地电路中断' }));
    const libraryCase = await ok(http().post('/api/v1/cases').send({ title: '光缆中断', category: 'fault_handling', symptoms: '两条电路同时中断' }));
    victim = await platform.user(['noc']);
    const clocks = (await http().get('/api/v1/clocks/fault').query({ subjectId: fault.id }).expect(200)).body;
    Object.assign(ids, {
      customers: customer.id,
      circuits: circuit.id,
      faults: fault.id,
      legs: (dispatched.legs ?? fault.legs)![0].id,
      orders: order.id,
      demands: demand.id,
      problems: problem.id,
      complaints: complaint.id,
      incidents: incident.id,
      users: victim.id,
      clocks: clocks.items[0].id,
      cases: libraryCase.id,
    });
    doc = (await http().get('/docs-json').expect(200)).body;
    await platform.gateway.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as AddressInfo).port}`;
    token = (await platform.anonymous().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)).body.accessToken;
  });

  /** The body of a request that must succeed (creations answer 201, actions 200). */
  async function ok(req: PromiseLike<{ status: number; body: unknown; text: string }>): Promise<Created> {
    const res = await req;
    if (res.status >= 300) throw new Error(`fixture refused: ${res.status} ${res.text}`);
    return res.body as Created;
  }

  afterAll(async () => {
    await platform?.close();
  });

  const resolve = (s: Schema): Schema => {
    if (s.$ref) return resolve(doc.components.schemas[s.$ref.split('/').pop()!]);
    if (s.allOf?.length === 1) return resolve(s.allOf[0]);
    return s;
  };
  const isDate = (name: string, s: Schema) =>
    s.format === 'date-time' || s.format === 'date' || (typeof s.example === 'string' && /^\d{4}-\d{2}-\d{2}/.test(s.example)) || /(At|Date)$/.test(name);
  const isDay = (s: Schema) => s.format === 'date' || (typeof s.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.example));

  /** A plausible value for a schema, with real ids where a field names one, so a probe differs from a good request in one field only. */
  const sample = (name: string, raw: Schema): unknown => {
    const s = resolve(raw);
    if (s.enum) return s.enum[0];
    if (s.oneOf?.length) return sample(name, s.oneOf[0]);
    if (s.type === 'object' || s.properties) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) if (s.required?.includes(k)) out[k] = sample(k, v);
      return out;
    }
    if (s.type === 'array') return [sample(name, s.items ?? {})];
    if (s.type === 'integer' || s.type === 'number') return typeof s.example === 'number' ? s.example : 1;
    if (s.type === 'boolean') return false;
    if (s.format === 'uuid') return ids[`${name.replace(/Id$/, '')}s`] ?? (name === 'ticketId' ? ids.faults : ids.customers);
    if (isDate(name, s)) return isDay(s) ? '2026-12-15' : '2026-11-02T01:59:00Z';
    return typeof s.example === 'string' ? s.example : '测试';
  };

  /** Every leaf and container of a body, with its path (array items at index 0). */
  const fields = (s0: Schema, path: Path = [], out: Array<{ path: Path; schema: Schema; required: boolean }> = [], required = true) => {
    const s = resolve(s0);
    if (path.length > 0) out.push({ path, schema: s, required });
    if (s.properties) for (const [k, v] of Object.entries(s.properties)) fields(v, [...path, k], out, !!s.required?.includes(k));
    else if (s.type === 'array' && s.items && resolve(s.items).properties) fields(s.items, [...path, 0], out, true);
    return out;
  };
  const withValue = (body: unknown, path: Path, value: unknown | typeof REMOVE): unknown => {
    const copy = structuredClone(body) as Record<string | number, unknown>;
    let at = copy;
    for (const key of path.slice(0, -1)) {
      if (at[key] === undefined || at[key] === null || typeof at[key] !== 'object') at[key] = typeof path[path.indexOf(key) + 1] === 'number' ? [] : {};
      at = at[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    if (value === REMOVE) delete at[last];
    else at[last] = value;
    return copy;
  };
  const REMOVE = Symbol('remove');
  /** `legs[0].unit` and `legs.0.unit` name the same field. */
  const dotted = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');
  const fieldName = (path: Path) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

  /** The values every field of this kind is tried with, each with whether a contract must refuse it. */
  const valuesFor = (name: string, s: Schema, inUrl: boolean): Array<{ label: string; value: unknown; must400: boolean }> => {
    const out: Array<{ label: string; value: unknown; must400: boolean }> = [];
    const add = (label: string, value: unknown, must400: boolean) => out.push({ label, value, must400 });
    const number = s.type === 'integer' || s.type === 'number';
    if (s.enum) {
      add('not one of the values', 'not-a-value', true);
      if (!inUrl) add('a number', 7, true);
    } else if (number) {
      add('text', 'abc', true);
      if (!inUrl) add('a boolean', true, true);
      for (const n of NUMBERS) add(`number ${String(n)}`, n, n === 1e308 || n === 'NaN');
    } else if (s.type === 'boolean') {
      add('not a boolean', 'maybe', true);
      if (!inUrl) add('a number', 1, true);
    } else if (s.type === 'array') {
      if (!inUrl) {
        add('a string', 'x', true);
        add('an object', { a: 1 }, true);
        add('10,000 items', Array.from({ length: 10_000 }, () => sample(name, s.items ?? {})), true);
        add('5,000 items', Array.from({ length: 5_000 }, () => sample(name, s.items ?? {})), true);
      }
    } else if (s.type === 'object' || s.properties) {
      add('a string', 'x', true);
      add('an array', [], true);
    } else if (s.oneOf?.length) {
      // Only the types the union names are accepted.
      const types = s.oneOf.map((o) => resolve(o).type);
      if (!inUrl) {
        if (!types.includes('number') && !types.includes('integer')) add('a number', 12345, true);
        if (!types.includes('boolean')) add('a boolean', true, true);
        add('an object', {}, true);
        add('an array', [], true);
      }
      if (types.includes('string')) {
        add('a huge string', inUrl ? LONG_IN_URL : HUGE, true);
        add('a NUL character', 'a\u0000b', true);
      }
    } else {
      if (!inUrl) {
        add('a number', 12345, true);
        add('a boolean', true, true);
        add('an object', {}, true);
        add('an array', [], true);
      }
      add('a huge string', inUrl ? LONG_IN_URL : HUGE, true);
      for (const inj of INJECTIONS) add(`injection ${inj}`, inj, s.format === 'uuid' || isDate(name, s));
      if (s.format === 'uuid') add('not a UUID', 'not-a-uuid', true);
      add('a NUL character', 'a\u0000b', true);
      if (isDate(name, s)) for (const d of IMPOSSIBLE_DATES) add(`impossible date ${d}`, d, true);
    }
    return out;
  };

  const probesFor = (method: string, path: string, op: Operation): Probe[] => {
    const schema = op.requestBody?.content['application/json']?.schema;
    const good = schema ? sample('', schema) : undefined;
    const goodBody = good === undefined ? undefined : JSON.stringify(good);
    const probes: Probe[] = [{ label: 'a plausible request', body: goodBody }];
    const headerProbes = (op.parameters ?? []).some((p) => p.name === 'If-Match') && method !== 'get' && path.includes('{id}') && !IGNORE_IF_MATCH.has(path);
    if (headerProbes)
      for (const etag of ['"abc"', '"-1"', '"99999999999999999999"', `"${'9'.repeat(400)}"`])
        probes.push({ label: `If-Match ${etag.slice(0, 24)}`, field: 'If-Match', must400: !/^"\d{1,9}"$/.test(etag), headers: { 'if-match': etag }, body: goodBody });
    const params = (op.parameters ?? []).filter((p) => p.in !== 'header');
    const pathValues: Record<string, string> = {};
    for (const p of params.filter((x) => x.in === 'path')) pathValues[p.name] = defaultPathValue(path, p.name);
    const requiredQuery: Record<string, string> = {};
    for (const p of params.filter((x) => x.in === 'query' && x.required)) requiredQuery[p.name] = String(sample(p.name, p.schema));
    for (const p of params) {
      if (p.in === 'path') {
        const s = resolve(p.schema);
        // Neither a UUID nor a key (e.g. a notification rule's: lower-case letters, digits and -).
        const bad = s.type === 'number' || s.type === 'integer' ? ['abc', '99999', '-1'] : s.enum || p.name === 'service' ? ['nope'] : ['Not_A_UUID', ...INJECTIONS.map(encodeURIComponent)];
        // A path segment longer than the router's bound is refused before any route: 414, as a problem.
        probes.push({ label: `path ${p.name} of ${LONG_IN_URL.length} characters`, mustStatus: 414, body: goodBody, pathValues: { ...pathValues, [p.name]: LONG_IN_URL } });
        for (const v of bad) probes.push({ label: `path ${p.name}=${v.slice(0, 30)}`, field: p.name, must400: true, body: goodBody, pathValues: { ...pathValues, [p.name]: v } });
        if (s.format === 'uuid' || (!s.enum && s.type === 'string' && p.name !== 'service'))
          probes.push({ label: `path ${p.name} unknown`, field: p.name, mustStatus: 404, body: goodBody, pathValues: { ...pathValues, [p.name]: UNKNOWN_UUID } });
        continue;
      }
      for (const v of valuesFor(p.name, resolve(p.schema), true)) {
        probes.push({ label: `query ${p.name}: ${v.label}`, field: p.name, must400: v.must400, body: goodBody, query: { ...requiredQuery, [p.name]: String(v.value) } });
      }
    }
    if (schema) {
      const root = resolve(schema);
      probes.push({ label: 'an empty body', must400: (root.required?.length ?? 0) > 0 });
      probes.push({ label: 'a null body', body: 'null', must400: true });
      probes.push({ label: 'a JSON array body', body: '[]', must400: true });
      probes.push({ label: 'an unknown field', field: 'hostileExtra', must400: true, body: JSON.stringify({ ...(good as object), hostileExtra: 1 }) });
      for (const f of fields(schema)) {
        const name = fieldName(f.path);
        const leaf = String(f.path.filter((p) => typeof p === 'string').pop());
        if (f.required && typeof f.path[f.path.length - 1] === 'string') probes.push({ label: `${name} missing`, field: name, must400: true, body: JSON.stringify(withValue(good, f.path, REMOVE)) });
        probes.push({ label: `${name} null`, field: name, must400: f.required, body: JSON.stringify(withValue(good, f.path, null)) });
        for (const v of valuesFor(leaf, f.schema, false)) {
          probes.push({ label: `${name}: ${v.label}`, field: name, must400: v.must400, body: JSON.stringify(withValue(good, f.path, v.value)) });
        }
      }
    }
    return probes.map((p) => ({ ...p, query: p.query ?? requiredQuery, pathValues: p.pathValues ?? pathValues }));
  };

  function defaultPathValue(path: string, name: string): string {
    if (name === 'year') return '2027';
    if (name === 'service') return 'fault';
    if (name === 'legId') return ids.legs;
    if (name === 'problemId') return ids.problems;
    // A rule that exists, so a hostile body of PUT /notifications/rules/{key} reaches its validation rather than a 404.
    if (name === 'key') return 'crisis-a-escalated';
    if (path.startsWith('/api/v1/clocks/')) return ids.clocks;
    const collection = path.split('/')[3];
    return ids[collection] ?? UNKNOWN_UUID;
  }

  /** The object an operation's path points at, read back to see that a refused request changed nothing. */
  const ownerOf = (path: string): string | undefined => {
    const collection = path.split('/')[3];
    return path.includes('{id}') && ids[collection] && collection !== 'clocks' ? `/api/v1/${collection}/${ids[collection]}` : undefined;
  };
  const read = async (url: string) => {
    const res = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as Record<string, unknown>;
    // The messages sent about a ticket arrive from the notifier when they are sent, after the change that caused them
    // (an escalation's notices can land during a later operation's probes): they are not what a probe wrote.
    if (body && typeof body === 'object' && 'notifications' in body) delete body.notifications;
    return { status: res.status, body };
  };

  it('answers every probe with a 2xx or a 4xx problem naming its field, never a 5xx, and a refused probe writes nothing', async () => {
    const statuses: Record<string, number> = {};
    const failures: string[] = [];
    const changed = new Set<string>();
    const before = new Map<string, unknown>();
    for (const collection of ['customers', 'circuits', 'faults', 'orders', 'demands', 'complaints', 'incidents', 'users']) {
      const url = `/api/v1/${collection}/${ids[collection]}`;
      before.set(url, await read(url));
    }
    let operations = 0;
    let requests = 0;
    const started = Date.now();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (SKIPPED.has(key)) continue;
        operations++;
        const owner = ownerOf(path);
        const snapshot = owner && method !== 'get' ? await read(owner) : undefined;
        let wrote = false;
        // A creation route whose collection can be listed: it grows by exactly the requests answered 201.
        const listed = method === 'post' && !path.includes('{') && doc.paths[path].get ? `${path}?limit=1&count=exact` : undefined;
        const totalBefore = listed ? ((await read(listed)).body as { total: number }).total : 0;
        let created = 0;
        const probes = probesFor(method, path, op);
        const send = async (probe: Probe): Promise<number> => {
          const url = new URL(base + path.replace(/\{(\w+)\}/g, (_, n: string) => probe.pathValues![n]));
          for (const [k, v] of Object.entries(probe.query ?? {})) url.searchParams.set(k, v);
          const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...probe.headers };
          if (probe.body !== undefined) headers['content-type'] = 'application/json';
          const res = await fetch(url, { method: method.toUpperCase(), headers, body: probe.body });
          const text = await res.text();
          requests++;
          statuses[`${Math.floor(res.status / 100)}xx`] = (statuses[`${Math.floor(res.status / 100)}xx`] ?? 0) + 1;
          const fail = (why: string) => {
            failures.push(`${key} [${probe.label}] → ${res.status} ${why}: ${text.slice(0, 200)}`);
            return res.status;
          };
          if (res.status >= 500) return fail('a server error');
          if (res.status < 300 && method !== 'get') wrote = true;
          if (res.status === 201) created++;
          if (probe.mustStatus && res.status !== probe.mustStatus && res.status !== 400) return fail(`instead of ${probe.mustStatus}`);
          if (probe.must400 && res.status !== 400) return fail('instead of 400');
          if (res.status >= 400) {
            if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? '')) return fail('not a problem');
            const problem = JSON.parse(text) as { code?: string; errors?: Array<{ field: string }> };
            if (!problem.code) return fail('a problem without a code');
            // A path id is named unless the plausible body is itself refused first (each part is validated in turn).
            const bodyFirst = probe.label.startsWith('path ') && plausibleStatus === 400;
            if (res.status === 400 && probe.field && probe.must400 && !bodyFirst) {
              const field = dotted(probe.field);
              // An item of the wrong type is named by its array ("legs: each value must be an object").
              const holder = field.replace(/\.\d+$/, '');
              const named = (problem.errors ?? []).some((e) => [field, holder].includes(dotted(e.field)) || dotted(e.field).startsWith(`${field}.`));
              if (!named) return fail(`not naming ${probe.field}`);
            }
          }
          return res.status;
        };
        const plausibleStatus = await send(probes[0]);
        for (let i = 1; i < probes.length; i += 8) await Promise.all(probes.slice(i, i + 8).map(send));
        if (wrote && owner) changed.add(owner);
        if (listed) {
          const totalAfter = ((await read(listed)).body as { total: number }).total;
          if (totalAfter !== totalBefore + created) failures.push(`${key}: ${created} created, yet the list went from ${totalBefore} to ${totalAfter}`);
        }
        if (snapshot && !wrote) {
          const after = await read(owner!);
          if (JSON.stringify(after) !== JSON.stringify(snapshot)) {
            const was = (snapshot.body ?? {}) as Record<string, unknown>;
            const now = (after.body ?? {}) as Record<string, unknown>;
            const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));
            failures.push(`${key}: every probe refused, yet ${owner} changed (${fields.map((f) => `${f}: ${JSON.stringify(was[f])?.slice(0, 300)} → ${JSON.stringify(now[f])?.slice(0, 300)}`).join('; ')})`);
          }
        }
      }
    }
    console.log(
      `hostile corpus: ${operations} operations, ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
        Object.entries(statuses)
          .sort()
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
    );
    if (failures.length) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
    expect(statuses['5xx']).toBeUndefined();
    // Every fixture no accepted request touched reads as it did before the corpus.
    for (const [url, was] of before) if (!changed.has(url)) expect(await read(url)).toEqual(was);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(JSON.stringify(await health.json())).not.toMatch(/"down"/);
  }, 240_000);
});
