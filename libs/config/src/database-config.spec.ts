import { loadLedgerConfig } from './ledger-config';

describe('configuration of the PostgreSQL database', () => {
  it('needs LEDGER_DATABASE_URL for LEDGER_EVENT_STORE=postgres, and says so', () => {
    expect(() => loadLedgerConfig({ LEDGER_EVENT_STORE: 'postgres' })).toThrow(/LEDGER_DATABASE_URL: required when LEDGER_EVENT_STORE=postgres/);
  });

  it('refuses a URL that is not PostgreSQL without repeating it (it may hold a password)', () => {
    let message = '';
    try {
      loadLedgerConfig({ LEDGER_EVENT_STORE: 'postgres', LEDGER_DATABASE_URL: 'mysql://ledger:hunter2@db/ledger' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/LEDGER_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).not.toContain('hunter2');
  });

  it('reads the URL and the pool size', () => {
    const config = loadLedgerConfig({
      LEDGER_EVENT_STORE: 'postgres',
      LEDGER_DATABASE_URL: 'postgresql://ledger@db:5432/ledger',
      LEDGER_DATABASE_POOL_SIZE: '25',
    });
    expect(config).toMatchObject({ eventStore: 'postgres', database: { url: 'postgresql://ledger@db:5432/ledger', poolSize: 25 } });
    expect(loadLedgerConfig({ LEDGER_DATABASE_URL: 'postgres://db/ledger' }).database).toEqual({
      url: 'postgres://db/ledger',
      poolSize: 10,
      queryTimeoutSeconds: 30,
    });
    expect(loadLedgerConfig({ LEDGER_DATABASE_URL: 'postgres://db/ledger', LEDGER_DATABASE_QUERY_TIMEOUT_SECONDS: '5' }).database?.queryTimeoutSeconds).toBe(5);
  });

  it('refuses a pool size that is not a positive whole number', () => {
    expect(() => loadLedgerConfig({ LEDGER_DATABASE_URL: 'postgres://db/ledger', LEDGER_DATABASE_POOL_SIZE: '0' })).toThrow(/LEDGER_DATABASE_POOL_SIZE/);
  });
});
