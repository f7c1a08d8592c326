import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import { Browser, Page } from 'playwright-core';
import { createCircuit, createCustomer, CustomerFixture, openFault, orderRequest } from '../support/factories';
import { consoleUsers, launchChromium, openConsolePage, SCREENSHOTS, serveGateway, signInToConsole } from '../support/console-browser';
import { ADMIN_PASSWORD, startPlatform, TestPlatform } from '../support/platform';

const OUTPUT = SCREENSHOTS;
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: labels, contrast, names, landmarks, language, keyboard traps. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DESKTOP = { width: 1440, height: 900 };
const TABLET = { width: 768, height: 1024 };
const UNIT = '广州本地网传输中心';
const Z_UNIT = '北京本地网传输中心';
const password = 'console-a11y-password';

type Ticket = { id: string; number: string; legs: { id: string; unit: string; segment: string }[] };

/** The few browser globals the page functions below use (this project's types have no DOM): `globalThis as unknown as Web`. */
interface Element {
  id: string;
  tagName: string;
  className: string;
  tabIndex: number;
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface Web {
  document: { documentElement: Element & { lang: string }; body: Element; activeElement: Element | null; querySelectorAll(selector: string): ArrayLike<Element> };
  getComputedStyle(el: Element): { overflowX: string; outlineStyle: string; outlineWidth: string; boxShadow: string };
  innerWidth: number;
  sessionStorage: { clear(): void };
  requestAnimationFrame(callback: () => void): void;
  axe?: { run: (context: unknown, options: unknown) => Promise<AxeResults> };
}

/**
 * The web console's accessibility and tablet audit: axe-core (WCAG 2 A/AA) on every page as the role that uses it, no
 * serious or critical violation allowed; the main flows worked by keyboard alone (Tab order, visible focus, Enter
 * submits, Escape closes what opened); every page at a tablet's 768×1024 without horizontal scrolling, photographed to
 * test-output/a11y-*.png for a reader to look at.
 */
describe('the web console: accessibility by axe-core and keyboard, and tablet layout', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let baseUrl: string;
  let customer: CustomerFixture;
  let circuitCode: string;
  /** Dispatched to both units, neither leg accepted yet (the unit accepts by keyboard below). */
  let waiting: Ticket;
  /** Dispatched, the Guangzhou leg accepted: its progress and result forms. */
  let accepted: Ticket;
  /** Restored: the close form. */
  let restored: Ticket;
  /** One signed-in page per user (the session lives in the tab's sessionStorage). */
  const pages = new Map<string, Page>();

  const users = consoleUsers(() => platform, password);
  const makeUser = users.make;
  const tokenOf = users.tokenOf;
  const newPage = async (): Promise<Page> => (await openConsolePage(browser, platform, baseUrl, { viewport: DESKTOP })).page;
  const signIn = (page: Page, username: string, secret = password) => signInToConsole(page, baseUrl, username, secret);

  const pageOf = async (username: string): Promise<Page> => {
    let page = pages.get(username);
    if (!page) {
      page = await newPage();
      await signIn(page, username, username === 'admin' ? ADMIN_PASSWORD : password);
      pages.set(username, page);
    }
    return page;
  };

  /**
   * The serious and critical WCAG A/AA violations axe-core finds on the page as it is, one line each; the lesser ones
   * and axe's best practices are printed for the reader, not failed on.
   */
  const audit = async (page: Page, name: string): Promise<string[]> => {
    // Evaluated over the DevTools protocol: the gateway's CSP (its own scripts only) stays in force for the console.
    if (!(await page.evaluate(() => (globalThis as unknown as Web).axe !== undefined))) await page.evaluate(AXE_SOURCE);
    const results = await page.evaluate(
      (tags) =>
        (globalThis as unknown as Web).axe!.run((globalThis as unknown as Web).document, {
          runOnly: { type: 'tag', values: [...tags, 'best-practice'] },
          resultTypes: ['violations'],
        }),
      WCAG_TAGS,
    );
    // axe ran its rules on this page: a page it could not read would pass nothing.
    expect(results.passes.length).toBeGreaterThan(10);
    const line = (v: Result) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`).join('; ')}`;
    const wcag = (v: Result) => v.tags.some((tag) => WCAG_TAGS.includes(tag));
    const failing = results.violations.filter((v) => wcag(v) && (v.impact === 'serious' || v.impact === 'critical'));
    const noted = results.violations.filter((v) => !failing.includes(v));
    if (noted.length > 0) console.log(`axe on ${name}, not failed on:\n${noted.map(line).join('\n')}`);
    return failing.map(line);
  };

  /** What scrolls sideways at this width: the document, or a region inside it a keyboard cannot scroll. */
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const web = globalThis as unknown as Web;
      const doc = web.document.documentElement;
      const regions = Array.from(web.document.querySelectorAll('main *'))
        .filter((el) => {
          const s = web.getComputedStyle(el);
          return (s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1 && el.tabIndex < 0;
        })
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      return { scrollWidth: doc.scrollWidth, width: web.innerWidth, unfocusableScrollers: regions };
    });

