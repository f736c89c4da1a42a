import { join } from 'node:path';
import { breachFact, detection, hoursFrom } from './support/breach-facts';
import { factRecorder } from './support/fact-recorder';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

const NOW = '2026-03-01T12:00:00Z';

/**
 * The 72-hour boundary of Art. 33(1) with the clock frozen (LEDGER_NOW): a breach the controller
 * became aware of 71 hours ago is still in time, one of 73 hours ago is late — in the register,
 * the findings and the summary alike; a late notification then carries its reason.
 */
describe('the 72-hour deadline (Art. 33(1))', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  const facts = factRecorder(() => api);
  const { record } = facts;
  const get = async (path: string) => (await api.get(facts.fresh(path))).body;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: NOW, LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json') });
    api = client(ledger.url, ledger.auth);
    for (const [breachId, hoursAgo] of [
      ['B-AWARE-71H', 71],
      ['B-AWARE-73H', 73],
    ] as const) {
      const awareAt = hoursFrom(NOW, -hoursAgo);
      await record(detection(breachId, awareAt));
      await record(breachFact(breachId, 'BreachAssessed', awareAt, { risk: 'risk', consequences: 'Contact details may be misused.' }));
    }
  });
  afterAll(() => ledger.close());

  it('keeps a breach aware 71 hours ago in time: one hour left, an open finding not yet overdue', async () => {
    const { summary } = await get('/v1/breaches/B-AWARE-71H/summary');
    expect(summary.notification).toMatchObject({ type: 'initial', status: 'not-notified', dueAt: '2026-03-01T13:00:00.000Z', hoursLeft: 1, late: false });
    expect((await get('/v1/breaches/B-AWARE-71H')).authorityNotification).toMatchObject({ required: true, hoursLeft: 1 });
    const findings = (await get('/v1/findings?breachId=B-AWARE-71H')).findings;
    expect(findings).toEqual([expect.objectContaining({ rule: 'breach-not-notified', status: 'open', dueAt: '2026-03-01T13:00:00.000Z', overdue: false })]);
  });

  it('shows a breach aware 73 hours ago as late: the deadline passed an hour ago, the finding overdue', async () => {
    const { summary } = await get('/v1/breaches/B-AWARE-73H/summary');
    expect(summary.notification).toMatchObject({ type: 'initial', status: 'not-notified', dueAt: '2026-03-01T11:00:00.000Z', hoursLeft: -1, late: true });
    expect(summary.notification.delayReason).toBeUndefined();
    expect((await get('/v1/breaches/B-AWARE-73H')).authorityNotification).toMatchObject({ required: true, hoursLeft: -1 });
    const findings = (await get('/v1/findings?breachId=B-AWARE-73H')).findings;
    expect(findings).toEqual([expect.objectContaining({ rule: 'breach-not-notified', status: 'open', overdue: true })]);
    const html = (await api.get('/v1/breaches/B-AWARE-73H/summary?format=html&lang=en')).body as string;
    expect(html).toContain('the deadline passed 1 h ago');
    expect(html).toContain('Art. 33(1) requires the reasons');
  });

  it('records the late notification, made now with its reason, as late and justified', async () => {
    await record(
      breachFact('B-AWARE-73H', 'AuthorityNotified', NOW, {
        authority: 'nl-ap',
        phase: 'initial',
        delayReason: 'The affected mailbox was only identified after a weekend outage.',
      }),
    );
    const { summary } = await get('/v1/breaches/B-AWARE-73H/summary');
    expect(summary.notification).toMatchObject({
      status: 'notified',
      late: true,
      notifiedAt: '2026-03-01T12:00:00.000Z',
      hoursAfterAwareness: 73,
      delayReason: 'The affected mailbox was only identified after a weekend outage.',
    });
    const findings = (await get('/v1/findings?breachId=B-AWARE-73H&status=all')).findings;
    expect(findings).toEqual([expect.objectContaining({ rule: 'breach-notified-late', status: 'closed' })]);
  });
});
