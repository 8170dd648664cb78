/**
 * The expected wait a caller at the terminal sees before starting a video consultation (#11):
 * from the live queue (callers waiting ahead), the clerks ready for video calls, how many of them
 * are in a call, and how long calls take on average.
 */
export interface QueueSnapshot {
  /** Callers waiting for a clerk now (not counting the one asking). */
  waiting: number;
  /** Clerks with the video page open and ready. */
  clerksReady: number;
  /** Of those, clerks in a call right now. */
  clerksBusy: number;
  /** Median length of recent calls, in minutes (null: no calls yet). */
  typicalCallMinutes: number | null;
}

/** Minutes a call takes when there are no figures yet. */
export const DEFAULT_CALL_MINUTES = 10;

export interface WaitEstimate {
  /** A clerk is ready (free or busy) right now. */
  available: boolean;
  /** Whole minutes, rounded up to 5; 0 = a clerk is free at once. null when nobody is available. */
  minutes: number | null;
}

export function estimateWait(q: QueueSnapshot): WaitEstimate {
  const ready = Math.max(0, Math.floor(q.clerksReady));
  if (ready === 0) return { available: false, minutes: null };
  const busy = Math.min(ready, Math.max(0, Math.floor(q.clerksBusy)));
  const free = ready - busy;
  const waiting = Math.max(0, Math.floor(q.waiting));
  // A free clerk takes the caller at once, unless others wait for that clerk already.
  if (free > waiting) return { available: true, minutes: 0 };
  const callMinutes =
    q.typicalCallMinutes && q.typicalCallMinutes > 0 ? q.typicalCallMinutes : DEFAULT_CALL_MINUTES;
  // Callers ahead that no free clerk takes, shared among all ready clerks; on average a busy
  // clerk is half-way through a call.
  const ahead = waiting - free + 1;
  const rounds = ahead / ready;
  const minutes = Math.max(1, (rounds - 0.5) * callMinutes);
  return { available: true, minutes: Math.ceil(minutes / 5) * 5 };
}
