import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { AppError } from '@app/shared';

/** Where a Chromium usually lives, after CHROMIUM_PATH (Debian's `chromium` package in the image and on CI). */
const USUAL_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : USUAL_PATHS;
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const logger = new Logger('PdfRenderer');

/** The system Chromium, headless; SERVICE_UNAVAILABLE (503) when there is none. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new AppError('SERVICE_UNAVAILABLE', 'PDF rendering needs Chromium: install it (Debian: apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH');
  }
  logger.log(`Launching Chromium for PDF rendering: ${executablePath}`);
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

export interface PdfRendererOptions {
  /** Renders at once; more wait their turn. */
  concurrency: number;
  /** One render, from opening the page to the PDF bytes. */
  timeoutMs: number;
}

/**
 * HTML to PDF with headless Chromium. The browser is launched on the first render only (services that never render
 * pay nothing), kept and reused; every render gets a fresh context with JavaScript off and every request blocked (the
 * documents are self-contained), closed afterwards. At most `concurrency` renders run at once; one that takes longer
 * than `timeoutMs` fails with SERVICE_TIMEOUT. A browser that dies is launched again on the next render.
 */
@Injectable()
export class PdfRenderer implements OnApplicationShutdown {
  private browser: Promise<Browser> | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly options: PdfRendererOptions = { concurrency: 2, timeoutMs: 15_000 },
    /** How the browser is started: the system Chromium, headless (replaced in unit tests). */
    private readonly start: () => Promise<Browser> = launchChromium,
  ) {}

  async pdf(html: string): Promise<Buffer> {
    await this.slot();
    let context: BrowserContext | undefined;
    let timedOut = false;
    try {
      return await this.withTimeout(
        (async () => {
          const browser = await this.launch();
          context = await browser.newContext({ javaScriptEnabled: false, offline: true });
          if (timedOut) {
            await context.close().catch(() => undefined);
            throw new AppError('SERVICE_TIMEOUT', 'Rendering the PDF timed out');
          }
          await context.route('**/*', (route) => route.abort());
          const page = await context.newPage();
          await page.setContent(html, { waitUntil: 'load', timeout: this.options.timeoutMs });
          return page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: false });
        })(),
        () => (timedOut = true),
      );
    } finally {
      // Closing the context closes its page and abandons a render still running after a timeout.
      await (context as BrowserContext | undefined)?.close().catch(() => undefined);
      this.release();
    }
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const launching = this.start();
      this.browser = launching;
      launching.then(
        (b) =>
          b.on('disconnected', () => {
            if (this.browser === launching) this.browser = undefined;
          }),
        () => {
          if (this.browser === launching) this.browser = undefined;
        },
      );
    }
    return this.browser;
  }

  private withTimeout<T>(work: Promise<T>, onTimeout: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(new AppError('SERVICE_TIMEOUT', `Rendering the PDF took longer than ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private slot(): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  async onApplicationShutdown(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => undefined);
  }
}
