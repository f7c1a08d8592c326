import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { expectEventually } from '../support/eventually';
import { createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { consoleUsers, launchChromium, openConsolePage, SCREENSHOTS, serveGateway, signInToConsole } from '../support/console-browser';
import { startPlatform, TestPlatform } from '../support/platform';

const OUTPUT = SCREENSHOTS;
const JS_BUDGET_BYTES = 300 * 1024;
const CUTOVER = '城域网核心设备升级割接';
const REFUSAL = '月底结算期间不能中断业务，请改期';
const TOLD_CAUSE = '线路临时故障，现已恢复';
const COMMENT = '恢复及时，客户经理反馈清楚';
/** More customers than a page of the list holds: the bank's is not among the newest 200. */
const LATER_CUSTOMERS = 200;

/**
 * The customer portal and the administration of the web console in headless Chromium: a customer's user answers a
 * cutover notice, downloads its fault report and its analysis report, and rates its closed ticket (a second rating,
 * from a form opened before the first was sent, is refused); an administrator changes a user's roles, loads next
 * year's working-day calendar, changes a time limit and sees the reason a bad value is refused beside its field.
 * The staff's ticket page shows the customer's rating; a customer's user is listed with its customer's name; a list
 * that cannot be read (dead letters, the notifier down) says so instead of showing none.
 */
describe('the customer portal and the administration, in a real browser', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let baseUrl: string;
  let customer: CustomerFixture;
  let ticket: { id: string; number: string };
  let cutoverId: string;
  /** Per browser context: console errors and page errors, requests to another origin, the scripts loaded. */
  const seen = new Map<string, { errors: string[]; foreign: string[]; scripts: Map<string, number> }>();
  const pages = new Map<string, Page>();

  const password = 'console-test-password';
  const users = consoleUsers(() => platform, password);
  const makeUser = users.make;
  const tokenOf = users.tokenOf;

  /** A browser context whose clock reads the services' time (a ManualClock), so dates and windows agree. */
  const open = async (name: string): Promise<{ context: BrowserContext; page: Page }> => {
    const { context, page, record } = await openConsolePage(browser, platform, baseUrl, { acceptDownloads: true });
    pages.set(name, page);
    seen.set(name, record);
    return { context, page };
  };

  const signIn = (page: Page, username: string) => signInToConsole(page, baseUrl, username, password);

  /** Clicks and returns the downloaded file's bytes. */
  const downloaded = async (page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> => {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
  };

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault', 'reporting', 'visits'] });
    baseUrl = await serveGateway(platform);
    customer = await createCustomer(platform.http, { name: '某银行广州分行', tier: 'gold' });
    const circuit = await createCircuit(platform.http, customer);
    await makeUser('bank-user', ['customer_user'], { customerId: customer.id });
    for (let i = 0; i < LATER_CUSTOMERS; i += 20) await Promise.all(Array.from({ length: 20 }, () => createCustomer(platform.http, { tier: 'standard' })));
    await makeUser('noc-desk', ['noc']);
    await makeUser('portal-admin', ['admin']);
    const http = platform.http;

    // A ticket restored and closed, with the cause told to the customer; its final fault report submitted.
    ticket = await openFault(http, customer, circuit, { symptom: '视频会议中断，光端机LOS告警' });
    await http().post(`/api/v1/faults/${ticket.id}/restore`).send({}).expect(200);
    const closed = (
      await http()
        .post(`/api/v1/faults/${ticket.id}/close`)
        .send({ causeCategory: 'operator_fiber', causeSegment: 'a_access', causeDescription: 'A端光缆被施工挖断', customerFacingCause: TOLD_CAUSE, customerConfirmedBy: '张工' })
        .expect(200)
    ).body;
    await expectEventually(async () => expect((await http().get(`/api/v1/reports/faults/${ticket.id}`).expect(200)).body.ticketStatus).toBe('closed'));
    const stated = { faultAt: closed.faultAt, reportedAt: closed.reportedAt, restoredAt: closed.restoredAt, closedAt: closed.closedAt, causeCategory: closed.causeCategory, causeSegment: closed.causeSegment, cause: TOLD_CAUSE };
    await http().post(`/api/v1/reports/faults/${ticket.id}/versions`).send({ kind: 'final', measures: '抢修光缆，业务恢复', preventiveMeasures: '加强线路巡护', stated }).expect(201);
    // A group-level customer's final report is reviewed by the customer engineer before it is submitted.
    await http().post(`/api/v1/reports/faults/${ticket.id}/versions/1/review`).send({}).expect(200);
    await http().post(`/api/v1/reports/faults/${ticket.id}/versions/1/submit`).send({}).expect(200);

    // A cutover on the customer's circuit, once the visits service has learned of it.
    await expectEventually(async () => {
      const res = await http()
        .post('/api/v1/cutovers')
        .send({ windowStart: '2026-11-21T16:00:00.000Z', windowEnd: '2026-11-21T20:00:00.000Z', title: CUTOVER, description: '更换城域网核心路由器板卡，业务中断约30分钟', circuitCodes: [circuit.code], owner: '网络部 李工' });
      expect(res.status).toBe(201);
      cutoverId = res.body.id;
    });

    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  /** What each browser showed when a step failed, for the reader of the failure. */
  const screenshotsOnFailure = async (name: string, journey: () => Promise<void>) => {
    try {
      await journey();
    } catch (err) {
      for (const [page, p] of pages) await p.screenshot({ path: join(OUTPUT, `console-portal-failed-${name}-${page}.png`), fullPage: true }).catch(() => undefined);
      for (const [page, record] of seen) if (record.errors.length > 0) console.log(`${page}: ${record.errors.join('\n')}`);
      throw err;
    }
  };

  it('a customer answers a cutover notice, downloads its reports, rates its closed ticket once', () => screenshotsOnFailure('customer', customerJourney), 180_000);

  async function customerJourney(): Promise<void> {
    const own = await open('customer');
    await signIn(own.page, 'bank-user');
    const page = own.page;
    await page.getByRole('heading', { name: '割接通知' }).waitFor();

    // The cutover notice: the window, its circuit, no answer yet. The customer refuses, with a reason.
    const notice = page.locator(`article[data-cutover="${CUTOVER}"]`);
    await notice.getByText('尚未答复').waitFor();
    await notice.getByLabel('不同意').check();
    await notice.locator('textarea[name=reason]').fill(REFUSAL);
    await notice.getByRole('button', { name: '答复' }).click();
    await notice.locator('[data-testid=my-answer][data-answer=refuse]').waitFor();
    await expect(notice.getByTestId('my-answer').innerText()).resolves.toContain(REFUSAL);
    const cutover = (await platform.http().get(`/api/v1/cutovers/${cutoverId}`).expect(200)).body;
    expect(cutover.answers).toEqual([expect.objectContaining({ customerId: customer.id, answer: 'refuse', reason: REFUSAL, answeredBy: 'bank-user', onBehalf: false })]);
    expect(cutover.rescheduleNeeded).toBe(true);

    // Then it proposes another window (its last answer of the round counts), in Beijing time.
    await notice.getByLabel('建议其他时间').check();
    await notice.locator('input[name=proposedStart]').fill('2026-11-28T22:00');
    await notice.locator('input[name=proposedEnd]').fill('2026-11-29T02:00');
    await notice.locator('textarea[name=reason]').fill('周末夜间业务量小');
    await notice.getByRole('button', { name: '答复' }).click();
    await notice.locator('[data-testid=my-answer][data-answer=propose]').waitFor();
    const proposed = (await platform.http().get(`/api/v1/cutovers/${cutoverId}`).expect(200)).body.answers.at(-1);
    expect(proposed).toMatchObject({ answer: 'propose', proposedStart: '2026-11-28T14:00:00.000Z', proposedEnd: '2026-11-28T18:00:00.000Z', answeredBy: 'bank-user' });

    // Its documents: the submitted fault report and the analysis report of the previous month, as PDF.
    const reports = page.locator('ul.reports li', { hasText: ticket.number });
    const report = await downloaded(page, () => reports.getByRole('button', { name: '下载' }).click());
    expect(report.name).toBe(`${ticket.number}.pdf`);
    expect(report.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const analysisForm = page.getByRole('form', { name: '网络运行分析报告' });
    await expect(analysisForm.locator('input[name=from]').inputValue()).resolves.toBe('2026-10-01');
    await expect(analysisForm.locator('input[name=to]').inputValue()).resolves.toBe('2026-10-31');
    await analysisForm.locator('input[name=from]').fill('2026-11-01');
    await analysisForm.locator('input[name=to]').fill('2026-11-30');
    const analysis = await downloaded(page, () => analysisForm.getByRole('button', { name: '下载 PDF' }).click());
    expect(analysis.name).toBe('analysis-2026-11-01-2026-11-30.pdf');
    expect(analysis.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(analysis.bytes.length).toBeGreaterThan(1000);

    // A second browser of the same user opens the rating form first...
    const second = await open('customer-second');
    await signIn(second.page, 'bank-user');
    await second.page.locator(`tr[data-ticket="${ticket.number}"]`).getByRole('button', { name: '评价' }).click();
    const staleForm = second.page.getByRole('form', { name: '评价故障单' });
    await staleForm.locator('input[name=score][value="4"]').check();

    // ...the first rates the closed ticket: five stars and a comment.
    const row = page.locator(`tr[data-ticket="${ticket.number}"]`);
    await expect(row.getByTestId('cause').innerText()).resolves.toBe(TOLD_CAUSE);
    await row.getByRole('button', { name: '评价' }).click();
    const form = page.getByRole('form', { name: '评价故障单' });
    await form.locator('input[name=score][value="5"]').check();
    await form.locator('textarea[name=comment]').fill(COMMENT);
    await page.screenshot({ path: join(OUTPUT, 'console-portal-rating-form.png'), fullPage: true });
    await form.getByRole('button', { name: '提交' }).click();
    await page.getByText('感谢您的评价').waitFor();
    await row.locator('[data-testid=rating] .stars[data-score="5"]').waitFor();
    await expect(row.getByRole('button', { name: '评价' }).count()).resolves.toBe(0);
    await page.screenshot({ path: join(OUTPUT, 'console-portal-customer.png'), fullPage: true });

    // The second is refused: the ticket is rated once.
    await staleForm.getByRole('button', { name: '提交' }).click();
    await staleForm.locator('[role=alert][data-code=TICKET_ALREADY_RATED]').waitFor();
    await expect(staleForm.getByRole('alert').innerText()).resolves.toContain('该故障单已评价过');
    await second.page.screenshot({ path: join(OUTPUT, 'console-portal-second-rating.png'), fullPage: true });
    const staffView = (await platform.as(await tokenOf('noc-desk')).get(`/api/v1/faults/${ticket.id}`).expect(200)).body;
    expect(staffView.rating).toEqual({ score: 5, comment: COMMENT, ratedBy: 'bank-user', ratedAt: expect.any(String) });

    // The NOC's page of the ticket shows the rating: its stars and score, the comment, who rated it and when.
    const staff = await open('staff');
    await signIn(staff.page, 'noc-desk');
    await staff.page.goto(`${baseUrl}/console/tickets/${ticket.id}`);
    const rated = staff.page.locator('[data-testid=rating][data-score="5"]');
    await rated.waitFor();
    await rated.locator('.stars[data-score="5"]').waitFor();
    await expect(rated.innerText()).resolves.toContain('非常满意');
    await expect(rated.getByTestId('rating-comment').innerText()).resolves.toBe(COMMENT);
    await expect(rated.getByTestId('rated-by').innerText()).resolves.toBe('bank-user');
    const beijing = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    await expect(rated.innerText()).resolves.toContain(beijing.format(new Date(staffView.rating.ratedAt)));
    await staff.page.screenshot({ path: join(OUTPUT, 'console-portal-staff-rating.png'), fullPage: true });

    // English is the second language: the same portal, in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Cutover notices' }).waitFor();
    await notice.getByText('Propose another window').first().waitFor();
    await page.getByRole('button', { name: 'Download PDF' }).waitFor();
    await page.screenshot({ path: join(OUTPUT, 'console-portal-customer-en.png'), fullPage: true });

    checkBrowsers(['customer', 'customer-second', 'staff'], /status of 409/);
    for (const { context } of [own, second, staff]) await context.close();
  }

  it("an admin edits a user's roles, loads next year's calendar, changes a time limit and sees a bad value refused beside its field", () => screenshotsOnFailure('admin', adminJourney), 180_000);

  async function adminJourney(): Promise<void> {
    const admin = await open('admin');
    const page = admin.page;
    await signIn(page, 'portal-admin');
    const customerLists: URL[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/customers') customerLists.push(url);
    });
    await page.getByRole('link', { name: '系统管理' }).click();

    // A customer's user is listed with its customer's name, though the customer is not among the newest 200: the
    // customers of the page's users are read in one request, by their ids.
    const bankRow = page.locator('tr[data-user="bank-user"]');
    await bankRow.getByTestId('unit-or-customer').filter({ hasText: '某银行广州分行' }).waitFor();
    await expect(bankRow.getByTestId('unit-or-customer').innerText()).resolves.toBe('某银行广州分行');
    expect(customerLists.map((u) => u.searchParams.getAll('ids'))).toEqual([[customer.id]]);
    // The route takes the ids repeated or separated by commas; an id that is none is refused, naming the field.
    const newest = (await platform.http().get('/api/v1/customers').query({ limit: 1 }).expect(200)).body.items[0].id as string;
    const both = (await platform.http().get('/api/v1/customers').query(`ids=${customer.id},${newest}`).expect(200)).body.items as { id: string }[];
    expect(both.map((c) => c.id).sort()).toEqual([customer.id, newest].sort());
    const notAnId = (await platform.http().get('/api/v1/customers').query({ ids: 'not-a-customer' }).expect(400)).body;
    expect(notAnId.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^ids/) })]);

    // Users and roles: the NOC desk's user also becomes a customer manager.
    const row = page.locator('tr[data-user="noc-desk"]');
    await expect(row.getByTestId('roles').innerText()).resolves.toBe('故障受理工位');
    await row.getByRole('button', { name: '编辑' }).click();
    await row.getByLabel('客户经理').check();
    await page.screenshot({ path: join(OUTPUT, 'console-admin-users.png'), fullPage: true });
    await row.getByRole('button', { name: '保存' }).click();
    await row.getByTestId('roles').filter({ hasText: '故障受理工位、客户经理' }).waitFor();
    const users = (await platform.http().get('/api/v1/users').query({ q: 'noc-desk' }).expect(200)).body.items as { username: string; roles: string[] }[];
    expect(users.find((u) => u.username === 'noc-desk')!.roles.sort()).toEqual(['customer_manager', 'noc']);

    // The calendar: the years known, and next year's schedule loaded.
    await page.getByRole('button', { name: '工作日历' }).click();
    const known = ((await platform.http().get('/api/v1/calendar/years').expect(200)).body.items as { year: number }[]).map((y) => y.year);
    const next = Math.max(...known) + 1;
    await page.locator(`tr[data-year="${Math.max(...known)}"]`).getByRole('button', { name: '查看' }).click();
    await page.locator(`[data-shown-year="${Math.max(...known)}"]`).getByText('国庆节').first().waitFor();
    const load = page.getByRole('form', { name: '载入年度安排' });
    await expect(load.locator('input[name=year]').inputValue()).resolves.toBe(String(next));
    await load.locator('textarea[name=holidays]').fill(`${next}-01-01 元旦\n${next}-10-01 国庆节`);
    await load.locator('textarea[name=makeupWorkdays]').fill(`${next}-09-26 国庆节调休`);
    await load.getByRole('button', { name: '载入年度安排' }).click();
    await load.getByTestId('calendar-saved').filter({ hasText: `${next}` }).waitFor();
    await page.locator(`tr[data-year="${next}"]`).getByText('管理员载入').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'console-admin-calendar.png'), fullPage: true });
    const loaded = (await platform.http().get(`/api/v1/calendar/years/${next}`).expect(200)).body;
    expect(loaded).toMatchObject({ year: next, source: 'admin', holidays: [{ date: `${next}-01-01`, name: '元旦' }, { date: `${next}-10-01`, name: '国庆节' }], makeupWorkdays: [{ date: `${next}-09-26`, name: '国庆节调休' }] });

    // The fault limits: the first feedback tightened to 20 minutes, with a reason kept in the history.
    await page.getByRole('button', { name: '时限设置' }).click();
    const settings = page.getByRole('form', { name: '时限设置' });
    await settings.getByText('首次反馈客户时限（分钟）').waitFor();
    await expect(settings.locator('input[name=firstFeedbackMinutes]').inputValue()).resolves.toBe('30');
    await settings.locator('input[name=firstFeedbackMinutes]').fill('20');
    await settings.locator('input[name=reason]').fill('试行缩短首次反馈时限');
    await settings.getByRole('button', { name: '保存' }).click();
    await settings.getByTestId('settings-saved').filter({ hasText: '版本 1' }).waitFor();
    await page.locator('table.settings-history tr[data-version="1"]').getByText('试行缩短首次反馈时限').waitFor();
    const fault = (await platform.http().get('/api/v1/settings/fault').expect(200)).body;
    expect(fault).toMatchObject({ version: 1, changedBy: 'portal-admin', values: expect.objectContaining({ firstFeedbackMinutes: 20 }) });

    // A dispatch limit of 0 minutes is refused: the reason beside the field, nothing changed.
    await settings.locator('input[name=dispatchMinutes]').fill('0');
    await settings.getByRole('button', { name: '保存' }).click();
    const refused = settings.getByTestId('error-dispatchMinutes');
    await refused.waitFor();
    await expect(refused.innerText()).resolves.toMatch(/1/);
    await expect(settings.locator('[data-field=dispatchMinutes]').getAttribute('class')).resolves.toContain('invalid');
    await page.screenshot({ path: join(OUTPUT, 'console-admin-settings.png'), fullPage: true });
    expect((await platform.http().get('/api/v1/settings/fault').expect(200)).body).toMatchObject({ version: 1, values: expect.objectContaining({ dispatchMinutes: 5 }) });

    // Dead letters with the notifier not running: the failure is shown, not "none".
    const deadTab = page.getByRole('button', { name: '死信（发送失败）' });
    await deadTab.click();
    const dead = page.locator('section.panel', { has: page.getByRole('heading', { name: '死信（发送失败）' }) });
    await dead.getByRole('alert').filter({ hasText: '503' }).waitFor();
    await expect(dead.getByRole('alert').innerText()).resolves.toContain('SERVICE_UNAVAILABLE');
    await expect(dead.getByTestId('no-dead-letters').count()).resolves.toBe(0);
    await page.screenshot({ path: join(OUTPUT, 'console-admin-dead-letters-down.png'), fullPage: true });
    // Once it runs, the same panel reads its list: none.
    await platform.startService('notifier');
    await page.getByRole('button', { name: '用户与角色' }).click();
    await deadTab.click();
    await dead.getByTestId('no-dead-letters').waitFor();
    await expect(dead.getByRole('alert').count()).resolves.toBe(0);

    checkBrowsers(['admin'], /status of (400|503)/);
    await admin.context.close();
  }

  /** Nothing from another origin, no console errors but the refusals the journey provoked, the first load's budget. */
  function checkBrowsers(names: string[], expected: RegExp): void {
    for (const name of names) {
      const record = seen.get(name)!;
      expect({ name, foreign: record.foreign }).toEqual({ name, foreign: [] });
      expect({ name, errors: record.errors.filter((e) => !expected.test(e)) }).toEqual({ name, errors: [] });
      const gzipped = [...record.scripts.values()].reduce((a, b) => a + b, 0);
      expect(gzipped).toBeLessThan(JS_BUDGET_BYTES);
      console.log(`console JS loaded by ${name}: ${record.scripts.size} file(s), ${(gzipped / 1024).toFixed(1)} KB gzip`);
    }
  }
});
