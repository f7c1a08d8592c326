/**
 * What the console's browser tests share: headless Chromium as this machine runs it, the gateway served on a port of
 * its own, the test's users, a browser context whose clock reads the services' time (a ManualClock, so countdowns and
 * fault times agree), what each page logged, asked for and loaded, and signing in through the console's own form.
 */
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { findChromium } from '../../tools/browser';
import { TestPlatform } from './platform';

/** Where the runs leave their screenshots for review (git-ignored). */
export const SCREENSHOTS = join(__dirname, '../../test-output');

/** Headless Chromium without the background connections a closed network refuses. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The platform's gateway on a port of its own; answers its base URL. */
export async function serveGateway(platform: TestPlatform): Promise<string> {
  await platform.gateway.listen(0, '127.0.0.1');
  const { port } = platform.gateway.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** The test's users, all with one password: made by the administrator, and their access tokens. */
export function consoleUsers(platform: () => TestPlatform, password: string) {
  return {
    password,
    make: async (username: string, roles: string[], extra: Record<string, unknown> = {}): Promise<string> => {
      await platform().http().post('/api/v1/users').send({ username, displayName: username, password, roles, ...extra }).expect(201);
      return username;
    },
    tokenOf: async (username: string): Promise<string> =>
      (await platform().anonymous().post('/api/v1/auth/login').send({ username, password }).expect(200)).body.accessToken as string,
  };
}

/** What a page did: console and page errors, requests to another origin, the scripts it loaded (gzipped bytes). */
export interface PageRecord {
  errors: string[];
  foreign: string[];
  scripts: Map<string, number>;
}

/**
 * A new browser context (Chinese, Beijing time, its clock at the platform's) and page, with what the page does
 * recorded; `viewport` desktop by default.
 */
export async function openConsolePage(
  browser: Browser,
  platform: TestPlatform,
  baseUrl: string,
  opts: { viewport?: { width: number; height: number }; acceptDownloads?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; record: PageRecord }> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  await context.clock.install({ time: platform.clock.now() });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const record: PageRecord = { errors: [], foreign: [], scripts: new Map() };
  page.on('console', (m) => m.type() === 'error' && record.errors.push(`console: ${m.text()}`));
  page.on('pageerror', (err) => record.errors.push(`pageerror: ${err.message}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'blob:' && url.protocol !== 'data:' && url.origin !== baseUrl) record.foreign.push(r.url());
  });
  page.on('response', async (r) => {
    if (r.request().resourceType() !== 'script') return;
    record.scripts.set(r.url(), gzipSync(await r.body()).length);
  });
  return { context, page, record };
}

/** Signs in through the console's form and waits for its live stream. */
export async function signInToConsole(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-testid=live][data-connected=true]').waitFor();
}
