import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { createCircuit, createCustomer, CustomerFixture, openFault } from '../support/factories';
import { consoleUsers, launchChromium, openConsolePage, SCREENSHOTS, serveGateway, signInToConsole } from '../support/console-browser';
import { startPlatform, TestPlatform } from '../support/platform';

const OUTPUT = SCREENSHOTS;
const JS_BUDGET_BYTES = 300 * 1024;
const UNIT = '广州本地网传输中心';
const Z_UNIT = '北京本地网传输中心';
const TRUE_CAUSE = 'A端光模块老化导致收光异常';
const TOLD_CAUSE = '线路临时故障，现已恢复';

/**
 * The web console (apps/console, served by the gateway at /console) in headless Chromium: the NOC desk opens and
 * dispatches a ticket, a handling unit accepts its leg in another browser, the NOC board shows it without a reload (the
 * live stream), and the customers' portal shows the ticket to its own customer only, without the true cause.
 */
describe('the web console at /console, in a real browser', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let baseUrl: string;
  let customer: CustomerFixture;
  let other: CustomerFixture;
  let circuitCode: string;
  /** Per browser context: console errors and page errors, requests to another origin, the scripts loaded. */
  const seen = new Map<string, { errors: string[]; foreign: string[]; scripts: Map<string, number> }>();
  const pages = new Map<string, Page>();

  const password = 'console-test-password';
  const users = consoleUsers(() => platform, password);
  const makeUser = users.make;

  /** A browser context whose clock reads the services' time (a ManualClock), so countdowns and fault times agree. */
  const open = async (name: string): Promise<{ context: BrowserContext; page: Page }> => {
    const { context, page, record } = await openConsolePage(browser, platform, baseUrl);
    pages.set(name, page);
    seen.set(name, record);
    return { context, page };
  };

  const signIn = (page: Page, username: string) => signInToConsole(page, baseUrl, username, password);

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault', 'reporting', 'visits'] });
    baseUrl = await serveGateway(platform);
    customer = await createCustomer(platform.http, { name: '某银行广州分行', tier: 'gold' });
    other = await createCustomer(platform.http, { name: '某证券公司', tier: 'silver' });
    circuitCode = (await createCircuit(platform.http, customer)).code;
    // A ticket reported 27 minutes ago (by API): its dispatch limit is past (red), its first feedback near (amber).
    const earlier = await createCircuit(platform.http, customer, { serviceType: 'ethernet' });
    const now = platform.clock.now().getTime();
    await openFault(platform.http, customer, earlier, {
      faultAt: new Date(now - 30 * 60_000).toISOString(),
      reportedAt: new Date(now - 27 * 60_000).toISOString(),
      symptom: '以太网专线丢包严重',
    });
    await makeUser('noc-desk', ['noc']);
    await makeUser('unit-gz', ['handling_unit'], { unit: UNIT });
    await makeUser('bank-user', ['customer_user'], { customerId: customer.id });
    await makeUser('other-user', ['customer_user'], { customerId: other.id });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('serves the page uncached with its SPA fallback, its assets for a year, under a CSP of its own origin only', async () => {
    const page = await platform.anonymous().get('/console/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.text)![1];
    const asset = await platform.anonymous().get(script).expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await platform.anonymous().get('/console/tickets/any-page').expect(200)).text).toBe(page.text);
    await platform.anonymous().get('/console/assets/missing.js').expect(404);
    await platform.anonymous().get('/console').expect(301).expect('location', '/console/');
  });

  it('NOC opens and dispatches a ticket, the unit accepts in another browser, the board shows it live; each customer sees only its own, without the true cause', async () => {
    try {
      await journey();
    } catch (err) {
      // What each browser showed when the step failed, for the reader of the failure.
      for (const [name, page] of pages) await page.screenshot({ path: join(OUTPUT, `console-failed-${name}.png`), fullPage: true }).catch(() => undefined);
      throw err;
    }
  }, 180_000);

  async function journey(): Promise<void> {
    // The NOC desk signs in and lands on its board.
    const noc = await open('noc');
    await signIn(noc.page, 'noc-desk');
    await noc.page.getByRole('heading', { name: '故障受理工位' }).waitFor();

    // The intake form: the circuit looked up fills the customer and the service.
    await noc.page.getByRole('link', { name: '新建故障单' }).first().click();
    await noc.page.locator('input[name=circuitCode]').fill(circuitCode);
    await noc.page.getByRole('button', { name: '查询电路' }).click();
    await noc.page.getByTestId('circuit-note').filter({ hasText: '某银行广州分行' }).waitFor();
    await expect(noc.page.locator('input[name=customerName]').inputValue()).resolves.toBe('某银行广州分行');
    await expect(noc.page.locator('input[name=customerCode]').inputValue()).resolves.toBe(customer.code);
    await noc.page.locator('textarea[name=symptom]').fill('视频会议中断，光端机LOS告警');
    await noc.page.locator('input[name=reporterName]').fill('张工');
    await noc.page.locator('input[name=reporterContact]').fill('13800000000');
    await noc.page.getByRole('button', { name: '提交' }).click();

    // Its page with its clocks counting down: dispatch, first feedback, resolution.
    const ticketPage = noc.page.locator('.ticket-page');
    await ticketPage.waitFor();
    const number = (await ticketPage.getAttribute('data-ticket'))!;
    const ticketId = /\/console\/tickets\/([0-9a-f-]{36})$/.exec(noc.page.url())![1];
    const clocks = noc.page.locator('[data-testid=ticket-clocks]');
    for (const kind of ['dispatch', 'first-feedback', 'resolution']) await clocks.locator(`.clock[data-kind="${kind}"]`).waitFor();
    await expect(clocks.locator('.clock[data-kind=dispatch] .clock-left').innerText()).resolves.toMatch(/^0[0-5]:\d\d$/);
    await expect(clocks.locator('.clock[data-kind=dispatch]').getAttribute('data-state')).resolves.not.toBe('breached');
    // Each limit by its name, never its kind as the API spells it.
    await expect(clocks.locator('.clock[data-kind=first-feedback] .clock-name').innerText()).resolves.toBe('首次反馈');
    await expect(clocks.locator('.clock[data-kind=resolution] .clock-name').innerText()).resolves.toBe('故障历时');

    // Dispatch to the unit: its leg and its accept clock appear.
    await noc.page.locator('input[name=unit-0]').fill(UNIT);
    await expect(noc.page.locator('select[name=segment-1]').inputValue()).resolves.toBe('z_access');
    await noc.page.locator('input[name=unit-1]').fill(Z_UNIT);
    await noc.page.getByRole('button', { name: '派单', exact: true }).click();
    await noc.page.locator(`tr[data-leg="${UNIT}"][data-leg-status=dispatched]`).waitFor();
    await clocks.locator('.clock[data-kind=accept]').first().waitFor();
    await expect(clocks.locator('.clock[data-kind=accept] .clock-name').allInnerTexts()).resolves.toEqual(expect.arrayContaining([`接单 · ${UNIT}`, `接单 · ${Z_UNIT}`]));

    // Back on the board: the new ticket with its leg waiting, and the older ticket's clocks red and amber.
    await noc.page.getByRole('link', { name: '故障受理工位' }).click();
    const row = noc.page.locator(`tr[data-ticket="${number}"]`);
    await row.locator(`[data-leg="${UNIT}"][data-leg-status=dispatched]`).waitFor();
    await noc.page.locator('.clock[data-kind=dispatch][data-state=breached]').first().waitFor();
    await noc.page.locator('.clock[data-kind=first-feedback][data-state=warn]').first().waitFor();
    // The tier filter is the list route's: the board asks for the tier, and the gold customer's ticket leaves it.
    const silverAsked = noc.page.waitForRequest((r) => r.url().includes('/api/v1/faults?') && new URL(r.url()).searchParams.get('tier') === 'silver');
    await noc.page.locator('select[name=tier]').selectOption('silver');
    await silverAsked;
    await row.waitFor({ state: 'detached' });
    await noc.page.locator('select[name=tier]').selectOption('');
    await row.waitFor();
    await noc.page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

    // The handling unit, in a browser of its own, accepts its leg: its desk asks the list route for its unit's tickets,
    // and shows its own legs only (the Z end's leg of the same ticket is another unit's).
    const unit = await open('unit');
    const listed = unit.page.waitForRequest((r) => r.url().includes('/api/v1/faults?') && new URL(r.url()).searchParams.get('unit') === UNIT);
    await signIn(unit.page, 'unit-gz');
    await listed;
    const legRow = unit.page.locator(`tr[data-ticket="${number}"][data-leg="${UNIT}"]`);
    await legRow.getByRole('button', { name: '接单确认' }).click();
    await unit.page.locator(`tr[data-ticket="${number}"][data-leg-status=accepted]`).waitFor();
    await expect(unit.page.locator(`tr[data-leg="${Z_UNIT}"]`).count()).resolves.toBe(0);
    // On the ticket's page the unit acts on its own leg only: the Z end's, still to accept, offers it nothing.
    await legRow.getByRole('link', { name: number }).click();
    await unit.page.locator(`.ticket-page tr[data-leg="${UNIT}"]`).getByRole('button', { name: '进展' }).waitFor();
    const zLeg = unit.page.locator(`.ticket-page tr[data-leg="${Z_UNIT}"][data-leg-status=dispatched]`);
    await zLeg.waitFor();
    await expect(zLeg.getByRole('button').count()).resolves.toBe(0);
    await unit.page.screenshot({ path: join(OUTPUT, 'console-unit-ticket.png'), fullPage: true });

    // The NOC board shows the acceptance without a reload: pushed by the live stream.
    await row.locator(`[data-leg="${UNIT}"][data-leg-status=accepted]`).waitFor();
    await expect(noc.page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    await noc.page.screenshot({ path: join(OUTPUT, 'console-noc-board.png'), fullPage: true });

    // Restore and close from the ticket page: the true cause beside the cause told to the customer.
    await row.getByRole('link', { name: number }).click();
    await noc.page.getByRole('button', { name: '业务恢复', exact: true }).click();
    await noc.page.locator('form[aria-label="结单"]').waitFor();
    await noc.page.locator('textarea[name=causeDescription]').fill(TRUE_CAUSE);
    await noc.page.locator('textarea[name=customerFacingCause]').fill(TOLD_CAUSE);
    await noc.page.locator('input[name=customerConfirmedBy]').fill('张工');
    await noc.page.screenshot({ path: join(OUTPUT, 'console-close-form.png'), fullPage: true });
    await noc.page.getByRole('button', { name: '结单', exact: true }).click();
    await noc.page.locator('.ticket-page .status-closed').first().waitFor();
    await expect(noc.page.getByTestId('cause').innerText()).resolves.toContain(TRUE_CAUSE);
    await expect(noc.page.getByTestId('customer-facing-cause').innerText()).resolves.toContain(TOLD_CAUSE);

    // Another customer's user: the ticket is not in its portal, and its page is not found.
    const stranger = await open('other-customer');
    await signIn(stranger.page, 'other-user');
    await stranger.page.getByRole('heading', { name: '我的故障单' }).waitFor();
    await stranger.page.getByText('没有符合条件的故障单').waitFor();
    await expect(stranger.page.locator(`tr[data-ticket="${number}"]`).count()).resolves.toBe(0);
    await stranger.page.goto(`${baseUrl}/console/tickets/${ticketId}`);
    await stranger.page.getByRole('alert').filter({ hasText: '404' }).waitFor();
    await expect(stranger.page.content()).resolves.not.toContain(number);
    const strangerToken = (await platform.anonymous().post('/api/v1/auth/login').send({ username: 'other-user', password }).expect(200)).body.accessToken as string;
    await platform.as(strangerToken).get(`/api/v1/faults/${ticketId}`).expect(404);
    expect((await platform.as(strangerToken).get('/api/v1/faults').expect(200)).body.items).toEqual([]);

    // The right customer's user: its ticket, closed, with the cause it was told and never the true one.
    const own = await open('customer');
    await signIn(own.page, 'bank-user');
    const ownRow = own.page.locator(`tr[data-ticket="${number}"]`);
    await ownRow.locator('.status-closed').waitFor();
    await expect(ownRow.getByTestId('cause').innerText()).resolves.toBe(TOLD_CAUSE);
    await own.page.getByRole('heading', { name: '我的电路' }).waitFor();
    await own.page.locator('td', { hasText: circuitCode }).first().waitFor();
    await expect(own.page.content()).resolves.not.toContain(TRUE_CAUSE);
    await own.page.screenshot({ path: join(OUTPUT, 'console-customer-portal.png'), fullPage: true });
    await ownRow.getByRole('link', { name: number }).click();
    await own.page.locator('.ticket-page').waitFor();
    await expect(own.page.getByTestId('cause').innerText()).resolves.toBe(TOLD_CAUSE);
    await expect(own.page.content()).resolves.not.toContain(TRUE_CAUSE);
    await expect(own.page.content()).resolves.not.toContain(UNIT);

    // Lighthouse-style: nothing from another origin, no console errors (but the stranger's expected 404), the budget.
    for (const [name, record] of seen) {
      expect({ name, foreign: record.foreign }).toEqual({ name, foreign: [] });
      const expected = name === 'other-customer' ? record.errors.filter((e) => !/status of 404/.test(e)) : record.errors;
      expect({ name, errors: expected }).toEqual({ name, errors: [] });
      const gzipped = [...record.scripts.values()].reduce((a, b) => a + b, 0);
      expect(record.scripts.size).toBeGreaterThan(0);
      expect(gzipped).toBeLessThan(JS_BUDGET_BYTES);
      console.log(`console JS loaded by ${name}: ${record.scripts.size} file(s), ${(gzipped / 1024).toFixed(1)} KB gzip`);
    }
    for (const { context } of [noc, unit, stranger, own]) await context.close();
  }
});
