import { useQuery } from '@tanstack/react-query';
import { useSignedIn } from '../session/SessionProvider';

/**
 * The ledger's clock (LEDGER_NOW may freeze it, e.g. for the HostingHuis demo), read from the
 * `now` of a small findings answer: forms default to it rather than to the browser's clock.
 */
export function useLedgerNow(): string | undefined {
  const { api } = useSignedIn();
  const query = useQuery({
    queryKey: ['ledger-now'],
    queryFn: async () => (await api.findings({ status: 'open', rule: 'breach-not-notified' })).now ?? new Date().toISOString(),
    staleTime: 60_000,
  });
  return query.data;
}
