import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError, get, post, setCsrfToken } from '../../ui/api';
import type { StaffSession } from '../../ui/session';
import { createDeviceKey } from '../crypto/device-key';
import { getMeta, KitDb } from '../storage/kit-db';
import { type Counters, type KitConfig, KitStore } from '../storage/kit-store';
import { type KitPerson, PersonIndex } from '../storage/person-index';
import { KitVault, type UnlockResult } from '../storage/vault';
import { KIT_APP_VERSION, type KitIdentity, kitRequest } from '../sync/kit-http';
import { isReachable, onReachability, probeServer, reportReachable } from '../sync/reachability';
import { loadSyncRecord, type RunnerState, SyncRunner } from '../sync/sync-runner';

/**
 * The kit's state: paired or not, locked or unlocked, which clerk, the server session used for
 * syncing, and the sync status. Only one tab works with the kit at a time (Web Locks); a second
 * tab says so and can take over.
 */
export type KitPhase = 'loading' | 'other-tab' | 'unenrolled' | 'setup-pin' | 'locked' | 'unlocked';

export interface PendingSummary {
  commands: number;
  bytes: number;
  unresolved: number;
}

interface EnrolmentAnswer {
  kit: KitConfig & { id: string; authorityId: string; authorityName: string };
  nextSeq: number;
  serverTime: string;
}

export interface KitContextValue {
  phase: KitPhase;
  db: KitDb;
  config: KitConfig | null;
  store: KitStore | null;
  index: PersonIndex | null;
  clerk: { userId: string; username: string; displayName: string } | null;
  session: StaffSession | null;
  online: boolean;
  sync: RunnerState | null;
  pending: PendingSummary;
  /** Bumped whenever stored data changed (pages re-read). */
  revision: number;
  refreshSession(): Promise<StaffSession | null>;
  setSession(session: StaffSession | null): void;
  enrol(pairingCode: string): Promise<void>;
  setupPin(secret: string): Promise<void>;
  unlock(userId: string, secret: string): Promise<UnlockResult>;
  lock(): void;
  takeOver(): void;
  syncNow(): Promise<void>;
  /** A signed request to the kit API (prepare the day, confirm). */
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  rebuildIndex(): void;
  vault: KitVault | null;
}

const KitContext = createContext<KitContextValue | null>(null);
const TAB_LOCK = 'bk-kit-tab';
const CHANNEL = 'bk-kit';

