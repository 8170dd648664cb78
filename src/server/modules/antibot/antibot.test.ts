import { createChallenge, solveChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { at, contact, freeWorkingDay, PA, type PlannedDay, planDay } from '../booking/test-support';
import { DEMO } from '../places/demo-ids';
import {
  ALGORITHM,
  checkSolvedChallenge,
  deleteExpiredChallenges,
  issueChallenge,
  requireSolvedChallenge,
  secretsFor,
} from './service';
import { solvedChallenge } from './test-support';

/** Bot protection of the public booking and demand forms (#14, ADR 33), attacked as a script would. */
let t: TestApp;
let script: Agent;
let day: PlannedDay;

beforeAll(async () => {
  t = await createTestApp();
  script = t.anonymous();
  day = await planDay(t, await t.login('coordinator'), { date: freeWorkingDay(6, 3), desks: 1 });
});
afterAll(async () => t?.close());

const counts = async () => ({
  appointments: Number(
    (
      await t.db
        .selectFrom('appointments')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('office_day_id', '=', day.id)
        .executeTakeFirstOrThrow()
    ).n,
  ),
  demand: Number(
    (
      await t.db
        .selectFrom('demand_signals')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

const direct = (time: string) => ({
  officeDayId: day.id,
  startsAt: at(day.date, time),
  serviceIds: [PA],
  contact: contact('Skript (fiktiv)'),
});

function encode(challenge: unknown, solution: unknown): string {
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe('a script without a solved challenge', () => {
  it('gets nothing held, booked or signalled, with a stable code in German and English', async () => {
    const before = await counts();
    const hold = await script.post('/api/booking/holds', {
      officeDayId: day.id,
      startsAt: at(day.date, '09:00'),
      serviceIds: [PA],
    });
    expect(hold.statusCode).toBe(403);
    expect(hold.headers['content-type']).toContain('application/problem+json');
    expect(hold.json().code).toBe('CHALLENGE_REQUIRED');
    expect(hold.json().detail ?? hold.json().title).toMatch(/Sicherheitsprüfung/);
    const booked = await script.post('/api/booking/appointments', direct('09:00'), {
      'accept-language': 'en',
    });
    expect(booked.statusCode).toBe(403);
    expect(booked.json().code).toBe('CHALLENGE_REQUIRED');
    expect(JSON.stringify(booked.json())).toMatch(/Security check/);
    const demand = await script.post('/api/booking/demand', {
      villageId: DEMO.villages.schoenberg,
      serviceIds: [PA],
    });
    expect(demand.statusCode).toBe(403);
    // 200 attempts with made-up solutions: none gets through.
    const forged = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        script.post('/api/booking/appointments', direct('09:00'), {
          'x-altcha':
            i % 2 ? 'bm90IGEgcGF5bG9hZA==' : encode({ parameters: { nonce: `${i}` } }, { counter: i }),
        }),
      ),
    );
    expect(forged.every((r) => r.statusCode === 403 && r.json().code === 'CHALLENGE_FAILED')).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('refuses a solution for a challenge it signed itself or altered', async () => {
    const res = await script.get('/api/antibot/challenge');
    expect(res.headers['cache-control']).toBe('no-store');
    const challenge = res.json();
    const solution = (await solveChallenge({ challenge, deriveKey }))!;
    const wrongKey = encode(challenge, { ...solution, derivedKey: '00'.repeat(32) });
    const cheaper = encode(
      { ...challenge, parameters: { ...challenge.parameters, cost: 1, keyPrefix: '0' } },
      solution,
    );
    const ownSigned = encode({ ...challenge, signature: 'ab'.repeat(32) }, solution);
    for (const header of [wrongKey, cheaper, ownSigned]) {
      const r = await script.post('/api/booking/appointments', direct('09:15'), { 'x-altcha': header });
      expect(r.json().code, header).toBe('CHALLENGE_FAILED');
    }
    expect((await counts()).appointments).toBe(0);
  });

  it('refuses an expired challenge even when solved correctly', async () => {
    const challenge = await issueChallenge(t.config, new Date(Date.now() - 2 * 60 * 60_000));
    const solution = (await solveChallenge({ challenge, deriveKey }))!;
    const r = await script.post('/api/booking/appointments', direct('09:15'), {
      'x-altcha': encode(challenge, solution),
    });
    expect(r.json().code).toBe('CHALLENGE_FAILED');
  });
});

describe('a solved challenge', () => {
  it('books once; the same solution replayed books nothing more, not even in parallel', async () => {
    const headers = await solvedChallenge(script);
    const first = await script.post('/api/booking/appointments', direct('09:30'), headers);
    expect(first.statusCode, first.body).toBe(201);
    const again = await script.post('/api/booking/appointments', direct('09:45'), headers);
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('CHALLENGE_FAILED');

    const fresh = await solvedChallenge(script);
    const parallel = await Promise.all(
      ['10:00', '10:15', '10:30', '10:45', '11:00'].map((time) =>
        script.post('/api/booking/appointments', direct(time), fresh),
      ),
    );
    expect(parallel.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(parallel.filter((r) => r.json().code === 'CHALLENGE_FAILED')).toHaveLength(4);
    expect((await counts()).appointments).toBe(2);
  });

  it('lets a retry with the same Idempotency-Key return the booking without a new challenge', async () => {
    const headers = { ...(await solvedChallenge(script)), 'idempotency-key': 'antibot-retry-0001' };
    const body = direct('11:15');
    const first = await script.post('/api/booking/appointments', body, headers);
    expect(first.statusCode, first.body).toBe(201);
    const retry = await script.post('/api/booking/appointments', body, headers);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().appointment.id).toBe(first.json().appointment.id);
    // The key does not open the door for another booking.
    const other = await script.post('/api/booking/appointments', direct('11:30'), headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('holds a time, and the hold is confirmed without a second challenge', async () => {
    const hold = await script.post(
      '/api/booking/holds',
      { officeDayId: day.id, startsAt: at(day.date, '11:30'), serviceIds: [PA] },
      await solvedChallenge(script),
    );
    expect(hold.statusCode, hold.body).toBe(201);
    const { holdId, holdToken } = hold.json();
    const booked = await script.post('/api/booking/appointments', {
      holdId,
      holdToken,
      contact: contact(),
    });
    expect(booked.statusCode, booked.body).toBe(201);
  });

  it('forgets used challenges only after they expired', async () => {
    const challenge = await issueChallenge(t.config);
    const solution = (await solveChallenge({ challenge, deriveKey }))!;
    await requireSolvedChallenge(t.db, t.config, encode(challenge, solution));
    expect(await deleteExpiredChallenges(t.db)).toBe(0);
    await expect(requireSolvedChallenge(t.db, t.config, encode(challenge, solution))).rejects.toMatchObject({
      code: 'CHALLENGE_FAILED',
    });
    const later = new Date(Date.now() + (t.config.altchaExpiryMinutes + 1) * 60_000);
    expect(await deleteExpiredChallenges(t.db, later)).toBeGreaterThanOrEqual(1);
    // Forgotten, but expired: still refused.
    await expect(
      requireSolvedChallenge(t.db, t.config, encode(challenge, solution), later),
    ).rejects.toMatchObject({
      code: 'CHALLENGE_FAILED',
    });
  });
});

describe('a solution used for a booking that is refused', () => {
  it('is used up all the same: a hold or a booking refused afterwards does not give it back', async () => {
    const other = await planDay(t, await t.login('coordinator'), { date: freeWorkingDay(6, 4), desks: 1 });
    const slot = (time: string) => ({
      officeDayId: other.id,
      startsAt: at(other.date, time),
      serviceIds: [PA],
    });
    const directAt = (time: string) => ({ ...slot(time), contact: contact('Skript (fiktiv)') });
    const first = await script.post('/api/booking/holds', slot('09:00'), await solvedChallenge(script));
    expect(first.statusCode, first.body).toBe(201);
    // The same time again (one desk): refused by the booking function after the mark.
    const headers = await solvedChallenge(script);
    const taken = await script.post('/api/booking/holds', slot('09:00'), headers);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('SLOT_TAKEN');
    const again = await script.post('/api/booking/appointments', directAt('10:00'), headers);
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('CHALLENGE_FAILED');

    const direct2 = await solvedChallenge(script);
    const takenDirect = await script.post('/api/booking/appointments', directAt('09:00'), direct2);
    expect(takenDirect.json().code).toBe('SLOT_TAKEN');
    const replay = await script.post('/api/booking/holds', slot('10:00'), direct2);
    expect(replay.json().code).toBe('CHALLENGE_FAILED');
    const held = await t.db
      .selectFrom('appointments')
      .select('starts_at')
      .where('office_day_id', '=', other.id)
      .where('starts_at', '=', new Date(at(other.date, '10:00')))
      .execute();
    expect(held).toEqual([]);
  });
});

describe('our challenges are ALTCHA v2 challenges', () => {
  it('altcha-lib verifies ours, and we verify altcha-lib’s made with our secrets', async () => {
    const { signature, keySignature } = secretsFor(t.config);
    const ours = await issueChallenge(t.config);
    expect(ours.parameters.algorithm).toBe(ALGORITHM);
    const solution = (await solveChallenge({ challenge: ours, deriveKey }))!;
    const verdict = await verifySolution({
      challenge: ours,
      solution,
      deriveKey,
      hmacSignatureSecret: signature,
      hmacKeySignatureSecret: keySignature,
    });
    expect(verdict.verified).toBe(true);
    // Without the key signature altcha-lib derives the key itself: the key we signed is the one.
    const { keySignature: _k, ...rest } = ours.parameters;
    expect(rest.keyPrefix).toBe(solution.derivedKey.slice(0, 32));

    const theirs = await createChallenge({
      algorithm: ALGORITHM,
      cost: t.config.altchaCost,
      counter: 7,
      deriveKey,
      expiresAt: new Date(Date.now() + 60_000),
      hmacSignatureSecret: signature,
      hmacKeySignatureSecret: keySignature,
    });
    const theirSolution = (await solveChallenge({ challenge: theirs, deriveKey }))!;
    expect(checkSolvedChallenge(t.config, encode(theirs, theirSolution)).nonce).toBe(theirs.parameters.nonce);
    // A cost above the event loop's share is derived in the thread pool: the same challenge.
    const costly = await issueChallenge({ ...t.config, altchaCost: 5_000, altchaMaxCounter: 4 });
    const costlySolution = (await solveChallenge({ challenge: costly, deriveKey }))!;
    expect(checkSolvedChallenge(t.config, encode(costly, costlySolution)).nonce).toBe(
      costly.parameters.nonce,
    );
    // A wrong counter's key, and a key for another challenge, are refused.
    expect(() =>
      checkSolvedChallenge(t.config, encode(theirs, { ...theirSolution, derivedKey: solution.derivedKey })),
    ).toThrow(expect.objectContaining({ code: 'CHALLENGE_FAILED' }));
  });
});
