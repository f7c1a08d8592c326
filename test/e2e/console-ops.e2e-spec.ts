import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { createCircuit, createCustomer, CustomerFixture, openFault, orderRequest } from '../support/factories';
import { consoleUsers, launchChromium, openConsolePage, SCREENSHOTS, serveGateway, signInToConsole } from '../support/console-browser';
import { startPlatform, TestPlatform } from '../support/platform';

const OUTPUT = SCREENSHOTS;
const JS_BUDGET_BYTES = 300 * 1024;
const UNIT = '广州本地网传输中心';
const Z_UNIT = '北京本地网传输中心';
/** A small PDF: what the fault service checks is its type's first bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const bj = (local: string) => new Date(`${local}+08:00`);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The console's staff operations in headless Chromium: the NOC walks the guided loop-back test of a ticket, a handling
 * unit accepts its leg, reports progress and returns its result with a test report file that the NOC's ticket page
 * then offers, and a project manager walks an order through the seven steps on its page. Before that, over HTTP: what
 * the API takes as a leg's test report file and who may read it.
 */
describe('the console for staff operations, in a real browser', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let baseUrl: string;
  let customer: CustomerFixture;
  const seen = new Map<string, { errors: string[]; scripts: Map<string, number> }>();
  const pages = new Map<string, Page>();
  const password = 'console-ops-password';

  const users = consoleUsers(() => platform, password);
  const makeUser = users.make;
  const tokenOf = users.tokenOf;

  /** A ticket of a new circuit, dispatched to both access ends (by API); the A end's leg accepted when asked. */
  async function dispatchedTicket(acceptA: boolean): Promise<{ id: string; number: string; legA: string; legZ: string }> {
    const circuit = await createCircuit(platform.http, customer);
    const ticket = await openFault(platform.http, customer, circuit, { symptom: '数字电路中断，两端光端机告警' });
    const legs = [
      { unit: UNIT, segment: 'a_access' },
      { unit: Z_UNIT, segment: 'z_access' },
    ];
    const dispatched = (await platform.http().post(`/api/v1/faults/${ticket.id}/dispatch`).send({ legs }).expect(200)).body as Json;
    const legA = dispatched.legs.find((l: Json) => l.segment === 'a_access').id as string;
    const legZ = dispatched.legs.find((l: Json) => l.segment === 'z_access').id as string;
    if (acceptA) await platform.http().post(`/api/v1/faults/${ticket.id}/legs/${legA}/accept`).expect(200);
    return { id: ticket.id, number: ticket.number, legA, legZ };
  }

  const open = async (name: string): Promise<{ context: BrowserContext; page: Page }> => {
    const { context, page, record } = await openConsolePage(browser, platform, baseUrl, { acceptDownloads: true });
    pages.set(name, page);
    seen.set(name, record);
    return { context, page };
  };

  const signIn = (page: Page, username: string) => signInToConsole(page, baseUrl, username, password);

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault', 'reporting'], serviceEnv: { DEADLINE_POLL_MS: '200' } });
    // A Monday morning in Beijing: the order below is due on Friday.
    platform.clock.set(bj('2026-11-23T10:00:00'));
    baseUrl = await serveGateway(platform);
    customer = await createCustomer(platform.http, { name: '某银行广州分行', tier: 'gold' });
    await makeUser('noc-ops', ['noc']);
    await makeUser('unit-ops', ['handling_unit'], { unit: UNIT });
    await makeUser('pm-ops', ['project_manager']);
    await makeUser('bank-ops', ['customer_user'], { customerId: customer.id });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('takes a test report file with a leg result: of its stated type, size-bounded, read by staff only and never shown to the customer', async () => {
    const t = await dispatchedTicket(true);
    const result = (body: object, status: number) => platform.http().post(`/api/v1/faults/${t.id}/legs/${t.legA}/result`).send(body).expect(status);
    const file = (over: Record<string, unknown> = {}) => ({ name: '环回测试报告.pdf', mimeType: 'application/pdf', content: PDF.toString('base64'), ...over });
    const fields = (res: { body: Json }) => [...new Set<string>(res.body.errors.map((e: Json) => e.field))];

    expect(fields(await result({ result: 'no_fault', findings: '本段正常', testReportFile: file({ mimeType: 'image/png' }) }, 400))).toEqual(['testReportFile.content']);
    expect(fields(await result({ result: 'no_fault', findings: '本段正常', testReportFile: file({ mimeType: 'application/zip' }) }, 400)).sort()).toEqual(['testReportFile.content', 'testReportFile.mimeType']);
    expect(fields(await result({ result: 'no_fault', findings: '本段正常', testReportFile: file({ content: '不是base64' }) }, 400))).toEqual(['testReportFile.content']);
    const tooLarge = Buffer.concat([PDF, Buffer.alloc(520 * 1024)]).toString('base64');
    expect(fields(await result({ result: 'no_fault', findings: '本段正常', testReportFile: file({ content: tooLarge }) }, 400))).toEqual(['testReportFile.content']);
    const justOver = Buffer.concat([PDF, Buffer.alloc(512 * 1024 - PDF.length + 1)]).toString('base64');
    const over = await result({ result: 'no_fault', findings: '本段正常', testReportFile: file({ content: justOver }) }, 400);
    expect(over.body.errors).toEqual([{ field: 'testReportFile.content', reason: expect.stringMatching(/at most 524288 bytes/) }]);
    // Nothing was recorded by the refusals: the leg is still accepted.
    const before = (await platform.http().get(`/api/v1/faults/${t.id}`).expect(200)).body as Json;
    expect(before.legs.find((l: Json) => l.id === t.legA)).toMatchObject({ status: 'accepted' });

    // The file alone is the test report that "no fault" needs; the view names it, without its content.
    const done = (await result({ result: 'no_fault', findings: '本段告警、配置均正常', testReportFile: file() }, 200)).body as Json;
    const leg = done.legs.find((l: Json) => l.id === t.legA);
    expect(leg).toMatchObject({ status: 'resulted', result: 'no_fault', testReportFile: { name: '环回测试报告.pdf', mimeType: 'application/pdf', sizeBytes: PDF.length } });
    expect(JSON.stringify(done)).not.toContain(PDF.toString('base64'));
    const timeline = (await platform.http().get(`/api/v1/faults/${t.id}/timeline`).expect(200)).body as Json[];
    expect(timeline.find((r) => r.type === 'result')!.detail).toMatchObject({ testReportFile: { name: '环回测试报告.pdf', sizeBytes: PDF.length } });
    expect(JSON.stringify(timeline)).not.toContain(PDF.toString('base64'));

    // Staff read it back as the file it is.
    const unit = await tokenOf('unit-ops');
    const got = await platform
      .as(unit)
      .get(`/api/v1/faults/${t.id}/legs/${t.legA}/test-report-file`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toMatch(/^attachment; .*filename\*=UTF-8''%E7%8E%AF/);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    await platform.as(unit).get(`/api/v1/faults/${t.id}/legs/${t.legZ}/test-report-file`).expect(404);

    // The customer's user: no legs in its view, and no way to the file.
    const bank = await tokenOf('bank-ops');
    const own = (await platform.as(bank).get(`/api/v1/faults/${t.id}`).expect(200)).body as Json;
    expect(own.legs).toBeUndefined();
    expect(JSON.stringify(own)).not.toContain('环回测试报告');
    await platform.as(bank).get(`/api/v1/faults/${t.id}/legs/${t.legA}/test-report-file`).expect(403);
  });

  it('NOC walks the loop-back plan, the unit returns its result with a test report file, a project manager walks an order through the seven steps', async () => {
    try {
      await journey();
    } catch (err) {
      for (const [name, page] of pages) await page.screenshot({ path: join(OUTPUT, `console-ops-failed-${name}.png`), fullPage: true }).catch(() => undefined);
      throw err;
    }
  }, 240_000);

  async function journey(): Promise<void> {
    const t = await dispatchedTicket(false);

    // The NOC on the ticket page: both ends cooperate, the first loops at the offices nearest the customers.
    const noc = await open('noc');
    await signIn(noc.page, 'noc-ops');
    await noc.page.goto(`${baseUrl}/console/tickets/${t.id}`);
    const loop = noc.page.getByTestId('loopback-next');
    await noc.page.locator('[data-testid=loopback-next][data-rule="1(1)"]').waitFor();
    await loop.getByText('距用户最近的电信局端').first().waitFor();
    await noc.page.getByText('尚未记录环测').waitFor();
    await loop.locator('tr[data-loop="A/nearestOffice/towardCustomer"]').getByRole('button', { name: '记录结果' }).click();
    await noc.page.getByTestId('loopback-records').locator('tr').first().waitFor();
    // The Z end's customer does not receive its loop: the loop moves to the customer-side port at the Z site.
    const zFirst = loop.locator('tr[data-loop="Z/nearestOffice/towardCustomer"]');
    await zFirst.locator('select').selectOption('notReceived');
    await zFirst.getByRole('button', { name: '记录结果' }).click();
    await noc.page.locator('[data-testid=loopback-next][data-rule="1(2)"]').waitFor();
    await loop.getByText('用户端电信设备用户侧端口').waitFor();
    await loop.locator('tr[data-loop="Z/customerSiteDevice/towardCustomer"]').getByRole('button', { name: '记录结果' }).click();
    // Received there: the fault is between the Z office and the site device, in the Z access segment.
    const conclusion = noc.page.getByTestId('loopback-conclusion');
    await conclusion.locator('li[data-segment=z_access]').waitFor();
    await expect(conclusion.innerText()).resolves.toContain('Z端接入段');
    await expect(conclusion.innerText()).resolves.toContain('局端至用户端电信设备之间');
    await noc.page.getByTestId('loopback-records').locator('tr').nth(2).waitFor();
    await expect(noc.page.getByTestId('loopback-records').locator('tr').count()).resolves.toBe(3);
    await noc.page.screenshot({ path: join(OUTPUT, 'console-ops-loopback.png'), fullPage: true });

    // The handling unit accepts its leg, reports progress, and returns "no fault" with its test report file.
    const unit = await open('unit');
    await signIn(unit.page, 'unit-ops');
    const legRow = unit.page.locator(`tr[data-ticket="${t.number}"][data-leg="${UNIT}"]`);
    await legRow.getByRole('button', { name: '接单确认' }).click();
    await unit.page.locator(`tr[data-ticket="${t.number}"][data-leg-status=accepted]`).waitFor();
    await legRow.getByRole('button', { name: '进展' }).click();
    const progress = legRow.locator('form[aria-label="进展"]');
    await progress.getByLabel('信息来源').fill('现场处理人员');
    await progress.getByRole('textbox', { name: '进展' }).fill('李工在A端机房检查告警与配置');
    await progress.getByLabel('故障段落').selectOption('a_access');
    await progress.getByLabel('初步判断（非最终原因）').fill('疑似光模块老化');
    await progress.getByRole('button', { name: '提交' }).click();
    await progress.waitFor({ state: 'detached' });
    await legRow.getByRole('button', { name: '处理结果' }).click();
    const result = legRow.locator('form[aria-label="处理结果"]');
    await result.getByLabel('处理结果').selectOption('no_fault');
    await result.getByLabel('处理情况').fill('本段告警、配置均正常，环回测试正常');
    await result.locator('input[type=file]').setInputFiles({ name: 'A端环回测试报告.pdf', mimeType: 'application/pdf', buffer: PDF });
    await unit.page.screenshot({ path: join(OUTPUT, 'console-ops-unit-result.png'), fullPage: true });
    await result.getByRole('button', { name: '提交' }).click();
    await legRow.waitFor({ state: 'detached' });

    // The NOC's ticket page shows the result and offers the file.
    const resulted = noc.page.locator(`tr[data-leg="${UNIT}"][data-leg-status=resulted]`);
    await resulted.waitFor();
    await expect(resulted.getByTestId('leg-result').innerText()).resolves.toContain('本段无故障');
    const [download] = await Promise.all([noc.page.waitForEvent('download'), resulted.getByTestId('test-report-file').click()]);
    expect(download.suggestedFilename()).toBe('A端环回测试报告.pdf');
    expect(Buffer.compare(readFileSync(await download.path()), PDF)).toBe(0);
    await noc.page.getByText('疑似光模块老化').waitFor();
    await noc.page.screenshot({ path: join(OUTPUT, 'console-ops-ticket-result.png'), fullPage: true });

    // A project manager walks an order through the seven steps on its page.
    const placed = (await platform.http().post('/api/v1/orders').send(orderRequest(customer, { requiredBy: '2026-11-27', crossDomain: false })).expect(201)).body as Json;
    const pm = await open('pm');
    await signIn(pm.page, 'pm-ops');
    // The board names the order's running limit (the due date), not its clock kind.
    const card = pm.page.locator(`article[data-order="${placed.number}"]`);
    await expect(card.locator('.clock[data-kind=due] .clock-name').innerText()).resolves.toBe('要求完成');
    await card.getByRole('link', { name: placed.number }).click();
    const page = pm.page.locator('.order-page');
    const atStep = (step: string) => pm.page.locator(`.order-page[data-step=${step}]`).waitFor();
    const limitName = (kind: string) => page.locator(`[data-testid=order-deadlines] tr[data-kind="${kind}"] td`).first().innerText();
    await atStep('review');
    await page.locator('[data-testid=order-steps] li[data-step=review][data-state=current]').waitFor();
    await page.locator('[data-testid=order-deadlines] tr[data-kind=due]').getByText('11/27').waitFor();
    await expect(limitName('due')).resolves.toBe('要求完成');

    await page.locator('input[name=projectManager]').fill('陈项目');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await atStep('survey');
    // Reviewed Monday: the survey is due within 2 working days, Wednesday at 17:00.
    await page.locator('[data-testid=order-steps] li[data-step=survey]').getByText('11/25 17:00').waitFor();
    await page.locator('textarea[name=findings]').fill('两端均有光缆资源');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await atStep('plan');
    await page.locator('textarea[name=summary]').fill('A端接入段新建光缆，分段施工');
    await page.locator('input[name=segment-0-name]').fill('A端接入');
    await page.locator('input[name=segment-0-from]').fill('2026-11-24');
    await page.locator('input[name=segment-0-to]').fill('2026-11-26');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await atStep('construction');
    await page.locator('textarea[name=thisWeek]').fill('完成A端管道敷设');
    await page.locator('textarea[name=nextWeek]').fill('熔接并测试');
    await page.getByRole('button', { name: '提交周报' }).click();
    await pm.page.getByText('完成A端管道敷设').waitFor();
    // A plan segment's own limit is named after it.
    await expect(limitName('segment:A端接入')).resolves.toBe('分段 A端接入');
    await expect(limitName('plan')).resolves.toBe('实施方案');
    await expect(page.locator('[data-testid=order-steps] li[data-step=survey] .due[data-kind=survey]').innerText()).resolves.toMatch(/^勘察 /);
    // A warning filed now is too late to spare the date (at least 5 working days before it).
    await page.locator('select[name=warningReason]').selectOption('resource');
    await page.locator('textarea[name=warningDescription]').fill('光缆到货延迟');
    await page.getByRole('button', { name: '提交预警' }).click();
    await page.getByTestId('order-warnings').getByText('预警不及时').waitFor();
    await page.getByRole('button', { name: '施工完成' }).click();
    await atStep('testing');

    // The date passes in testing: the missed date is a violation, and the step's limits show red.
    platform.clock.set(bj('2026-11-30T10:00:00'));
    await platform.deadlinesPolled();
    await pm.page.reload();
    await page.getByTestId('order-violations').waitFor();
    await page.locator('[data-testid=order-steps] li[data-step=testing][data-late=true]').waitFor();
    await page.locator('[data-testid=order-deadlines] tr[data-kind=due][data-late=true]').waitFor();
    await pm.page.screenshot({ path: join(OUTPUT, 'console-ops-order-testing.png'), fullPage: true });

    await page.getByTestId('order-segments').locator('li[data-segment="A端接入"]').getByRole('button', { name: '本段完成' }).click();
    await page.locator('[data-testid=order-segments] li[data-segment="A端接入"][data-done=true]').waitFor();
    await expect(page.locator('input[name=reportingBureau]').inputValue()).resolves.toBe(placed.leadingBureau.bureau);
    await page.locator('textarea[name=testReport]').fill('全程误码测试24小时通过');
    await page.getByRole('button', { name: '全程竣工' }).click();
    await atStep('completion');
    await page.getByRole('button', { name: '竣工登记' }).click();
    await atStep('handover');
    await page.locator('input[name=signedBy]').fill('张工');
    await page.locator('form[aria-label="交接"]').getByRole('button', { name: '交接' }).click();
    await atStep('done');
    await expect(page.locator('[data-testid=order-steps] li[data-state=done]').count()).resolves.toBe(7);
    await page.getByTestId('order-violations').locator('li[data-kind=missed-without-warning]').getByText('到期未完成且未预警').waitFor();
    await pm.page.screenshot({ path: join(OUTPUT, 'console-ops-order.png'), fullPage: true });
    // English second: the same page in the other language.
    await pm.page.getByRole('button', { name: 'English' }).click();
    await page.locator('[data-testid=order-steps] li[data-step=testing]').getByText('Testing').waitFor();
    await page.getByTestId('order-violations').getByText('Missed the date without a timely warning').waitFor();
    await expect(limitName('due')).resolves.toBe('Due date');
    await expect(limitName('segment:A端接入')).resolves.toBe('Segment A端接入');
    await expect(limitName('survey')).resolves.toBe('Survey');
    const final = (await platform.http().get(`/api/v1/orders/${placed.id}`).expect(200)).body as Json;
    expect(final).toMatchObject({ step: 'done', signature: 'customer_signed', projectManager: '陈项目' });

    for (const [name, record] of seen) {
      expect({ name, errors: record.errors }).toEqual({ name, errors: [] });
      const gzipped = [...record.scripts.values()].reduce((a, b) => a + b, 0);
      expect(gzipped).toBeLessThan(JS_BUDGET_BYTES);
      console.log(`console JS loaded by ${name}: ${record.scripts.size} file(s), ${(gzipped / 1024).toFixed(1)} KB gzip`);
    }
    for (const { context } of [noc, unit, pm]) await context.close();
  }
});
