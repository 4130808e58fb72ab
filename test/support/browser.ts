/**
 * Chromium for browser tests: CHROMIUM_PATH names the binary (.ci/run installs Debian's).
 * Without it the browser suites are skipped, unless REQUIRE_BROWSER=1 makes that a failure.
 */
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH;

if (process.env.REQUIRE_BROWSER === '1' && !CHROMIUM_PATH) {
  throw new Error('REQUIRE_BROWSER=1 but CHROMIUM_PATH is not set: the browser suites cannot run');
}

/** Launches headless Chromium with a fresh temporary profile (playwright's default) and no background network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
