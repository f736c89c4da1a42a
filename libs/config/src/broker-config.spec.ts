import { loadLedgerConfig } from './ledger-config';

const failure = (env: Record<string, string>): string => {
  try {
    loadLedgerConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('configuration of RabbitMQ and notifications', () => {
  it('is off without LEDGER_AMQP_URL, and has the defaults of issue 14 with it', () => {
    expect(loadLedgerConfig({}).broker).toBeUndefined();
    expect(loadLedgerConfig({ LEDGER_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672' }).broker).toEqual({
      url: 'amqp://guest:guest@127.0.0.1:5672',
      queue: 'privacy-ledger.facts',
      deadLetterQueue: 'privacy-ledger.facts.dead',
      exchange: 'privacy-ledger.facts',
      binding: '#',
      prefetch: 500,
    });
    expect(loadLedgerConfig({}).notifications).toMatchObject({
      webhooks: [],
      exchange: 'privacy-ledger.notifications',
      breachLeadHours: 24,
      requestLeadDays: 7,
    });
  });

  it("reads the queue's systems as a list; unset means any system", () => {
    expect(loadLedgerConfig({ LEDGER_AMQP_URL: 'amqp://h', LEDGER_AMQP_SYSTEMS: 'crm, billing' }).broker?.systems).toEqual(['crm', 'billing']);
    expect(failure({ LEDGER_AMQP_URL: 'amqp://h', LEDGER_AMQP_SYSTEMS: ' , ' })).toMatch(/LEDGER_AMQP_SYSTEMS: name at least one system/);
  });

  it('refuses a URL that is not AMQP without repeating it (it may hold a password)', () => {
    const message = failure({ LEDGER_AMQP_URL: 'http://ledger:hunter2@mq' });
    expect(message).toMatch(/LEDGER_AMQP_URL must be an amqp:\/\/ or amqps:\/\/ URL/);
    expect(message).not.toContain('hunter2');
  });

  it('needs a secret of 32 characters for webhooks, and http(s) URLs', () => {
    expect(failure({ LEDGER_NOTIFY_WEBHOOKS: 'https://hooks.example.com/a' })).toMatch(/LEDGER_NOTIFY_SECRET: required with LEDGER_NOTIFY_WEBHOOKS/);
    expect(failure({ LEDGER_NOTIFY_WEBHOOKS: 'https://hooks.example.com/a', LEDGER_NOTIFY_SECRET: 'short' })).toMatch(/at least 32 characters/);
    expect(failure({ LEDGER_NOTIFY_WEBHOOKS: 'ftp://x/y', LEDGER_NOTIFY_SECRET: 'x'.repeat(32) })).toMatch(
      /LEDGER_NOTIFY_WEBHOOKS: ftp:\/\/x\/y is not an http\(s\) URL/,
    );
    const config = loadLedgerConfig({ LEDGER_NOTIFY_WEBHOOKS: 'https://a.example/h, http://b.example:8080/h', LEDGER_NOTIFY_SECRET: 'x'.repeat(32) });
    expect(config.notifications.webhooks).toEqual(['https://a.example/h', 'http://b.example:8080/h']);
  });
});
