import { AddressInfo } from 'node:net';
import { Browser, chromium, Page } from 'playwright-core';
import { findChromium } from '../../tools/browser';
import { ADMIN_PASSWORD, startPlatform, TestPlatform } from '../support/platform';

const ME = '/api/v1/auth/me';

describe('Swagger UI at /docs, in a real browser', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  /** What the browser reported: console errors (CSP violations among them) and uncaught page errors. */
  const browserErrors: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning'] });
    await platform.gateway.listen(0, '127.0.0.1');
    const { port } = platform.gateway.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      // CHROMIUM_PATH, a usual install path, or Debian's package installed on first use; never a download.
      executablePath: findChromium(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserErrors.push(`pageerror: ${error.message}`));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('signs in through the oauth2 password flow and runs GET /api/v1/auth/me with the token', async () => {
    // Without a token the route is closed, so a 200 below can only come from signing in through the page.
    await platform.anonymous().get(ME).expect(401);

    await page.goto(`${baseUrl}/docs`);
    const authorize = page.locator('.auth-wrapper .btn.authorize');
    await authorize.waitFor({ state: 'visible' }).catch((err: Error) => {
      throw new Error(`Swagger UI did not render (${err.message}); the browser reported: ${JSON.stringify(browserErrors)}`);
    });

    // The Authorize dialog: one section per security scheme; sign in under oauth2.
    await authorize.click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await dialog.waitFor({ state: 'visible' });
    // Told apart by its heading ("oauth2 (OAuth2, password)"), which stays once the inputs are gone.
    const oauth2 = dialog.locator('.auth-container').filter({ has: page.locator('h4', { hasText: /^oauth2\b/ }) });
    await expect(oauth2.count()).resolves.toBe(1);
    await oauth2.locator('#oauth_username').fill('admin');
    await oauth2.locator('#oauth_password').fill(ADMIN_PASSWORD);
    const tokenResponse = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/v1/auth/token' && res.request().method() === 'POST');
    await oauth2.locator('.auth-btn-wrapper .btn.authorize').click();
    const token = await tokenResponse;
    expect(token.url()).toBe(`${baseUrl}/api/v1/auth/token`);
    expect(token.status()).toBe(200);
    expect(token.request().postData()).toContain('grant_type=password');
    const { access_token: accessToken } = (await token.json()) as { access_token: string };

    // Signed in: the section now says so and offers to log out instead of the credentials.
    // (The button's accessible name is its aria-label "Remove authorization"; its text is "Logout".)
    await oauth2.locator('.auth-btn-wrapper button', { hasText: 'Logout' }).waitFor({ state: 'visible' });
    await expect(oauth2.locator('h6').innerText()).resolves.toBe('Authorized');
    await expect(oauth2.locator('#oauth_username').count()).resolves.toBe(0);
    expect((await oauth2.locator('label[for="oauth_username"] + code').innerText()).trim()).toBe('admin');
    await oauth2.locator('button.btn-done').click();
    await dialog.waitFor({ state: 'detached' });

    // GET /api/v1/auth/me: open its tag (tags start collapsed), expand the operation, "Try it out", "Execute".
    await page.locator('.opblock-tag[data-tag="auth"]').click();
    const operation = page.locator('.opblock.opblock-get').filter({ has: page.locator(`.opblock-summary-path[data-path="${ME}"]`) });
    await expect(operation.count()).resolves.toBe(1);
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('.try-out__btn').click();
    const meRequest = page.waitForRequest((req) => new URL(req.url()).pathname === ME && req.method() === 'GET');
    await operation.locator('.btn.execute').click();
    const sent = await meRequest;
    expect(await sent.headerValue('authorization')).toBe(`Bearer ${accessToken}`);

    // The answer as the page shows it.
    const live = operation.locator('.responses-wrapper .live-responses-table .response');
    await live.waitFor({ state: 'visible' });
    await expect(live.locator('.response-col_status').innerText()).resolves.toBe('200');
    const body = await live.locator('.response-col_description .highlight-code .microlight').innerText();
    expect(body).toContain('"username": "admin"');
    expect(JSON.parse(body)).toMatchObject({ username: 'admin', roles: expect.arrayContaining(['admin']) });

    expect(browserErrors).toEqual([]);
  }, 60_000);
});
