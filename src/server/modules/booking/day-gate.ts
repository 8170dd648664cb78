/**
 * Holds and bookings of one office day wait for each other on the day's row lock. Without a gate,
 * a crowd on one day (200 people for 40 times within a second) would have every connection of the
 * pool waiting on that lock, and nothing else — the slot listing, other days — would get one. So
 * this process lets at most `width` writes per office day go to the database at once; the rest
 * wait here, without a connection. The row lock stays what makes it correct (and the gate of one
 * process knows nothing of the others), the gate only keeps the pool free.
 */
export class DayGate {
  private readonly queues = new Map<string, { running: number; waiting: (() => void)[] }>();

  constructor(private readonly width = 2) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { running: 0, waiting: [] };
      this.queues.set(key, queue);
    }
    if (queue.running >= this.width) await new Promise<void>((resolve) => queue.waiting.push(resolve));
    queue.running++;
    try {
      return await work();
    } finally {
      queue.running--;
      const next = queue.waiting.shift();
      if (next) next();
      else if (queue.running === 0) this.queues.delete(key);
    }
  }
}

/** The gate of this process for the booking write path. */
export const officeDayGate = new DayGate(2);
