import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/** Where a Chromium or Chrome usually lives, after CHROMIUM_PATH. Browsers are never downloaded by a test tool. */
const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function aptInstall(packages: string[], log: (line: string) => void): void {
  const apt = (...args: string[]) => execFileSync('apt-get', args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 });
  log(`installing Debian's packages: apt-get install ${packages.join(' ')}`);
  try {
    apt('install', '-y', '--no-install-recommends', ...packages);
  } catch {
    apt('update');
    apt('install', '-y', '--no-install-recommends', ...packages);
  }
}

const canApt = () => process.platform === 'linux' && process.getuid?.() === 0 && executable('/usr/bin/apt-get');

function succeeds(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * What the report-document tests need beside a Chromium: CJK fonts (the reports are in Chinese; without them every
 * character is a box) and poppler's pdftotext to read the PDFs back. Installed like Chromium when missing (as root
 * with apt-get, as `.ci/run` does); otherwise an error saying what to install.
 */
export function ensureDocumentTools(log: (line: string) => void = console.log): void {
  const missing: string[] = [];
  if (!/Noto Sans CJK|Noto Serif CJK|Source Han Sans|WenQuanYi/i.test(succeeds('fc-list', []) ?? '')) missing.push('fonts-noto-cjk');
  if (succeeds('pdftotext', ['-v']) === undefined && !executable('/usr/bin/pdftotext')) missing.push('poppler-utils');
  if (missing.length === 0) return;
  if (!canApt()) throw new Error(`The report-document tests need ${missing.join(' and ')} (Debian/Ubuntu: apt-get install ${missing.join(' ')})`);
  aptInstall(missing, log);
}

/**
 * A Chromium to drive headless: CHROMIUM_PATH, else one of the usual install paths, else Debian's package installed
 * the way `.ci/run` does (as root with apt-get). Anything else is an error saying how to provide one.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): string {
  if (env.CHROMIUM_PATH) {
    if (!executable(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file`);
    return env.CHROMIUM_PATH;
  }
  const found = USUAL_PATHS.find(executable);
  if (found) return found;
  if (canApt()) {
    aptInstall(['chromium'], log);
    const installed = USUAL_PATHS.find(executable);
    if (installed) return installed;
  }
  throw new Error(
    'No Chromium for the browser tests: install one (Debian/Ubuntu: apt-get install chromium; macOS: Google Chrome) ' +
      'or set CHROMIUM_PATH to its executable',
  );
}
