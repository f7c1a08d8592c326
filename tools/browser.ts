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

function aptInstall(log: (line: string) => void): void {
  const apt = (...args: string[]) => execFileSync('apt-get', args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 });
  log("no Chromium found: installing Debian's package (apt-get install chromium)");
  try {
    apt('install', '-y', '--no-install-recommends', 'chromium');
  } catch {
    apt('update');
    apt('install', '-y', '--no-install-recommends', 'chromium');
  }
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
  if (process.platform === 'linux' && process.getuid?.() === 0 && executable('/usr/bin/apt-get')) {
    aptInstall(log);
    const installed = USUAL_PATHS.find(executable);
    if (installed) return installed;
  }
  throw new Error(
    'No Chromium for the browser tests: install one (Debian/Ubuntu: apt-get install chromium; macOS: Google Chrome) ' +
      'or set CHROMIUM_PATH to its executable',
  );
}
