import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { generateApiKey } from '@ledger/access';
import { loadLedgerConfig } from '@ledger/config';
import { SqliteEventStore, openSqlite } from '@ledger/event-store';
import { ProjectionRunner, allProjections } from '@ledger/projections';
import { createLedgerApp } from '../apps/ledger/src/bootstrap';
import { REBUILD_BATCH } from '../apps/ledger-cli/src/commands/rebuild.command';
import { launchChromium } from '../test/support/browser';
import { ensureConsoleBuilt } from '../test/support/console-build';
import { fmt, printTable, remove, scratchDir, timed } from './support';
import { writeWorkloadLog } from './workload-log';

// Callbacks given to page.evaluate / addInitScript run in the browser; the type check has no DOM library.
declare const document: { querySelectorAll(selector: string): { length: number } }, sessionStorage: { setItem(k: string, v: string): void };

const ROUNDS = 7;

/**
 * Issue 11: the console's overview at size. A ledger holding `events` facts over `subjects`
 * subjects (read models rebuilt, served as `npm start` serves it) against an empty ledger in the
 * same run: Chromium opens /console/overview signed in, and the clock runs until every card of
 * the overview has its figures (no card still loading).
 */
export async function consoleBench(events = 1_000_000, subjects = 100_000): Promise<void> {
  console.log(`\n== console overview: ${fmt(events)} events over ${fmt(subjects)} subjects, against an empty ledger ==`);
  const empty = scratchDir('console-empty');
  const full = scratchDir('console-full');
  let browser: Browser | undefined;
  try {
    await ensureConsoleBuilt();
    await writeWorkloadLog(full, events, subjects);
    const store = new SqliteEventStore({ file: join(full, 'events.db') });
    const db = openSqlite(join(full, 'projections.db'), { synchronous: 'NORMAL' });
    const runner = new ProjectionRunner(store, db, allProjections({ accountRetentionMonths: 24 }), { batchSize: REBUILD_BATCH });
    const rebuilt = await timed(() => runner.rebuild(runner.names));
    console.log(`read models rebuilt in ${rebuilt.seconds.toFixed(1)} s`);
    db.close();
    await store.close();

    browser = await launchChromium();
    const reference = await overviewTimes(browser, empty);
    const measured = await overviewTimes(browser, full);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    printTable([
      [
        'overview in Chromium, until every card shows its figures',
        'first load ms',
        `median of ${ROUNDS - 1} reloads ms`,
        'worst ms',
        'open findings',
        'ratio (median) to empty',
      ],
      [
        `${fmt(events)} events, ${fmt(subjects)} subjects`,
        measured.times[0].toFixed(0),
        median(measured.times.slice(1)).toFixed(0),
        Math.max(...measured.times).toFixed(0),
        measured.openFindings,
        (median(measured.times.slice(1)) / median(reference.times.slice(1))).toFixed(2),
      ],
      [
        '(empty ledger)',
        reference.times[0].toFixed(0),
        median(reference.times.slice(1)).toFixed(0),
        Math.max(...reference.times).toFixed(0),
        reference.openFindings,
        '1.00',
      ],
    ]);
  } finally {
    await browser?.close();
    remove(empty);
    remove(full);
  }
}

async function overviewTimes(browser: Browser, dir: string): Promise<{ times: number[]; openFindings: string }> {
  const adminKey = generateApiKey();
  const app = await createLedgerApp(loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_LOG_LEVEL: 'silent', LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  try {
    // Measured once the read models have caught up, as a DPO would find a running ledger.
    while ((await fetch(`${base}/health/ready`)).status !== 200) await new Promise((r) => setTimeout(r, 200));
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    await context.addInitScript((key: string) => sessionStorage.setItem('privacy-ledger.apiKey', key), adminKey);
    const page = await context.newPage();
    if (process.env.BENCH_DEBUG) {
      page.on('requestfinished', (request) => {
        const t = request.timing();
        console.log(`${request.url().replace(base, '')} ${(t.responseEnd - t.requestStart).toFixed(0)} ms`);
      });
    }
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      await page.goto(`${base}/console/overview`);
      await page.getByTestId('open-findings-count').waitFor();
      await page.getByTestId('read-models').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('main .loading').length === 0);
      times.push(performance.now() - start);
    }
    const openFindings = (await page.getByTestId('open-findings-count').textContent()) ?? '';
    await context.close();
    return { times, openFindings };
  } finally {
    await app.close();
  }
}
