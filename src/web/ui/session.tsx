import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Role } from '../../core/roles';
import { ApiError, get, post, setCsrfToken } from './api';

export interface StaffSession {
  stage:
    | 'mfa_required'
    | 'password_change_required'
    | 'mfa_enrolment_required'
    | 'key_enrolment_required'
    | 'active';
  csrfToken: string;
  /** In stage mfa_required: the second factors that complete the sign-in. */
  secondFactors: ('security_key' | 'totp')[];
  user: {
    id: string;
    username: string;
    displayName: string;
    authorityId: string | null;
    authorityName: string;
    roles: Role[];
    totpEnabled: boolean;
    /** Security keys enrolled and not revoked. */
    securityKeys: number;
    /** The authority requires a security key for this account's roles. */
    securityKeyRequired: boolean;
  };
}

interface SessionState {
  session: StaffSession | null;
  loading: boolean;
  refresh(): Promise<StaffSession | null>;
  setSession(session: StaffSession | null): void;
  signOut(everywhere?: boolean): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSessionState] = useState<StaffSession | null>(null);
  const [loading, setLoading] = useState(true);
  const setSession = useCallback((s: StaffSession | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    setSessionState(s);
  }, []);
  const refresh = useCallback(async () => {
    try {
      const s = await get<StaffSession>('/api/auth/session');
      setSession(s);
      return s;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      setSession(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, [setSession]);
  const signOut = useCallback(
    async (everywhere = false) => {
      await post(everywhere ? '/api/auth/logout-all' : '/api/auth/logout').catch(() => {});
      setSession(null);
    },
    [setSession],
  );
  useEffect(() => {
    void refresh().catch(() => setLoading(false));
  }, [refresh]);
  const value = useMemo(
    () => ({ session, loading, refresh, setSession, signOut }),
    [session, loading, refresh, setSession, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

export function hasAnyRole(session: StaffSession | null, roles: Role[]): boolean {
  return (
    !!session &&
    session.stage === 'active' &&
    (roles.length === 0 || roles.some((r) => session.user.roles.includes(r)))
  );
}
