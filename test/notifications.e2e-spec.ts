import { createHmac, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '@ledger/access';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { eventually } from './support/eventually';
import { spawnLedger } from './support/ledger-process';
import { tempDataDir } from './support/ledger-server';
import { TestBroker, testBroker } from './support/rabbitmq';
import { webhookReceiver } from './support/webhook-receiver';

const SECRET = 'test-webhook-secret-0123456789abcdef';
const OPEN_RULES = ['processing-after-objection', 'erasure-not-propagated', 'retention-passed', 'request-unanswered', 'breach-not-notified'];

interface Notification {
  id: string;
  type: string;
  finding: { id: string; rule: string; breachId?: string; subjectId?: string; dueAt: string };
  links: Record<string, string>;
}

/**
 * Issue 14, notifications out: with the HostingHuis scenario at its frozen now, a webhook gets
 * "due soon" for B-2026-01 and "opened" for each open finding, signed; and gets them again, with
 * the same ids, after the ledger was killed before it saw the receiver's 2xx. The broker
 * exchange carries the same notifications.
 */
describe('notifications to webhooks and the broker', () => {
  let broker: TestBroker;
  const dataDir = tempDataDir();
  beforeAll(async () => {
    broker = await testBroker('notify');
  });
  afterAll(async () => {
    await broker.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs and delivers due-soon and opened notifications, again with the same ids after a kill before the 2xx', async () => {
    const receiver = await webhookReceiver();
    const outQueue = `${broker.queue}.notifications`;
    await broker.channel.assertExchange(broker.notifyExchange, 'topic', { durable: true });
    await broker.channel.assertQueue(outQueue, { durable: false, autoDelete: false });
    await broker.channel.bindQueue(outQueue, broker.notifyExchange, 'finding.#');
    const env = {
      ...broker.env,
      LEDGER_DATA_DIR: dataDir,
      LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey(),
      LEDGER_NOW: SCENARIO_NOW,
      LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json'),
      LEDGER_NOTIFY_WEBHOOKS: receiver.url,
      LEDGER_NOTIFY_SECRET: SECRET,
    };
    try {
      receiver.hold(true);
      const first = await spawnLedger(env);
      let firstIds: Set<string>;
      try {
        const res = await fetch(`${first.url}/v1/events/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...first.auth },
          body: JSON.stringify({ events: HOSTINGHUIS_SCENARIO }),
        });
        expect(res.status).toBe(201);
        const seen = await eventually(
          async () => {
            const got = notificationsOf(receiver.received);
            return hasExpected(got) ? got : undefined;
          },
          'the due-soon and opened notifications',
          120_000,
        );
        firstIds = new Set(seen.map((n) => n.id));
        // The exchange got them too, with the notification id as the message id.
        const onExchange: { routingKey: string; id: string; body: Notification }[] = [];
        await eventually(async () => {
          for (const m of await broker.drain(outQueue)) {
            onExchange.push({ routingKey: m.fields.routingKey, id: m.properties.messageId as string, body: JSON.parse(m.content.toString()) });
          }
          return hasExpected(onExchange.map((m) => m.body)) ? true : undefined;
        }, 'every expected notification on the exchange');
        for (const m of onExchange) {
          expect(m.id).toBe(m.body.id);
          expect(m.routingKey).toBe(`${m.body.type}.${m.body.finding.rule}`);
        }
        // Killed while every webhook response is held: it never saw a 2xx.
        await first.kill('SIGKILL');
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${first.output()}`);
      } finally {
        await first.kill('SIGKILL');
      }

      const before = receiver.received.length;
      receiver.hold(false);
      const second = await spawnLedger(env);
      try {
        await eventually(
          async () => {
            const again = new Set(notificationsOf(receiver.received.slice(before)).map((n) => n.id));
            return [...firstIds!].every((id) => again.has(id)) ? true : undefined;
          },
          'the same notifications again after the restart',
          120_000,
        );
        // The DPO notifies the authority in time: the finding goes, and is announced closed.
        const res = await fetch(`${second.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...second.auth },
          body: JSON.stringify({
            id: randomUUID(),
            type: 'AuthorityNotified',
            occurredAt: '2026-11-24T11:30:00Z',
            breachId: 'B-2026-01',
            data: { authority: 'nl-ap', phase: 'initial', reference: 'AP-2026-1124-01' },
          }),
        });
        expect(res.status).toBe(201);
        await eventually(
          async () =>
            notificationsOf(receiver.received).some(
              (n) => n.type === 'finding.closed' && n.finding.breachId === 'B-2026-01' && n.finding.rule === 'breach-not-notified',
            )
              ? true
              : undefined,
          'the closed notification',
          120_000,
        );
        // The outbox is a reader of the log like the read models: in readiness, with what waits per target.
        const ready = (await fetch(`${second.url}/health/ready`, { headers: second.auth }).then((r) => r.json())) as {
          readModels: { name: string }[];
          notificationsPending?: Record<string, number>;
        };
        expect(ready.readModels.map((m) => m.name)).toContain('notifications');
        expect(Object.keys(ready.notificationsPending ?? { none: 0 }).every((t) => t === 'exchange' || /^webhook 1 http:\/\/127\.0\.0\.1:\d+$/.test(t))).toBe(
          true,
        );
      } finally {
        await second.kill('SIGTERM');
      }

      for (const r of receiver.received) {
        expect(r.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
        expect(JSON.parse(r.body).id).toBe(r.id);
        // Ids, rules, dates and links: no personal value (the scenario's e-mail addresses, names).
        expect(r.body).not.toMatch(/@|Jansen|summary|detail/);
      }
    } finally {
      await receiver.close();
      await broker.channel.deleteQueue(outQueue).catch(() => undefined);
    }
  }, 240_000);
});

function notificationsOf(received: readonly { body: string }[]): Notification[] {
  return received.map((r) => JSON.parse(r.body) as Notification);
}

/** "due soon" for B-2026-01's notification, and "opened" for each of the five open findings. */
function hasExpected(notifications: readonly Notification[]): boolean {
  const dueSoon = notifications.some((n) => n.type === 'finding.due-soon' && n.finding.breachId === 'B-2026-01' && n.finding.rule === 'breach-not-notified');
  const opened = new Set(notifications.filter((n) => n.type === 'finding.opened').map((n) => n.finding.rule));
  return dueSoon && OPEN_RULES.every((rule) => opened.has(rule));
}
