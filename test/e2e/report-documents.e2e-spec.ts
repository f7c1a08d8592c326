import { execFileSync } from 'node:child_process';
import type { Response } from 'superagent';
import { MIN } from '@app/shared';
import { ensureDocumentTools, findChromium } from '../../tools/browser';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { startPlatform, TestPlatform, TestUser } from '../support/platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Http = TestPlatform['http'];

/** The text of a PDF, as poppler's pdftotext reads it (.ci/run installs poppler-utils): laid out as on the page, or in reading order. */
function pdfText(pdf: Buffer, layout: boolean): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
}

/** supertest keeps a binary body as a Buffer. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The formal reports as documents (DOMAIN.md §4 "Formats"): print-ready HTML and PDF from the same routes as the JSON, on Accept. */
describe('report documents', () => {
  let platform: TestPlatform;
  let noc: TestUser;
  let customer: CustomerFixture;
  let ticket: Json;
  let own: TestUser;
  let circuitCode: string;

  const HOSTILE = '<script>alert("x")</script>某某银行';

  beforeAll(async () => {
    // The reporting service renders with the system Chromium: make sure there is one, with CJK fonts and pdftotext.
    findChromium();
    ensureDocumentTools();
    platform = await startPlatform({ services: ['fault', 'provisioning', 'reporting'] });
    noc = await platform.user(['noc']);
    const http: Http = platform.http;
    customer = await createCustomer(http, { name: `${HOSTILE}股份有限公司`, tier: 'gold', region: '广东' });
    const circuit = await createCircuit(http, customer, { zEnd: { address: '深圳市某数据中心', city: '深圳', province: '广东' } });
    circuitCode = circuit.code;
    const t0 = new Date('2026-11-02T02:00:00Z');
    const at = (m: number) => platform.clock.set(new Date(t0.getTime() + m * MIN));
    at(0);
    ticket = await openFault(http, customer, circuit, { faultAt: new Date(t0.getTime() - 2 * MIN).toISOString() });
    const fault = (path: string, body: object) => http().post(`/api/v1/faults/${ticket.id}${path}`).send(body).expect(200);
    at(3);
    const dispatched = (await fault('/dispatch', { legs: [{ unit: '广州本地网', segment: 'a_access' }, { unit: '深圳本地网', segment: 'z_access' }] })).body;
    at(4);
    for (const leg of dispatched.legs) await fault(`/legs/${leg.id}/accept`, {});
    at(45);
    await fault('/restore', {});
    at(50);
    await fault('/repair', {});
    at(55);
    const closed = (
      await fault('/close', {
        causeCategory: 'customer_equipment',
        causeSegment: 'customer_premises',
        causeDescription: '客户路由器故障，重启后恢复',
        customerFacingCause: '传输线路瞬断',
        customerConfirmedBy: '客户网管',
      })
    ).body;
    await expectEventually(async () => {
      expect((await http().get(`/api/v1/reports/faults/${ticket.id}`).expect(200)).body.ticketStatus).toBe('closed');
    });
    const stated = { faultAt: closed.faultAt, reportedAt: closed.reportedAt, restoredAt: closed.restoredAt, repairedAt: closed.repairedAt, closedAt: closed.closedAt, causeCategory: closed.causeCategory, causeSegment: closed.causeSegment, cause: '传输线路瞬断' };
    await noc.http().post(`/api/v1/reports/faults/${ticket.id}/versions`).send({ kind: 'final', measures: '客户重启路由器，业务恢复', preventiveMeasures: '建议配置备份电路<b>加粗</b>', stated }).expect(201);
    await noc.http().post(`/api/v1/reports/faults/${ticket.id}/versions/1/submit`).send({}).expect(200);
    // A second version, still a draft: staff see it on the document, the customer does not.
    await noc.http().post(`/api/v1/reports/faults/${ticket.id}/versions`).send({ kind: 'final', measures: '内部草稿措施', preventiveMeasures: '内部草稿', stated }).expect(201);
    own = await platform.user(['customer_user'], customer.id);
  }, 600_000);

  afterAll(async () => {
    await platform.close();
  });

  const url = () => `/api/v1/reports/faults/${ticket.id}`;

  it('the PDF opens and holds the customer, the summary table and the process, in the customer view', async () => {
    const res = await own.http().get(url()).set('Accept', 'application/pdf').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="GZBG-${ticket.number}-V1.pdf"; filename*=UTF-8''${encodeURIComponent(`故障报告-GZBG-${ticket.number}-V1.pdf`)}`);
    expect(res.headers.vary).toMatch(/Accept/);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(700_000);
    const text = pdfText(pdf, true).replace(/[ \t]+/g, ' ');
    expect(text).toContain('故障报告（最终报告）');
    // A long name wraps in its table cell: read in reading order.
    expect(pdfText(pdf, false).replace(/\s+/g, '')).toContain(`${HOSTILE}股份有限公司`);
    for (const row of ['故障时间 2026-11-02 09:58 受理时间 2026-11-02 10:00', '业务恢复 2026-11-02 10:45', '业务中断历时 47分钟 处理历时 55分钟', '故障原因 传输线路瞬断']) expect(text).toContain(row);
    expect(text).toMatch(/1 2026-11-02 10:00 故障受理 已受理/);
    expect(text).toContain('客户重启路由器，业务恢复');
    expect(text).toMatch(/第 ?1 ?页/);
    for (const hidden of ['客户路由器故障', '内部草稿', noc.username, '接单']) expect(text).not.toContain(hidden);
  });

  it('the HTML is self-contained and shows hostile text as text', async () => {
    const res = await own.http().get(url()).set('Accept', 'text/html').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^inline; /);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.text;
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;某某银行股份有限公司');
    expect(html).toContain('建议配置备份电路&lt;b&gt;加粗&lt;/b&gt;');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<link|src=|url\(|@import/);
  });

  it("staff see the latest version marked as a draft; the customer's user only submitted ones", async () => {
    const staff = (await noc.http().get(url()).set('Accept', 'text/html').expect(200)).text;
    expect(staff).toContain('内部草稿措施');
    expect(staff).toContain('草稿：尚未提交客户');
    expect(staff).not.toContain('客户路由器故障');
    const customers = (await own.http().get(url()).set('Accept', 'text/html').expect(200)).text;
    expect(customers).not.toContain('内部草稿');
    expect(customers).not.toContain('尚未提交');
  });

  it("another customer's user gets neither document", async () => {
    const other = await createCustomer(platform.http);
    const stranger = await platform.user(['customer_user'], other.id);
    await stranger.http().get(url()).set('Accept', 'application/pdf').expect(404);
    await stranger.http().get(url()).set('Accept', 'text/html').expect(404);
  });

  it('negotiates on Accept: JSON by default and for */*, the preferred of HTML and PDF, 406 for anything else', async () => {
    expect((await own.http().get(url()).expect(200)).body).toMatchObject({ ticketId: ticket.id, cause: { shown: '传输线路瞬断' } });
    expect((await own.http().get(url()).set('Accept', '*/*').expect(200)).headers['content-type']).toMatch(/^application\/json/);
    expect((await own.http().get(url()).set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8').expect(200)).headers['content-type']).toMatch(/^text\/html/);
    expect((await own.http().get(url()).set('Accept', 'application/pdf;q=0.5, text/html;q=0.4').buffer(true).parse(binary).expect(200)).headers['content-type']).toBe('application/pdf');
    for (const accept of ['image/png', 'text/csv', 'application/pdf;q=0']) {
      const res = await own.http().get(url()).set('Accept', accept).expect(406);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.text)).toMatchObject({ status: 406, code: 'NOT_ACCEPTABLE' });
    }
  });

  describe('the network operation analysis report', () => {
    const analysis = (as: TestUser, id = customer.id) => as.http().get(`/api/v1/reports/analysis/${id}`).query({ from: '2026-11-01', to: '2026-11-30' });

    it('the PDF opens and holds the customer and the availability table, computed by hand', async () => {
      const res = await analysis(own).set('Accept', 'application/pdf').buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const name = `FXBG-${customer.code}-20261101-20261130.pdf`;
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`网络运行分析报告-${name}`)}`);
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdfText(pdf, true).replace(/[ \t]+/g, ' ');
      expect(text).toContain('网络运行分析报告');
      expect(pdfText(pdf, false).replace(/\s+/g, '')).toContain(`${HOSTILE}股份有限公司`);
      expect(text).toContain('二、电路可用率');
      expect(text).toMatch(/序号 电路编号 业务类型 承载业务 故障(次数)?\s/);
      // Fault at 09:58, restored at 10:45 (Beijing): 47 minutes counted of November's 43,200; (1 − 47/43200) × 100 = 99.89 %.
      expect(text).toMatch(new RegExp(`1 ${circuitCode} .*\\b1 47\\.00 0\\.00 47\\.00 99\\.89%`));
      expect(text).toContain('综合可用率 99.89%');
      // The cause as told to the customer, never the true one, even in the figure.
      expect(text).toContain('传输线路瞬断');
      expect(text).not.toContain('客户路由器故障');
      expect(text).not.toContain('客户设备故障');
    });

    it('the HTML escapes hostile text; staff get the same customer document', async () => {
      const html = (await analysis(noc).set('Accept', 'text/html').expect(200)).text;
      expect(html).not.toContain('<script');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;某某银行股份有限公司');
      expect(html).toContain('99.89%');
      expect(html).not.toContain('客户路由器故障');
    });

    it("another customer's user gets neither document; an unsupported Accept is 406", async () => {
      const other = await createCustomer(platform.http);
      const stranger = await platform.user(['customer_user'], other.id);
      await analysis(stranger).set('Accept', 'application/pdf').expect(404);
      await analysis(stranger).set('Accept', 'text/html').expect(404);
      expect((await analysis(own).set('Accept', 'image/png').expect(406)).headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await analysis(own).expect(200)).body.customerId).toBe(customer.id);
    });
  });
});
