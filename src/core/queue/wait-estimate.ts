/**
 * How long a citizen who draws a ticket now will wait (#14, "nobody waits in vain"), estimated from
 * the queue's live service times: the median of the recent service durations at the location (the
 * median, because one long case must not make everyone's estimate jump), the number of desks
 * calling, and the number of people ahead. Pure: the server feeds it counts and durations only.
 */

/** How many recent durations count (a rolling window: the day's pace, not last month's). */
export const SERVICE_SAMPLE_SIZE = 20;
/** Without any finished ticket yet: the catalogue's planned duration, else this. */
export const FALLBACK_SERVICE_MINUTES = 10;

/** The median of the most recent `SERVICE_SAMPLE_SIZE` durations (minutes), or `fallback`. */
export function typicalServiceMinutes(
  recentFirst: readonly number[],
  fallback = FALLBACK_SERVICE_MINUTES,
): number {
  const sample = recentFirst
    .slice(0, SERVICE_SAMPLE_SIZE)
    .filter((m) => Number.isFinite(m) && m >= 0)
    .sort((a, b) => a - b);
  if (sample.length === 0) return Math.max(1, fallback);
  const mid = Math.floor(sample.length / 2);
  const median = sample.length % 2 ? sample[mid]! : (sample[mid - 1]! + sample[mid]!) / 2;
  // A ticket closed within seconds (a mistake, a quick question) says little: at least a minute.
  return Math.max(1, median);
}

export interface WaitInput {
  /** People before this one in the queue (waiting and not yet called). */
  ahead: number;
  /** Typical minutes per citizen (typicalServiceMinutes). */
  serviceMinutes: number;
  /** Desks serving now; 0 or less counts as one (someone will call). */
  openDesks: number;
}

/**
 * Estimated minutes until this person is called: the people ahead are shared among the open desks.
 * Whole minutes, rounded up; 0 means "next".
 */
export function estimateWaitMinutes({ ahead, serviceMinutes, openDesks }: WaitInput): number {
  const people = Math.max(0, Math.floor(ahead));
  const desks = Math.max(1, Math.floor(openDesks));
  const minutes = Math.max(0, serviceMinutes);
  return Math.ceil((people * minutes) / desks);
}

/**
 * Whether the heads-up is due: the estimate has come down to the lead time. A person who is next
 * (nobody ahead) is always due, whatever the durations say.
 */
export function headsUpDue(input: WaitInput, leadMinutes: number): boolean {
  if (Math.max(0, Math.floor(input.ahead)) === 0) return true;
  return estimateWaitMinutes(input) <= leadMinutes;
}

/** The minutes to announce ("in etwa 10 Minuten"): at least 1, rounded up to 5 above ten. */
export function announcedMinutes(estimate: number): number {
  const m = Math.max(1, Math.ceil(estimate));
  return m <= 10 ? m : Math.ceil(m / 5) * 5;
}
