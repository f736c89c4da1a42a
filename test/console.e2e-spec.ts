import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { WatchedPage, launchChromium, screenshot, seriousA11yViolations, watchedPage } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { client } from './support/http';
import { RunningLedger, bearer, startLedger } from './support/ledger-server';
import { pdfText } from './support/pdf-text';

// Callbacks given to page.evaluate run in the browser; the project's type check has no DOM library.
declare const document: any, sessionStorage: Record<string, string>, localStorage: Record<string, string>;

/**
 * The DPO console in a real browser (Debian's Chromium, driven by playwright-core) against the
 * real ledger on a random port with real SQLite files, on DOMAIN.md's HostingHuis scenario with
 * the clock at 2026-11-24T12:00:00Z. axe-core checks every screen the tests visit; the main
 * screens are photographed into docs/console/ for the README.
 */
describe('the DPO console in Chromium', () => {
  let ledger: RunningLedger;
  let browser: Browser;
  const keys: Record<'dpo' | 'regulator' | 'emitter', string> = {} as never;
  const subject: Record<string, string> = {};
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    // The build runs while the ledger starts; neither needs the other until the browser opens.
    const built = ensureConsoleBuilt();
    ledger = await startLedger({ LEDGER_NOW: SCENARIO_NOW, LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json') });
    api = client(ledger.url, ledger.auth);
    const recorded = await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO });
    expect(recorded.status).toBe(201);
    const position = Math.max(...recorded.body.events.map((e: { position: number }) => e.position));
    await api.get(`/v1/findings?minPosition=${position}`);
    for (const id of ['C-1001', 'C-1002', 'C-1004']) {
      subject[id] = (await api.get(`/v1/subjects?system=customer-portal&externalId=${id}`, { 'x-purpose': 'console test setup' })).body.subjectId;
    }
    for (const [role, systems] of [['dpo'], ['regulator'], ['emitter', ['crm']]] as const) {
      const created = await api.post('/v1/admin/keys', {
        name: role === 'dpo' ? 'Office of the DPO' : `console ${role}`,
        role,
        ...(systems ? { systems } : {}),
      });
      expect(created.status).toBe(201);
      keys[role] = created.body.key;
    }
    await built;
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await ledger?.close();
  });

  /** A fresh browser profile (its own sessionStorage and localStorage), in English. */
  const newContext = () => browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const url = (path = '') => `${ledger.url}/console/${path}`;
  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  async function expectAccessible(page: Page, screen: string): Promise<void> {
    expect({ screen, violations: await seriousA11yViolations(page) }).toEqual({ screen, violations: [] });
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(url());
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function storage(page: Page): Promise<{ session: Record<string, string>; local: Record<string, string> }> {
    return page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage } }));
  }

  describe('a DPO', () => {
    let context: BrowserContext;
    let watched: WatchedPage;
    let page: Page;

    beforeAll(async () => {
      context = await newContext();
      watched = await watchedPage(context);
      page = watched.page;
    });
    afterAll(() => context.close());
    // No script error and no CSP violation on any screen.
    afterEach(() => expect(watched.problems).toEqual([]));

    it('signs in with an API key, which goes into no URL and no localStorage', async () => {
      await page.goto(url());
      await heading(page, 'Sign in');
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
      await expectAccessible(page, 'sign-in');
      await screenshot(page, 'sign-in');
      await page.getByLabel('API key').fill(keys.dpo);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await heading(page, 'Overview');
      expect(page.url()).not.toContain(keys.dpo);
      const { session, local } = await storage(page);
      expect(Object.values(session)).toContain(keys.dpo);
      expect(JSON.stringify(local)).not.toContain(keys.dpo);
      expect(await page.getByTestId('identity').textContent()).toBe('Office of the DPO (DPO)');
    });

    it('counts five open findings on the overview, and B-2026-01 due in 20 h', async () => {
      await page.getByTestId('open-findings-count').waitFor();
      expect(await page.getByTestId('open-findings-count').textContent()).toBe('5');
      const buckets = await page.getByTestId('due-buckets').innerText();
      expect(buckets.replace(/\s+/g, ' ')).toBe('4 overdue 1 due within 72 hours 0 due later');
      const clocks = await page.getByTestId('breach-clocks').innerText();
      expect(clocks).toMatch(/^B-2026-01 due in 20 ?h \(25 Nov 2026, 09:00 CET\)$/);
      await page.getByTestId('requests-due').getByText('R-1004-1').waitFor();
      await expectAccessible(page, 'overview');
      await screenshot(page, 'overview');
    });

    it('filters the findings by rule, with the filter in the URL', async () => {
      await page.getByRole('link', { name: 'Findings', exact: true }).click();
      await heading(page, 'Findings');
      await page.getByTestId('findings-table').waitFor();
      expect(await page.getByTestId('findings-table').locator('tbody tr').count()).toBe(5);
      await page.getByLabel('Rule').selectOption('erasure-not-propagated');
      await page.waitForURL(/rule=erasure-not-propagated/);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=findings-table] tbody tr').length === 1);
      const row = await page.getByTestId('findings-table').locator('tbody tr').innerText();
      expect(row).toContain('Erasure not passed on to a recipient');
      expect(row).toContain('cpanel');
      await expectAccessible(page, 'findings');
      await page.getByLabel('Rule').selectOption('');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=findings-table] tbody tr').length === 5);
      await screenshot(page, 'findings');
    });

    it("shows C-1002's data map with cpanel not yet told of the erasure, read for a stated purpose", async () => {
      await page.getByRole('link', { name: 'Subject', exact: true }).click();
      await heading(page, 'Find a subject');
      await expectAccessible(page, 'subject lookup');
      await page.getByLabel('System').fill('customer-portal');
      await page.getByLabel('External id').fill('C-1002');
      await page.getByLabel('Purpose of this read').fill('erasure request R-1002-1 follow-up');
      await page.getByRole('button', { name: 'Open the subject' }).click();
      await page.waitForURL(`**/console/subjects/${subject['C-1002']}`);
      expect(page.url()).not.toContain('C-1002');
      await page.getByTestId('not-told-cpanel').first().waitFor();
      // In the picture too: the recipient node is marked, in words beside it as well as in colour.
      const cpanel = page.locator('[data-node="recipient:cpanel"]');
      expect(await cpanel.getAttribute('class')).toContain('mark-notToldOfErasure');
      expect(await cpanel.textContent()).toContain('not yet told of the erasure');
      expect(await page.locator('[data-node="recipient:openprovider"]').getAttribute('class')).not.toContain('mark-notToldOfErasure');
      expect(await page.getByTestId('awaiting-recipients').innerText()).toBe('cpanel: not yet told of the erasure');
      await page.getByTestId('history').waitFor();
      await page.getByTestId('who-read').waitFor();
      await expectAccessible(page, 'subject');
      await screenshot(page, 'subject-data-map');
      // Every read was audited with the purpose the DPO stated, and the purpose is remembered for this subject.
      const audit = await api.get(`/v1/audit/access?subjectId=${subject['C-1002']}&limit=1000`);
      const routes = audit.body.entries
        .filter((e: { purpose: string }) => e.purpose === 'erasure request R-1002-1 follow-up')
        .map((e: { route: string }) => e.route);
      expect(routes).toEqual(expect.arrayContaining(['GET /v1/subjects', 'GET /v1/subjects/:subjectId/data-map', 'GET /v1/subjects/:subjectId/history']));
      await page.reload();
      await page.getByTestId('stated-purpose').waitFor();
      expect(await page.getByTestId('stated-purpose').textContent()).toBe('erasure request R-1002-1 follow-up');
    });

    it("filters the subject's history by type, and asks for a purpose for a subject opened by URL", async () => {
      await page.goto(url(`subjects/${subject['C-1001']}?type=PersonalDataExported`));
      await page.getByRole('heading', { name: "Why do you read this subject's records?" }).waitFor();
      await expectAccessible(page, 'purpose prompt');
      await page.getByRole('button', { name: 'Read the records' }).click();
      await page.getByText('State the purpose of this read.').waitFor();
      await page.getByLabel('Purpose of this read').fill('access request R-1001-1');
      await page.getByRole('button', { name: 'Read the records' }).click();
      await page.getByTestId('history').waitFor();
      expect(await page.getByTestId('history').locator('li > div > strong').allTextContents()).toEqual(['Exported for the subject']);
    });

    it('starts an erasure with a request id, an Art. 17(1) ground and a note, after asking to confirm', async () => {
      await page.goto(url(`subjects/${subject['C-1001']}`));
      await page.getByTestId('erasure-status').waitFor();
      await page.getByLabel('Request id').fill('R-1001-9');
      await page.getByLabel('Ground (GDPR Art. 17(1))').selectOption('art17-1b');
      await page.getByLabel('Note').fill('asked by phone on 24 November');
      await page.getByRole('button', { name: 'Start erasure' }).click();
      await page.getByRole('alertdialog').waitFor();
      await expectAccessible(page, 'erasure confirmation');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Start erasure' }).click();
      await page.getByTestId('erasure-ground').waitFor();
      expect(await page.getByTestId('erasure-ground').textContent()).toBe('(b) consent withdrawn, no other legal ground');
      expect(await page.getByTestId('erasure-note').textContent()).toBe('asked by phone on 24 November');
      const status = await api.get(`/v1/subjects/${subject['C-1001']}/erasure`, { 'x-purpose': 'console test check' });
      expect(status.body).toMatchObject({ requestId: 'R-1001-9', ground: { code: 'art17-1b' }, note: 'asked by phone on 24 November' });
    });

    it("shows the ledger's message beside an invalid field, then records the breach, which appears with its 72-hour deadline", async () => {
      await page.getByRole('link', { name: 'Breaches', exact: true }).click();
      await heading(page, 'Breach register');
      await page.getByRole('link', { name: 'Record a breach' }).click();
      await heading(page, 'Record a breach');
      const form = page.getByTestId('form-BreachDetected');
      await form.getByLabel('Breach id').fill('B-2026-02');
      await form.getByLabel('Aware since').fill('2026-11-24T09:00');
      await form.getByText('confidentiality', { exact: true }).click();
      await form.getByLabel('Description').fill('A support mailbox was forwarded to a private address.');
      await form.getByLabel('Categories of personal data').fill('user.contact.email, user.name');
      await form.getByLabel('Approximate number of subjects').fill('-5');
      await form.getByLabel('Approximate number of records').fill('300');
      await form.getByRole('button', { name: 'Record: Breach detected' }).click();
      await page.getByTestId('form-problems').waitFor();
      // The ledger's own message, tied to the input it is about.
      const subjects = form.getByLabel('Approximate number of subjects');
      expect(await subjects.getAttribute('aria-invalid')).toBe('true');
      const described = await subjects.evaluate((input) =>
        (input.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id: string) => document.getElementById(id)?.textContent ?? '')
          .join(' | '),
      );
      expect(described).toContain('must be >= 0');
      expect(await form.getByLabel('Description').getAttribute('aria-invalid')).not.toBe('true');
      await expectAccessible(page, 'breach form with an error');
      await screenshot(page, 'breach-form-error');
      expect((await api.get('/v1/breaches/B-2026-02')).status).toBe(404);

      await subjects.fill('120');
      await form.getByRole('button', { name: 'Record: Breach detected' }).click();
      await heading(page, 'Breach B-2026-02');
      expect(await page.getByTestId('clock-B-2026-02').first().textContent()).toMatch(/^due in 68 ?h \(27 Nov 2026, 09:00 CET\)$/);
      await page.getByTestId('breach-timeline').getByText('Deadline for notifying the authority').waitFor();
      await expectAccessible(page, 'breach');

      await page.getByRole('link', { name: 'Breaches', exact: true }).click();
      await page.getByTestId('breach-register').locator('[data-breach="B-2026-02"]').waitFor();
      const row = await page.getByTestId('breach-register').locator('[data-breach="B-2026-02"]').innerText();
      expect(row).toContain('24 Nov 2026, 09:00 CET');
      expect(row).toMatch(/due in 68 ?h/);
      expect(row).toContain('deadline 27 Nov 2026, 09:00 CET');
      await expectAccessible(page, 'breach register');
      await screenshot(page, 'breach-register');
    });

    it('records what follows: the authority notified, on the timeline and off the clock', async () => {
      await page.getByTestId('breach-register').getByRole('link', { name: 'B-2026-02' }).click();
      await heading(page, 'Breach B-2026-02');
      await page.getByLabel('Fact').selectOption('AuthorityNotified');
      const form = page.getByTestId('form-AuthorityNotified');
      await form.getByLabel('When it happened').fill('2026-11-24T12:30');
      expect(await form.getByLabel('Supervisory authority').inputValue()).toBe('nl-ap');
      await form.getByLabel("Authority's reference").fill('AP-2026-1124-01');
      await form.getByRole('button', { name: 'Record: Authority notified' }).click();
      await page.getByTestId('breach-timeline').getByText('Authority nl-ap notified (initial), reference AP-2026-1124-01').waitFor();
      expect(await page.locator('.breach-head').innerText()).toMatch(/notified 24 Nov 2026, 12:30 CET, \d+ ?h after awareness: in time/);
      await expectAccessible(page, 'breach after a notification');
      await screenshot(page, 'breach');
    });

    it('previews the B-2025-03 summary and downloads it as a PDF', async () => {
      await page.goto(url('breaches/B-2025-03/summary'));
      await heading(page, 'Summary of breach B-2025-03');
      const preview = await page.getByTestId('summary-preview').innerText();
      expect(preview).toContain('40,000');
      expect(preview).toMatch(/97 ?h after awareness: late/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
      expect(download.suggestedFilename()).toBe('breach-summary-B-2025-03.pdf');
      const pdf = readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
      expect(text).toContain('B-2025-03');
      expect(text).toContain('97 h after awareness: late');
      await expectAccessible(page, 'breach summary');
      await screenshot(page, 'breach-summary');
    });

    it("shows the register of requests: C-1004's portability request overdue, C-1001's access request answered", async () => {
      await page.getByRole('link', { name: 'Requests', exact: true }).click();
      await heading(page, 'Subject requests');
      const row = page.getByTestId('requests-table').locator('[data-request="R-1004-1"]');
      await row.waitFor();
      expect((await row.innerText()).replace(/\s+/g, ' ').trim()).toBe('R-1004-1 portability 30 Sept 2026 30 Oct 2026 — overdue');
      const answered = page.getByTestId('requests-table').locator('[data-request="R-1001-1"]');
      expect((await answered.innerText()).replace(/\s+/g, ' ').trim()).toMatch(/^R-1001-1 access 10 Sept 2024 10 Oct 2024 20 Sept 2024 .+ answered$/);
      await page.getByLabel('Status').selectOption('overdue');
      await page.waitForURL(/status=overdue/);
      await page.getByTestId('requests-table').locator('[data-request="R-1001-1"]').waitFor({ state: 'detached' });
      // The filtered page may still be loading when the old rows leave: wait for the overdue one.
      await row.waitFor();
      expect(await page.getByTestId('requests-table').locator('tbody tr').count()).toBe(1);
      await expectAccessible(page, 'requests');
      await screenshot(page, 'requests');
    });

    it('downloads the overdue requests as a CSV file with the filter shown, and the findings as CSV', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('subject-requests-2026-11-24.csv');
      const rows = parse(readFileSync((await download.path())!), { bom: true }) as string[][];
      expect(rows[0].slice(0, 5)).toEqual(['Request', 'Subject', 'Right', 'Received', 'Due']);
      expect(rows.slice(1).map((r) => [r[0], r[2], r[4], r[10]])).toEqual([['R-1004-1', 'portability', '2026-10-30T22:59:59.999Z', 'overdue']]);

      await page.goto(url('findings?rule=request-unanswered'));
      await heading(page, 'Findings');
      const [findings] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      expect(findings.suggestedFilename()).toBe('findings-2026-11-24.csv');
      const found = parse(readFileSync((await findings.path())!), { bom: true }) as string[][];
      // The erasure the DPO started above is a request too, open and not yet due.
      expect(found.slice(1).map((r) => [r[1], r[10]])).toEqual([
        ['request-unanswered', 'portability request R-1004-1 received 2026-09-30 is unanswered; due 2026-10-30'],
        ['request-unanswered', 'erasure request R-1001-9 received 2026-11-24 is unanswered; due 2026-12-24'],
      ]);
      expect(await page.getByText('does not offer').count()).toBe(0);
    });

    it.each([
      ['Record of processing', 'Record of processing', 'record-of-processing'],
      ['Recipients', 'Recipients', 'recipients'],
      ['Access audit', 'Access audit', 'access-audit'],
      ['Integrity', 'Integrity', 'integrity'],
      ['Breach summaries', 'Breach summaries', undefined],
    ])('opens %s, accessible', async (link, title, shot) => {
      await page.getByRole('link', { name: link, exact: true }).click();
      await heading(page, title);
      await page.locator('main .loading').first().waitFor({ state: 'detached' });
      await expectAccessible(page, title);
      if (shot) await screenshot(page, shot);
    });

    it('marks the transfers outside the EEA in the picture of where data goes', async () => {
      await page.goto(url('recipients'));
      await page.locator('[data-node="recipient:openprovider"]').waitFor();
      expect(await page.locator('[data-node="recipient:openprovider"]').getAttribute('class')).toContain('mark-outsideEea');
      expect(await page.locator('[data-link="recipient:openprovider→country:US"]').textContent()).toBe('SCC');
      expect(await page.locator('[data-node="country:US"]').textContent()).toBe('USoutside the EEA');
      expect(await page.locator('[data-node="recipient:incasso-bv"]').getAttribute('class')).not.toContain('mark-outsideEea');
    });

    it('switches to Dutch, and remembers it', async () => {
      await page.goto(url());
      await heading(page, 'Overview');
      await page.getByLabel('Language').selectOption('nl');
      await heading(page, 'Overzicht');
      expect(await page.locator('nav[aria-label="Schermen"] a').allTextContents()).toEqual([
        'Overzicht',
        'Bevindingen',
        'Betrokkene',
        'Datalekken',
        'Datalekmeldingen',
        'Verzoeken',
        'Verwerkingsregister',
        'Ontvangers',
        'Inzagelog',
        'Integriteit',
      ]);
      expect(await page.getByTestId('breach-clocks').innerText()).toMatch(/^B-2026-01 nog 20 u \(25 nov 2026.* 09:00 CET\)$/);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
      await page.reload();
      await heading(page, 'Overzicht');
      expect((await storage(page)).local['privacy-ledger.language']).toBe('nl');
      await expectAccessible(page, 'overview in Dutch');
      await screenshot(page, 'overview-nl');
    });

    it('signs out and forgets the key: sessionStorage is empty, and screens ask for a key again', async () => {
      await page.getByRole('button', { name: 'Afmelden' }).click();
      await heading(page, 'Aanmelden');
      expect((await storage(page)).session).toEqual({});
      await page.goto(url('findings'));
      await heading(page, 'Aanmelden');
      expect((await storage(page)).session).toEqual({});
      // The language outlives the session; the key does not.
      expect(JSON.stringify(await storage(page))).not.toContain(keys.dpo);
    });
  });

  describe('a regulator', () => {
    let context: BrowserContext;
    let watched: WatchedPage;
    let page: Page;

    beforeAll(async () => {
      context = await newContext();
      watched = await watchedPage(context);
      page = watched.page;
      await signIn(page, keys.regulator);
    });
    afterAll(() => context.close());
    afterEach(() => expect(watched.problems).toEqual([]));

    it('sees only the screens a regulator may open, and no subject screen', async () => {
      await heading(page, 'Breach summaries');
      expect(await page.locator('nav[aria-label="Screens"] a').allTextContents()).toEqual(['Breach summaries', 'Record of processing', 'Integrity']);
      await expectAccessible(page, 'regulator: breach summaries');
    });

    it('gets "not allowed (403)" when it forces the URL of a subject, as the API answers 403', async () => {
      await page.goto(url(`subjects/${subject['C-1001']}`));
      await page.getByTestId('not-allowed').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed (403)');
      await expectAccessible(page, 'not allowed');
      await screenshot(page, 'regulator-not-allowed');
      const direct = await client(ledger.url, { ...bearer(keys.regulator), 'x-purpose': 'forced' }).get(`/v1/subjects/${subject['C-1001']}/data-map`);
      expect(direct.status).toBe(403);
      await page.goto(url('overview'));
      await page.getByTestId('not-allowed').waitFor();
    });

    it('reads a breach summary by its id', async () => {
      await page.goto(url('breach-summaries'));
      await page.getByLabel('Breach id').fill('B-2025-01');
      await page.getByRole('button', { name: 'Open the summary' }).click();
      await heading(page, 'Summary of breach B-2025-01');
      await page.getByTestId('summary-preview').waitFor();
      expect(await page.getByRole('link', { name: 'Back to the breach' }).count()).toBe(0);
      await expectAccessible(page, 'regulator: summary');
    });
  });

  it('tells an emitter key that it cannot use the console, and keeps it nowhere', async () => {
    const context = await newContext();
    const { page, problems } = await watchedPage(context);
    await signIn(page, keys.emitter);
    await page.getByText(/is an emitter key \(systems: crm\)/).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    expect(JSON.stringify(await storage(page))).not.toContain(keys.emitter);
    await expectAccessible(page, 'emitter refused');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets an administrator create a key, shown once, and revoke it', async () => {
    const context = await newContext();
    const { page, problems } = await watchedPage(context);
    await signIn(page, ledger.auth.authorization.slice('Bearer '.length));
    await heading(page, 'Overview');
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await heading(page, 'API keys');
    await page.getByLabel('Name', { exact: true }).fill('External auditor');
    await page.getByLabel('Role').selectOption('regulator');
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByTestId('issued-key');
    await dialog.waitFor();
    const secret = await dialog.getByLabel('The key').inputValue();
    expect(secret).toMatch(/^plk_/);
    expect((await client(ledger.url, bearer(secret)).get('/v1/me')).body).toMatchObject({ name: 'External auditor', role: 'regulator' });
    await expectAccessible(page, 'key shown once');
    await dialog.getByRole('button', { name: 'I have stored it' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('button', { name: 'Revoke External auditor' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page
      .getByTestId('keys-table')
      .getByText(/^revoked /)
      .waitFor();
    expect((await client(ledger.url, bearer(secret)).get('/v1/me')).status).toBe(401);
    await expectAccessible(page, 'api keys');
    await screenshot(page, 'api-keys');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('works with the keyboard alone: sign in, skip to content, open a screen from the navigation', async () => {
    const context = await newContext();
    const { page, problems } = await watchedPage(context);
    await page.goto(url());
    await heading(page, 'Sign in');
    /** What has the focus: an input by its name, a link, button or heading by its text, anything else by its id. */
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        if (!el) return 'none';
        const what = el.tagName === 'INPUT' ? el.name : ['A', 'BUTTON', 'H1'].includes(el.tagName) ? el.textContent?.trim() : el.id;
        return `${el.tagName}:${what}`;
      });
    const tabTo = async (target: RegExp) => {
      for (let i = 0; i < 60 && !target.test(await focused()); i++) await page.keyboard.press('Tab');
      expect(await focused()).toMatch(target);
    };
    await tabTo(/^INPUT:apiKey$/);
    await page.keyboard.type(keys.dpo);
    await page.keyboard.press('Enter');
    await heading(page, 'Overview');
    // Each screen's heading takes the focus when it opens.
    expect(await focused()).toBe('H1:Overview');
    await tabTo(/^A:Skip to content$/);
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('MAIN:main');
    await tabTo(/^A:Breaches$/);
    await page.keyboard.press('Enter');
    await heading(page, 'Breach register');
    expect(await focused()).toBe('H1:Breach register');
    await tabTo(/^A:Record a breach$/);
    await page.keyboard.press('Enter');
    await heading(page, 'Record a breach');
    await tabTo(/^INPUT:nature$/);
    await page.keyboard.press('Space');
    expect(await page.getByTestId('form-BreachDetected').getByRole('checkbox', { name: 'confidentiality' }).isChecked()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