export function KitProvider({ children }: { children: ReactNode }) {
  const db = useMemo(() => new KitDb(), []);
  const [phase, setPhase] = useState<KitPhase>('loading');
  const [config, setConfig] = useState<KitConfig | null>(null);
  const [store, setStore] = useState<KitStore | null>(null);
  const [index, setIndex] = useState<PersonIndex | null>(null);
  const [clerk, setClerk] = useState<KitContextValue['clerk']>(null);
  const [session, setSessionState] = useState<StaffSession | null>(null);
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  const [sync, setSync] = useState<RunnerState | null>(null);
  const [pending, setPending] = useState<PendingSummary>({ commands: 0, bytes: 0, unresolved: 0 });
  const [revision, setRevision] = useState(0);
  const sessionRef = useRef<StaffSession | null>(null);
  const runnerRef = useRef<SyncRunner | null>(null);
  const releaseTab = useRef<(() => void) | null>(null);
  const storeRef = useRef<KitStore | null>(null);

  const setSession = useCallback((s: StaffSession | null) => {
    sessionRef.current = s;
    setCsrfToken(s?.csrfToken ?? null);
    setSessionState(s);
  }, []);

  const refreshSession = useCallback(async () => {
    try {
      const s = await get<StaffSession>('/api/auth/session');
      reportReachable(true);
      setSession(s.stage === 'active' ? s : null);
      return s.stage === 'active' ? s : null;
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) reportReachable(false);
      if (error instanceof ApiError && error.status === 401) {
        reportReachable(true);
        setSession(null);
      }
      return sessionRef.current;
    }
  }, [setSession]);

  const refreshPending = useCallback(async () => {
    setPending(await KitStore.pendingSummary(db));
  }, [db]);

  const decidePhase = useCallback(async () => {
    const kit = await getMeta<KitConfig>(db, 'kit');
    setConfig(kit ?? null);
    if (!kit) return setPhase('unenrolled');
    const vault = await getMeta<unknown[]>(db, 'vault');
    setPhase(vault && vault.length > 0 ? 'locked' : 'setup-pin');
    await refreshPending();
  }, [db, refreshPending]);

  const dropUnlocked = useCallback(() => {
    runnerRef.current?.stop();
    runnerRef.current = null;
    storeRef.current = null;
    setStore(null);
    setIndex(null);
    setClerk(null);
    setSync(null);
  }, []);

  // One tab at a time.
  useEffect(() => {
    let cancelled = false;
    const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL) : null;
    channel?.addEventListener('message', (event) => {
      if (event.data === 'taken-over' && releaseTab.current) {
        releaseTab.current = null;
        dropUnlocked();
        setPhase('other-tab');
      }
    });
    const acquire = (steal: boolean) => {
      if (!navigator.locks) {
        void decidePhase();
        return;
      }
      // A reload or a navigation releases the old document's lock a moment later: wait briefly.
      void navigator.locks
        .request(TAB_LOCK, steal ? { steal: true } : { signal: AbortSignal.timeout(2500) }, (lock) => {
          if (!lock) return undefined;
          if (steal) channel?.postMessage('taken-over');
          if (!cancelled) void decidePhase();
          return new Promise<void>((resolve) => {
            releaseTab.current = resolve;
          });
        })
        .catch(() => {
          // Timed out (another tab holds the kit) or the lock was taken over by another tab.
          if (!cancelled) setPhase('other-tab');
        });
    };
    acquire(false);
    (window as unknown as { __bkTakeOver?: () => void }).__bkTakeOver = () => acquire(true);
    void refreshSession();
    return () => {
      cancelled = true;
      releaseTab.current?.();
      channel?.close();
    };
  }, [decidePhase, dropUnlocked, refreshSession]);

  useEffect(() => {
    const update = () => setOnline(navigator.onLine && isReachable());
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    const off = onReachability(update);
    // While the server did not answer, look again now and then.
    const probe = setInterval(() => {
      if (!isReachable() && navigator.onLine) void probeServer();
    }, 10_000);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
      off();
      clearInterval(probe);
    };
  }, []);

  const identity = useCallback(async (): Promise<KitIdentity> => {
    const kit = await getMeta<KitConfig>(db, 'kit');
    const device = await getMeta<{ keyPair: CryptoKeyPair }>(db, 'device');
    if (!kit || !device) throw new Error('kit not paired');
    return {
      kitId: kit.kitId,
      privateKey: device.keyPair.privateKey,
      csrfToken: () => sessionRef.current?.csrfToken ?? null,
    };
  }, [db]);

  const request = useCallback(
    async <T,>(method: string, path: string, body?: unknown) =>
      kitRequest<T>(await identity(), method, path, body),
    [identity],
  );

  const openStore = useCallback(
    async (key: CryptoKey, who: NonNullable<KitContextValue['clerk']>) => {
      const kit = (await getMeta<KitConfig>(db, 'kit'))!;
      const opened = new KitStore(db, key, kit, who);
      await opened.load();
      opened.onChange = () => {
        setRevision((r) => r + 1);
        void refreshPending();
      };
      storeRef.current = opened;
      setStore(opened);
      setIndex(PersonIndex.build(opened.items<KitPerson>('person').map((p) => ({ id: p.id, data: p.data }))));
      setClerk(who);
      const runner = new SyncRunner(opened, await identity(), await loadSyncRecord(db));
      runner.subscribe(setSync);
      // Register changes pulled in the background (a move at the town hall, a new block) reach
      // the search at once: the index is rebuilt when a sync changed the kit's residents.
      let indexed = opened.revisionOf('person');
      runner.subscribe((s) => {
        if (s.syncing || opened.revisionOf('person') === indexed) return;
        indexed = opened.revisionOf('person');
        setIndex(
          PersonIndex.build(opened.items<KitPerson>('person').map((p) => ({ id: p.id, data: p.data }))),
        );
      });
      setSync(runner.state);
      runnerRef.current = runner;
      runner.start();
      setPhase('unlocked');
      await refreshPending();
    },
    [db, identity, refreshPending],
  );

  const enrol = useCallback(
    async (pairingCode: string) => {
      const { keyPair, publicJwk } = await createDeviceKey();
      const answer = await post<EnrolmentAnswer>('/api/kit/enrol', {
        pairingCode,
        publicKey: publicJwk,
        softwareVersion: KIT_APP_VERSION,
      });
      const kit: KitConfig = {
        kitId: answer.kit.id,
        name: answer.kit.name,
        prefix: answer.kit.prefix,
        authorityId: answer.kit.authorityId,
        authorityName: answer.kit.authorityName,
        municipalityIds: answer.kit.municipalityIds,
        locationIds: answer.kit.locationIds,
        lockAfterMinutes: answer.kit.lockAfterMinutes,
      };
      const counters = (await getMeta<Counters>(db, 'counters')) ?? { nextSeq: 1, numbers: {} };
      await db.transaction('rw', db.meta, async () => {
        await db.meta.put({ key: 'device', value: { keyPair } });
        await db.meta.put({ key: 'kit', value: kit });
        await db.meta.put({
          key: 'counters',
          value: { ...counters, nextSeq: Math.max(counters.nextSeq, answer.nextSeq) },
        });
      });
      setConfig(kit);
      const vault = await getMeta<unknown[]>(db, 'vault');
      setPhase(vault && vault.length > 0 ? 'locked' : 'setup-pin');
    },
    [db],
  );

  const vault = useMemo(() => (config ? new KitVault(db, config.kitId) : null), [db, config]);

  const setupPin = useCallback(
    async (secret: string) => {
      const s = sessionRef.current;
      if (!s || !vault) throw new Error('sign in first');
      const who = { userId: s.user.id, username: s.user.username, displayName: s.user.displayName };
      const key = await vault.create(who, secret);
      await openStore(key, who);
    },
    [vault, openStore],
  );

  const unlock = useCallback(
    async (userId: string, secret: string) => {
      if (!vault) return { ok: false as const, reason: 'unknown_clerk' as const };
      const result = await vault.unlock(userId, secret);
      if (result.ok) await openStore(result.key, result.clerk);
      return result;
    },
    [vault, openStore],
  );

  const lock = useCallback(() => {
    dropUnlocked();
    setPhase('locked');
  }, [dropUnlocked]);

  // Lock after inactivity.
  useEffect(() => {
    if (phase !== 'unlocked' || !config) return;
    let timer: ReturnType<typeof setTimeout>;
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(() => lock(), config.lockAfterMinutes * 60_000);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true });
    reset();
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, [phase, config, lock]);

  const syncNow = useCallback(async () => {
    await refreshSession();
    await runnerRef.current?.syncNow();
    if (storeRef.current)
      setIndex(
        PersonIndex.build(
          storeRef.current.items<KitPerson>('person').map((p) => ({ id: p.id, data: p.data })),
        ),
      );
  }, [refreshSession]);

  const rebuildIndex = useCallback(() => {
    if (storeRef.current)
      setIndex(
        PersonIndex.build(
          storeRef.current.items<KitPerson>('person').map((p) => ({ id: p.id, data: p.data })),
        ),
      );
  }, []);

  const takeOver = useCallback(() => {
    (window as unknown as { __bkTakeOver?: () => void }).__bkTakeOver?.();
  }, []);

  useEffect(() => {
    const t = setInterval(() => void refreshPending(), 5_000);
    return () => clearInterval(t);
  }, [refreshPending]);

  const value: KitContextValue = {
    phase,
    db,
    config,
    store,
    index,
    clerk,
    session,
    online,
    sync,
    pending,
    revision,
    refreshSession,
    setSession,
    enrol,
    setupPin,
    unlock,
    lock,
    takeOver,
    syncNow,
    request,
    rebuildIndex,
    vault,
  };
  return <KitContext.Provider value={value}>{children}</KitContext.Provider>;
}

export function useKit(): KitContextValue {
  const v = useContext(KitContext);
  if (!v) throw new Error('useKit outside KitProvider');
  return v;
}
