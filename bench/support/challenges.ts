import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/**
 * Solved proof-of-work challenges for a benchmark's citizens (ADR 33). A citizen's browser fetches
 * and solves the challenge while the form is filled in, before the click that books — so the pool
 * solves ahead of use and a booking's timed path only carries the solved header. The server still
 * issues every challenge and verifies every solution at its configured cost, so that work is in
 * the server's CPU figures. Solutions are single use: each `take()` hands out a fresh one.
 */
export class ChallengePool {
  private ready: string[] = [];
  private filling: Promise<void> | null = null;

  constructor(
    private readonly base: string,
    private readonly size = 64,
  ) {}

  /** Fills the pool before a timed phase (outside the measurement). A pool of size 0 never refills itself. */
  async fill(count = this.size): Promise<void> {
    while (this.ready.length < count) this.ready.push(await this.solveOne());
  }

  /** One solved challenge as the X-Altcha header value. */
  async take(): Promise<string> {
    const header = this.ready.pop() ?? (await this.solveOne());
    if (this.ready.length < this.size / 2 && !this.filling) {
      // A failed refill (e.g. the server stopped) is not the booking's failure: the next take()
      // solves on demand and reports what goes wrong then.
      this.filling = this.fill()
        .catch(() => {})
        .finally(() => {
          this.filling = null;
        });
    }
    return header;
  }

  private async solveOne(): Promise<string> {
    const res = await fetch(`${this.base}/api/antibot/challenge`);
    if (res.status !== 200) throw new Error(`challenge: ${res.status} ${await res.text()}`);
    const challenge = await res.json();
    const solution = await solveChallenge({ challenge, deriveKey });
    if (!solution) throw new Error('challenge not solved');
    return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  }
}

/**
 * The bench server's bot-protection settings: the production cost per attempt (so the server's
 * verification costs what it costs in production) with a small search range, so that the load
 * generator — which shares the machine — spends little on solving.
 */
export const BENCH_ALTCHA_MAX_COUNTER = 20;