  /** The focused element: what it is, and whether its focus can be seen (an outline or a ring). */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const web = globalThis as unknown as Web;
      const el = web.document.activeElement;
      if (!el || el === web.document.body) return { name: 'body', visible: false };
      const s = web.getComputedStyle(el);
      const name = el.getAttribute('name') ?? el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName;
      const outlined = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      return { name: `${el.tagName.toLowerCase()}:${name}`, visible: outlined || s.boxShadow !== 'none' };
    });

  /** Presses Tab until `until` is focused (or `max` presses), returning each distinct element reached, in order. */
  const tabTo = async (page: Page, until: string, max = 40): Promise<{ name: string; visible: boolean }[]> => {
    const reached: { name: string; visible: boolean }[] = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (reached.at(-1)?.name !== now.name) reached.push(now);
      if (now.name === until) return reached;
    }
    throw new Error(`Tab never reached ${until}; reached ${reached.map((r) => r.name).join(' → ')}`);
  };

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning', 'fault', 'reporting'] });
    baseUrl = await serveGateway(platform);
    customer = await createCustomer(platform.http, { name: '某银行广州分行', tier: 'gold' });
    const circuit = await createCircuit(platform.http, customer);
    circuitCode = circuit.code;
    await makeUser('noc-desk', ['noc']);
    await makeUser('unit-gz', ['handling_unit'], { unit: UNIT });
    await makeUser('bank-user', ['customer_user'], { customerId: customer.id });
    await makeUser('pm-user', ['project_manager']);
    const dispatch = async (symptom: string): Promise<Ticket> => {
      const opened = await openFault(platform.http, customer, await createCircuit(platform.http, customer), { symptom });
      const legs = [
        { unit: UNIT, segment: 'a_access' },
        { unit: Z_UNIT, segment: 'z_access' },
      ];
      return (await platform.http().post(`/api/v1/faults/${opened.id}/dispatch`).send({ legs }).expect(200)).body;
    };
    waiting = await dispatch('视频会议中断，光端机LOS告警');
    accepted = await dispatch('以太网专线丢包严重，业务时断时续');
    const unitToken = await tokenOf('unit-gz');
    const gzLeg = accepted.legs.find((l) => l.unit === UNIT)!;
    await platform.as(unitToken).post(`/api/v1/faults/${accepted.id}/legs/${gzLeg.id}/accept`).send({}).expect(200);
    restored = await dispatch('互联网专线无法访问');
    await platform.http().post(`/api/v1/faults/${restored.id}/restore`).send({}).expect(200);
    await platform.http().post('/api/v1/orders').send(orderRequest(customer)).expect(201);
    await platform.http().post('/api/v1/orders').send(orderRequest(customer, { urgent: true, business: '总行数据中心互联' })).expect(201);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  /** Every page of the console, as the user who works on it, with what shows it is ready (its data loaded). */
  const PAGES: { name: string; user: string; path: () => string; ready: (page: Page) => Promise<void>; current?: string }[] = [
    { name: 'noc-board', current: '故障受理工位', user: 'noc-desk', path: () => '/noc', ready: (p) => p.locator(`tr[data-ticket="${waiting.number}"]`).waitFor() },
    { name: 'new-ticket', current: '新建故障单', user: 'noc-desk', path: () => '/tickets/new', ready: (p) => p.locator('input[name=circuitCode]').waitFor() },
    {
      name: 'ticket-page',
      user: 'noc-desk',
      path: () => `/tickets/${accepted.id}`,
      ready: async (p) => {
        await p.locator('form[aria-label="派单"]').waitFor();
        await p.locator('[data-testid=ticket-clocks] .clock').first().waitFor();
        // The escalation's note has a label that stays in view (a placeholder is cut off on a tablet).
        await p.getByText('原因或客户确认人', { exact: true }).waitFor();
        await p.getByLabel('原因或客户确认人').waitFor();
      },
    },
    { name: 'ticket-close', user: 'noc-desk', path: () => `/tickets/${restored.id}`, ready: (p) => p.locator('form[aria-label="结单"]').waitFor() },
    {
      name: 'unit-desk',
      current: '处理工位',
      user: 'unit-gz',
      path: () => '/unit',
      ready: async (p) => {
        await p.locator(`tr[data-ticket="${waiting.number}"]`).waitFor();
        // The accepted leg's result form open, so its fields are audited too.
        await p.locator(`tr[data-ticket="${accepted.number}"]`).getByRole('button', { name: '处理结果' }).click();
        await p.locator('form[aria-label="处理结果"]').waitFor();
      },
    },
    { name: 'provisioning-board', current: '开通看板', user: 'pm-user', path: () => '/orders', ready: (p) => p.locator('[data-order]').nth(1).waitFor() },
    { name: 'portal', current: '客户门户', user: 'bank-user', path: () => '/portal', ready: (p) => p.locator(`tr[data-ticket="${waiting.number}"]`).waitFor() },
    { name: 'portal-report', current: '申告故障', user: 'bank-user', path: () => '/portal/report', ready: (p) => p.locator(`select[name=circuitCode] option[value="${circuitCode}"]`).waitFor({ state: 'attached' }) },
    { name: 'portal-ticket', user: 'bank-user', path: () => `/tickets/${waiting.id}`, ready: (p) => p.locator('.ticket-page').waitFor() },
    { name: 'admin', current: '系统管理', user: 'admin', path: () => '/admin', ready: (p) => p.getByRole('cell', { name: 'noc-desk', exact: true }).first().waitFor() },
  ];

  it('the sign-in page: no serious WCAG violation; signing in by keyboard alone, each field focused visibly, Enter submits', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/console/`);
    await page.getByLabel('用户名').waitFor();
    expect(await audit(page, 'signin')).toEqual([]);
    await expect(page.evaluate(() => (globalThis as unknown as Web).document.documentElement.lang)).resolves.toBe('zh-CN');

    const path = await tabTo(page, 'input:password');
    expect(path.map((p) => p.name)).toEqual(['input:username', 'input:password']);
    expect(path.filter((p) => !p.visible)).toEqual([]);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('noc-desk');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=live][data-connected=true]').waitFor();
    await page.getByRole('heading', { name: '故障受理工位' }).waitFor();

    await page.setViewportSize(TABLET);
    await page.goto(`${baseUrl}/console/`);
    await page.evaluate(() => (globalThis as unknown as Web).sessionStorage.clear());
    await page.reload();
    await page.getByLabel('用户名').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'a11y-tablet-signin.png'), fullPage: true });
    const { scrollWidth, width } = await overflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    await page.context().close();
  }, 60_000);

  it.each(PAGES.map((p) => [p.name, p] as const))('%s: no serious or critical WCAG 2 A/AA violation; at 768×1024 nothing scrolls sideways', async (name, spec) => {
    const page = await pageOf(spec.user);
    try {
      await page.setViewportSize(DESKTOP);
      await page.goto(`${baseUrl}/console${spec.path()}`);
      await spec.ready(page);
      expect({ page: name, desktop: await audit(page, name) }).toEqual({ page: name, desktop: [] });
      // The navigation says where the user is (the ticket pages are in none of its entries).
      await expect(page.locator('nav a[aria-current=page]').allInnerTexts()).resolves.toEqual(spec.current ? [spec.current] : []);

      await page.setViewportSize(TABLET);
      // The layout settles on the next frame after the resize.
      await page.evaluate(() => new Promise<void>((resolve) => (globalThis as unknown as Web).requestAnimationFrame(() => (globalThis as unknown as Web).requestAnimationFrame(resolve))));
      await page.screenshot({ path: join(OUTPUT, `a11y-tablet-${name}.png`), fullPage: true });
      const fit = await overflow(page);
      expect({ page: name, ...fit, scrollsSideways: fit.scrollWidth > fit.width }).toEqual({ page: name, ...fit, scrollsSideways: false, unfocusableScrollers: [] });
      expect({ page: name, tablet: await audit(page, `${name} (tablet)`) }).toEqual({ page: name, tablet: [] });
    } catch (err) {
      await page.screenshot({ path: join(OUTPUT, `a11y-failed-${name}.png`), fullPage: true }).catch(() => undefined);
      throw err;
    }
  }, 60_000);

  it('the intake form by keyboard: Tab reaches every field and button in reading order with visible focus, Enter looks the circuit up, Enter submits', async () => {
    const page = await pageOf('noc-desk');
    await page.setViewportSize(TABLET);
    await page.goto(`${baseUrl}/console/tickets/new`);
    await page.locator('input[name=circuitCode]').waitFor();

    await expect(page.locator('nav a[aria-current=page]').allInnerTexts()).resolves.toEqual(['新建故障单']);
    // The skip link, the first stop, jumps past the header: the next Tab is the form's first field.
    await page.keyboard.press('Tab');
    await expect(focused(page)).resolves.toEqual({ name: 'a:跳到主要内容', visible: true });
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => (globalThis as unknown as Web).document.activeElement?.id)).resolves.toBe('main');
    await page.keyboard.press('Tab');
    await expect(focused(page)).resolves.toEqual({ name: 'input:circuitCode', visible: true });

    // From the top of the page: the skip link first, then the main navigation, then the form.
    await page.reload();
    await page.locator('input[name=circuitCode]').waitFor();
    const header = await tabTo(page, 'input:circuitCode');
    expect(header[0].name).toBe('a:跳到主要内容');
    expect(header.map((h) => h.name)).toEqual(expect.arrayContaining(['a:故障受理工位', 'a:新建故障单', 'button:English', 'button:退出']));
    expect(header.filter((h) => !h.visible)).toEqual([]);

    // Enter in the circuit code looks the circuit up (it does not submit the half-filled form).
    await page.keyboard.type(circuitCode);
    await page.keyboard.press('Enter');
    await page.getByTestId('circuit-note').filter({ hasText: '某银行广州分行' }).waitFor();
    await expect(page.locator('input[name=customerName]').inputValue()).resolves.toBe('某银行广州分行');
    await expect(page.locator('.ticket-page').count()).resolves.toBe(0);

    const fields = await tabTo(page, 'textarea:symptom');
    expect(fields.map((f) => f.name)).toEqual([
      'button:查询电路',
      'input:customerCode',
      'input:customerName',
      'select:serviceType',
      'input:direction',
      'input:faultAt',
      'select:channel',
      'textarea:symptom',
    ]);
    expect(fields.filter((f) => !f.visible)).toEqual([]);
    await page.keyboard.type('专线中断，客户侧路由器告警');
    await page.keyboard.press('Tab');
    await page.keyboard.type('李工');
    await page.keyboard.press('Tab');
    await page.keyboard.type('13900000000');
    await expect(focused(page)).resolves.toEqual({ name: 'input:reporterContact', visible: true });
    const rest = await tabTo(page, 'button:提交');
    expect(rest.filter((f) => !f.visible)).toEqual([]);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator('.ticket-page').waitFor();
    await expect(page.locator('.ticket-page dd', { hasText: '专线中断，客户侧路由器告警' }).count()).resolves.toBe(1);
  }, 60_000);

  it('in English, switched by keyboard: the page says its language, nothing scrolls sideways at 768×1024, no serious WCAG violation', async () => {
    const tours = [
      { user: 'bank-user', paths: ['/portal/report', '/portal', `/tickets/${waiting.id}`] },
      { user: 'noc-desk', paths: ['/noc', '/tickets/new', `/tickets/${accepted.id}`] },
    ];
    for (const { user, paths } of tours) {
      const page = await pageOf(user);
      await page.setViewportSize(TABLET);
      await page.goto(`${baseUrl}/console${paths[0]}`);
      await page.locator('main h2').first().waitFor();
      const lang = page.getByRole('button', { name: 'English' });
      await expect(lang.getAttribute('lang')).resolves.toBe('en');
      await lang.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: '中文' }).waitFor();
      try {
        await expect(page.evaluate(() => (globalThis as unknown as Web).document.documentElement.lang)).resolves.toBe('en');
        for (const [i, path] of paths.entries()) {
          await page.goto(`${baseUrl}/console${path}`);
          await page.locator('main h2').first().waitFor();
          await page.locator('[data-testid=live][data-connected=true]').waitFor();
          const name = `en-${user}-${i}`;
          await page.screenshot({ path: join(OUTPUT, `a11y-tablet-${name}.png`), fullPage: true });
          const { scrollWidth, width } = await overflow(page);
          expect({ path, scrollWidth }).toEqual({ path, scrollWidth: Math.min(scrollWidth, width) });
          // The header keeps its buttons together: "Sign out" never wraps onto a line of its own.
          const [language, signOut] = await Promise.all([page.getByRole('button', { name: '中文' }).boundingBox(), page.getByRole('button', { name: 'Sign out' }).boundingBox()]);
          expect({ path, signOutTop: signOut!.y }).toEqual({ path, signOutTop: language!.y });
          expect({ path, violations: await audit(page, name) }).toEqual({ path, violations: [] });
        }
      } finally {
        // Back to Chinese for whatever runs after (the choice is kept in the browser).
        await page.getByRole('button', { name: '中文' }).click();
        await page.getByRole('button', { name: 'English' }).waitFor();
      }
    }
  }, 90_000);

  it('the unit desk by keyboard: Enter accepts a leg; a leg form opens with focus in it, Escape closes it and focus returns', async () => {
    const page = await pageOf('unit-gz');
    await page.setViewportSize(TABLET);
    await page.goto(`${baseUrl}/console/unit`);
    const row = page.locator(`tr[data-ticket="${waiting.number}"]`);
    await row.waitFor();

    await row.getByRole('link', { name: waiting.number }).focus();
    const toAccept = await tabTo(page, 'button:接单确认');
    expect(toAccept.filter((f) => !f.visible)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.locator(`tr[data-ticket="${waiting.number}"][data-leg-status=accepted]`).waitFor();

    const progress = page.locator(`tr[data-ticket="${waiting.number}"]`).getByRole('button', { name: '进展' });
    await progress.focus();
    await expect(progress.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('Enter');
    const form = page.locator('form[aria-label="进展"]');
    await form.waitFor();
    await expect(progress.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(focused(page)).resolves.toEqual({ name: 'input:信息来源', visible: true });
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await expect(focused(page)).resolves.toMatchObject({ name: 'button:进展' });

    // Opened again and sent by Enter: the progress report is recorded.
    await page.keyboard.press('Enter');
    await page.keyboard.type('网管');
    await page.keyboard.press('Tab');
    await page.keyboard.type('已到达机房，正在更换光模块');
    // The optional fields (the faulty segment, a judgement) come next, each reached and visible, then the button.
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      expect(now.visible).toBe(true);
      reached.push(now.name);
      if (now.name === 'button:提交') break;
    }
    expect(reached).toContain('select:故障段落');
    expect(reached[reached.length - 1]).toBe('button:提交');
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    const unitToken = await tokenOf('unit-gz');
    const timeline = (await platform.as(unitToken).get(`/api/v1/faults/${waiting.id}/timeline`).expect(200)).body as { type: string }[];
    expect(timeline.map((e) => e.type)).toContain('progress');
  }, 60_000);
});
