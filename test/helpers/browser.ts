/**
 * Headless Chromium for the web inbox's tests: Debian's `chromium` driven by puppeteer-core
 * (which downloads no browser). Without a Chromium the tests skip, saying why, except in CI
 * (CI=true), where .ci/run installs one and a missing browser is a failure.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const chromiumPath: string | undefined = CANDIDATES.find((p): p is string => !!p && existsSync(p));

export const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** Why the browser tests skip here, or undefined when they run. */
export const skipBrowser: string | undefined =
  chromiumPath || inCi ? undefined : 'no Chromium here (apt-get install chromium, or set CHROMIUM_PATH): the web inbox browser tests are skipped';

export interface StartedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<StartedBrowser> {
  if (!chromiumPath) throw new Error('Chromium is required in CI (CI=true) but none was found: .ci/run installs the Debian chromium package');
  const { default: puppeteer } = await import('puppeteer-core');
  const profile = mkdtempSync(join(tmpdir(), 'smsctl-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    // Without the background-networking flags Chromium keeps calling Google's services, which
    // on a closed network means a stream of failing connections.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
