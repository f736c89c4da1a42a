import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

/** The OpenAPI document (/docs-json) describes the registers' paging, filters, languages and file formats. */
describe('the OpenAPI document of the registers and exports', () => {
  let ledger: RunningLedger;
  let doc: any;

  beforeAll(async () => {
    ledger = await startLedger();
    doc = (await client(ledger.url).get('/docs-json')).body;
  });
  afterAll(() => ledger.close());

  const parameters = (path: string) => Object.fromEntries((doc.paths[path].get.parameters as any[]).map((p) => [p.name, p]));
  const media = (path: string) => Object.keys(doc.paths[path].get.responses['200']?.content ?? {}).sort();

  it.each([
    ['/v1/findings', ['application/json', 'text/csv'], ['json', 'csv']],
    ['/v1/breaches', ['application/json', 'application/pdf', 'text/csv', 'text/html'], ['json', 'csv', 'pdf', 'html']],
    ['/v1/requests', ['application/json', 'text/csv'], ['json', 'csv']],
    ['/v1/recipients', ['application/json', 'text/csv'], ['json', 'csv']],
    ['/v1/audit/access', ['application/json', 'text/csv'], ['json', 'csv']],
  ])('describes %s: paged by limit and cursor, in a language, as %j', (path, types, formats) => {
    const p = parameters(path);
    expect(p.limit.schema).toMatchObject({ maximum: 1000, default: expect.any(Number) });
    expect(p.cursor).toBeDefined();
    expect(p.lang.schema.enum).toEqual(['en', 'nl']);
    expect(p.delimiter.schema.enum).toEqual(['comma', 'semicolon']);
    expect(p.format.schema.enum).toEqual(formats);
    expect(media(path)).toEqual(types);
  });

  it('describes the filters of the DSR register and the access report with its requestId', () => {
    const p = parameters('/v1/requests');
    expect(p.status.schema.enum).toEqual(['open', 'overdue', 'answered', 'answered-late', 'rejected']);
    expect(p.right.schema.enum).toContain('portability');
    expect(Object.keys(p)).toEqual(expect.arrayContaining(['from', 'to', 'overdue']));
    const report = parameters('/v1/subjects/{subjectId}/access-report');
    expect(report.requestId).toBeDefined();
    expect(report.format.schema.enum).toEqual(['json', 'pdf', 'html']);
    expect(report['X-Purpose'].required).toBe(true);
    expect(media('/v1/subjects/{subjectId}/access-report')).toEqual(['application/json', 'application/pdf', 'text/html']);
    expect(parameters('/v1/records-of-processing').format.schema.enum).toEqual(['json', 'csv', 'pdf', 'html']);
    expect(parameters('/v1/breaches/{breachId}/summary').lang.schema.enum).toEqual(['en', 'nl']);
  });
});
