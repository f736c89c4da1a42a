import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`the browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page that remembers what went wrong in it: script errors, and every Content-Security-Policy
 * violation (the console must need nothing its CSP does not allow).
 */
export interface WatchedPage {
  page: Page;
  problems: string[];
}

export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return { page, problems };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the script's text, injected into the page; not a module this file uses
const AXE_SOURCE: string = require('axe-core').source;

// Callbacks given to page.evaluate run in the browser; the project's type check has no DOM library.
declare const window: Record<string, any>, document: unknown;

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now, one line each. axe is
 * put into the page through the DevTools protocol (not a <script>, which the CSP would refuse).
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result: { violations: AxeViolation[] } = await window.axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`);
}

/**
 * Where screenshots go: docs/console/ when LEDGER_SCREENSHOTS=docs (to refresh the README's
 * pictures), else a scratch folder, so a test run leaves the working tree as it was.
 */
const SCREENSHOTS =
  process.env.LEDGER_SCREENSHOTS === 'docs' ? join(__dirname, '..', '..', 'docs', 'console') : join(tmpdir(), 'privacy-ledger-console-screenshots');

/** A screenshot of the whole page into SCREENSHOTS/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}
