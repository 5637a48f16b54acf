import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, credentials, SIGNED_OUT_EVENT } from './client';
import type { Operator } from './types';

interface SessionState {
  /** undefined while loading, null when signed out */
  operator: Operator | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signInWithToken(token: string): Promise<void>;
  /** sets the password of an invitation (the token from the link) and signs in */
  acceptInvitation(token: string, password: string, name?: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

/** Who holds an API token: `GET /me`; on a gateway without it, an admin token is one that may list operators. */
async function tokenHolder(): Promise<Operator> {
  try {
    const me = await api<{ operator?: Operator } & Partial<Operator>>('GET', '/me');
    return (me.operator ?? me) as Operator;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const admin = await api('GET', '/operators').then(() => true, () => false);
    return { id: '', name: 'API token', role: admin ? 'admin' : 'agent' };
  }
}

async function currentOperator(): Promise<Operator | null> {
  try {
    if (credentials.token) return await tokenHolder();
    const session = await api<{ operator: Operator; csrfToken: string }>('GET', '/session');
    credentials.setCsrf(session.csrfToken);
    return session.operator;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
      credentials.setToken(undefined);
      return null;
    }
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [operator, setOperator] = useState<Operator | null | undefined>(undefined);
  const queryClient = useQueryClient();
  const refresh = useCallback(async () => {
    setOperator(await currentOperator().catch(() => null));
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    const ended = () => {
      credentials.setToken(undefined);
      credentials.setCsrf(undefined);
      queryClient.clear();
      setOperator(null);
    };
    window.addEventListener(SIGNED_OUT_EVENT, ended);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, ended);
  }, [queryClient]);

  const value: SessionState = {
    operator,
    refresh,
    async signIn(email, password) {
      credentials.setToken(undefined);
      const session = await api<{ operator: Operator; csrfToken: string }>('POST', '/session', { email, password });
      credentials.setCsrf(session.csrfToken);
      queryClient.clear();
      setOperator(session.operator);
    },
    async acceptInvitation(token, password, name) {
      credentials.setToken(undefined);
      const session = await api<{ operator: Operator; csrfToken: string }>(
        'POST', `/invitations/${encodeURIComponent(token)}/accept`, { password, ...(name ? { name } : {}) },
      );
      credentials.setCsrf(session.csrfToken);
      queryClient.clear();
      // the link's token is used up: leave its page (and drop it from the address bar) before rendering the queue
      window.history.replaceState(null, '', '/console/');
      setOperator(session.operator);
    },
    async signInWithToken(token) {
      credentials.setToken(token);
      try {
        const holder = await tokenHolder();
        queryClient.clear();
        setOperator(holder);
      } catch (error) {
        credentials.setToken(undefined);
        throw error;
      }
    },
    async signOut() {
      if (!credentials.token) await api('DELETE', '/session').catch(() => undefined);
      credentials.setToken(undefined);
      credentials.setCsrf(undefined);
      queryClient.clear();
      setOperator(null);
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in operator (screens behind sign-in only). */
export function useOperator(): Operator {
  const { operator } = useSession();
  if (!operator) throw new Error('not signed in');
  return operator;
}
