import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import { createEventStoreDbStore } from './create-eventstoredb-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const SKIPPED =
  'EventStoreDB conformance suite skipped: EVENTSTORE_CONNECTION_STRING is not set ' +
  '(no EventStoreDB server or Docker engine here; see docs/eventstoredb.md to run it)';

// Runs against a live server, e.g. `docker compose up -d eventstore` and
// EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false. Streams get random names, so a
// long-lived server may keep the data between runs.
if (connectionString) {
  describeEventStoreConformance('eventstoredb', {
    open: async () => createEventStoreDbStore({ connectionString }),
    dispose: (store) => store.close(),
  });
} else {
  describe.skip(SKIPPED, () => {
    process.stdout.write(`${SKIPPED}\n`);
    it('runs the shared conformance suite against a live EventStoreDB', () => undefined);
  });
}
