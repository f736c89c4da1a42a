import { useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/api-error';
import { LedgerClient } from '../api/client';
import { LedgerApi, ledgerApi } from '../api/ledger-api';
import type { Me, Role } from '../api/types';
import { i18n } from '../i18n/i18n';
import { keyStorage } from './key-storage';
import { canUseConsole } from './permissions';

export type ConsoleRole = Exclude<Role, 'emitter'>;

export type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; reason?: 'signed-out' | 'key-invalid' }
  | { status: 'signed-in'; me: Me & { role: ConsoleRole }; api: LedgerApi };

/** What a sign-in attempt came to: signed in, a key the ledger does not know, or a key of a role with no screens. */
export type SignInResult = { ok: true } | { ok: false; reason: 'invalid' | 'emitter'; me?: Me } | { ok: false; reason: 'error'; message: string };

interface Session {
  state: SessionState;
  signIn(key: string): Promise<SignInResult>;
  signOut(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

/**
 * The signed-in key and who it is (GET /v1/me). The key is kept in this tab's sessionStorage
 * only; signing out (or a key the ledger stops accepting) forgets it, every stated purpose and
 * every answer cached in memory.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [state, setState] = useState<SessionState>(() => (keyStorage.load() ? { status: 'checking' } : { status: 'signed-out' }));

  const forget = useCallback(
    (reason: 'signed-out' | 'key-invalid') => {
      keyStorage.forgetAll();
      queries.clear();
      setState({ status: 'signed-out', reason });
    },
    [queries],
  );

  const connect = useCallback(
    async (key: string): Promise<{ me: Me; api: LedgerApi }> => {
      const api = ledgerApi(
        new LedgerClient(
          key,
          () => i18n.language,
          () => forget('key-invalid'),
        ),
      );
      return { me: await api.me(), api };
    },
    [forget],
  );

  useEffect(() => {
    const key = keyStorage.load();
    if (!key || state.status !== 'checking') return;
    connect(key).then(
      ({ me, api }) => (canUseConsole(me.role) ? setState({ status: 'signed-in', me: me as Me & { role: ConsoleRole }, api }) : forget('signed-out')),
      () => forget('key-invalid'),
    );
  }, [connect, forget, state.status]);

  const signIn = useCallback(
    async (key: string): Promise<SignInResult> => {
      const client = new LedgerClient(
        key,
        () => i18n.language,
        () => undefined,
      );
      try {
        const me = await ledgerApi(client).me();
        if (!canUseConsole(me.role)) return { ok: false, reason: 'emitter', me };
        keyStorage.save(key);
        const api = ledgerApi(
          new LedgerClient(
            key,
            () => i18n.language,
            () => forget('key-invalid'),
          ),
        );
        setState({ status: 'signed-in', me: me as Me & { role: ConsoleRole }, api });
        return { ok: true };
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return { ok: false, reason: 'invalid' };
        return { ok: false, reason: 'error', message: error instanceof Error ? error.message : String(error) };
      }
    },
    [forget],
  );

  const value = useMemo(() => ({ state, signIn, signOut: () => forget('signed-out') }), [state, signIn, forget]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The API and identity of the signed-in key; only under a screen that requires sign-in. */
export function useSignedIn(): { me: Me & { role: ConsoleRole }; api: LedgerApi } {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedIn without a signed-in key');
  return state;
}
