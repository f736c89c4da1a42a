import { randomUUID } from 'node:crypto';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';
import { SeededRandom } from './support/seeded-random';

const NOW = '2026-11-24T12:00:00Z';
const DAY = 86_400_000;

/**
 * Keyset paging while facts arrive: every row that was in a register when its first page was
 * read is on exactly one page, however many rows are inserted before and after the cursor, and
 * rewritten, between pages. (Pages by OFFSET would repeat rows whenever one is inserted before
 * the cursor, and skip one whenever one is removed.)
 */
describe('paged registers while facts arrive', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  const random = new SeededRandom(15);
  let customers = 0;
  const requests: { externalId: string; requestId: string; receivedAt: string }[] = [];

  /** A subject with an unanswered request received on a random day of 2026: a finding, and a row of the DSR register. */
  const newRequest = () => {
    const externalId = `C-P${++customers}`;
    const receivedAt = new Date(
      Date.parse('2026-01-01T00:00:00Z') + Math.floor(random.next() * 300) * DAY + Math.floor(random.next() * 86_400) * 1000,
    ).toISOString();
    const requestId = `R-${externalId}`;
    requests.push({ externalId, requestId, receivedAt });
    return {
      id: randomUUID(),
      type: 'SubjectRequestReceived',
      occurredAt: receivedAt,
      subject: { system: 'portal', externalId },
      data: { requestId, right: 'access' },
    };
  };

  /** New requests anywhere in the order, and extensions that rewrite earlier rows without moving them. */
  const moreFacts = () => {
    const events: Record<string, unknown>[] = Array.from({ length: 6 }, newRequest);
    for (let i = 0; i < 4; i++) {
      const r = requests[Math.floor(random.next() * requests.length)];
      // Until a day after receipt: before the month is out, so the due date (the sort key) stays where it was.
      events.push({
        id: randomUUID(),
        type: 'SubjectRequestExtended',
        occurredAt: r.receivedAt,
        subject: { system: 'portal', externalId: r.externalId },
        data: { requestId: r.requestId, until: new Date(Date.parse(r.receivedAt) + DAY).toISOString(), reason: 'more archives to search' },
      });
    }
    return api.post('/v1/events/batch', { events });
  };

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: NOW });
    api = client(ledger.url, ledger.auth);
    const res = await api.post('/v1/events/batch', { events: Array.from({ length: 60 }, newRequest) });
    expect(res.status).toBe(201);
    const position = Math.max(...res.body.events.map((e: { position: number }) => e.position));
    expect((await api.get(`/v1/requests?minPosition=${position}`)).status).toBe(200);
    expect((await api.get(`/v1/findings?minPosition=${position}`)).status).toBe(200);
  });
  afterAll(() => ledger.close());

  it.each([
    ['findings', '/v1/findings?rule=request-unanswered', 'findings', (f: any) => f.id],
    ['requests', '/v1/requests', 'requests', (r: any) => `${r.subjectId}/${r.requestId}`],
  ] as const)(
    'pages the %s with no row lost or repeated while facts arrive between pages',
    async (_name, path, field, idOf) => {
      const separator = path.includes('?') ? '&' : '?';
      const before = (await api.get(`${path}${separator}limit=1000`)).body;
      const initial = new Set<string>(before[field].map(idOf));
      expect(initial.size).toBeGreaterThanOrEqual(60);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        // The next facts go in while the page is read, and are committed before the next one is.
        const [page, written] = await Promise.all([api.get(`${path}${separator}limit=7${cursor ? `&cursor=${cursor}` : ''}`), moreFacts()]);
        expect(page.status).toBe(200);
        expect(written.status).toBe(201);
        seen.push(...page.body[field].map(idOf));
        cursor = page.body.next;
        pages += 1;
      } while (cursor && pages < 200);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...initial].filter((id) => !seen.includes(id))).toEqual([]);
      // Rows came in meanwhile; those after the cursor were seen too.
      expect(seen.length).toBeGreaterThan(initial.size);
    },
    120_000,
  );
});
