import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Agent } from '../../test/test-app';

/**
 * Fetches a challenge and solves it as the citizen's browser would (cheap at the tests'
 * difficulty); returns the headers a protected request sends (not a test file itself).
 */
export async function solvedChallenge(agent: Agent): Promise<Record<string, string>> {
  const res = await agent.get('/api/antibot/challenge');
  if (res.statusCode !== 200) throw new Error(`challenge: ${res.statusCode} ${res.body}`);
  const challenge = res.json();
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('challenge not solved');
  return { 'x-altcha': Buffer.from(JSON.stringify({ challenge, solution })).toString('base64') };
}
