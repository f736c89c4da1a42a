import { loadLedgerConfig } from '@ledger/config';
import { createLedgerApp } from './apps/ledger/src/bootstrap';
(async () => {
  const app = await createLedgerApp(loadLedgerConfig({ LEDGER_DATA_DIR: '/tmp/ovdb', LEDGER_LOG_LEVEL: 'silent', LEDGER_BOOTSTRAP_ADMIN_KEY: process.env.K! }));
  await app.listen(3999, '127.0.0.1');
  console.log('up');
})();
