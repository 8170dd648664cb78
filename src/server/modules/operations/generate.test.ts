import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { solvedChallenge } from '../antibot/test-support';
import {
  FICTITIOUS_AGS_PREFIX,
  FICTITIOUS_SLUG_PREFIX,
  generateAuthorities,
  planAuthorities,
  villageCoordinates,
} from './generate';
import { onboardingRuleErrors } from './service';

describe('the plan of fictitious authorities', () => {
  it('is the same for the same seed, different for another, and marks everything as fictitious', () => {
    const a = planAuthorities(50, { seed: 7 });
    expect(planAuthorities(50, { seed: 7 })).toEqual(a);
    expect(planAuthorities(50, { seed: 8 }).map((p) => p.input.name)).not.toEqual(a.map((p) => p.input.name));
    // The first of a larger plan are the same as a smaller plan's: growing a demo keeps it.
    expect(planAuthorities(10, { seed: 7 })).toEqual(a.slice(0, 10));
    const keys = a.flatMap((p) => p.input.municipalities.map((m) => m.ags));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => /^\d{8}$/.test(k) && k.startsWith(FICTITIOUS_AGS_PREFIX))).toBe(true);
    const slugs = a.map((p) => p.input.slug);
    expect(new Set(slugs).size).toBe(50);
    expect(slugs.every((s) => s.startsWith(FICTITIOUS_SLUG_PREFIX) && /^[a-z0-9-]{3,60}$/.test(s))).toBe(
      true,
    );
    for (const p of a) {
      expect(p.input.name).toMatch(/\(fiktiv\)$/);
      for (const m of p.input.municipalities) {
        expect(m.name).toMatch(/\(fiktiv\)$/);
        expect(m.villages!.every((v) => v.name.endsWith('(fiktiv)'))).toBe(true);
      }
      // Every plan passes the onboarding's own rules (contrast, lead among the members, no duplicates).
      expect(onboardingRuleErrors(p.input)).toEqual([]);
      expect(p.residents.reduce((s, n) => s + n, 0)).toBe(2000);
    }
    expect(new Set(a.map((p) => p.input.bodyKind))).toEqual(
      new Set(['verwaltungsgemeinschaft', 'verwaltungsverband', 'einheitsgemeinde', 'stadt']),
    );
  });
});

describe('coordinates of generated villages (#14)', () => {
  it('lie in Saxony, close together per authority, the same for the same seed', () => {
    for (let i = 0; i < 60; i++) {
      const points = villageCoordinates(20260112, i, 12);
      expect(villageCoordinates(20260112, i, 12)).toEqual(points);
      for (const p of points) {
        expect(p.latitude).toBeGreaterThan(50.2);
        expect(p.latitude).toBeLessThan(51.6);
        expect(p.longitude).toBeGreaterThan(12.1);
        expect(p.longitude).toBeLessThan(14.9);
        expect(Math.abs(p.latitude - points[0]!.latitude)).toBeLessThan(0.17);
      }
    }
    expect(villageCoordinates(1, 0, 3)).not.toEqual(villageCoordinates(2, 0, 3));
  });
});

describe('npm run generate -- --authorities', () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-gen-'));
    t = await createTestApp({ config: { dataDir } });
  });
  afterAll(async () => {
    await t?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('fills the installation up to the number asked, each authority searchable, bookable and with a register; a second run adds nothing', async () => {
    const before = Number(
      (
        await t.db
          .selectFrom('authorities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const result = await generateAuthorities(t.db, {
      authorities: before + 3,
      residentsPerAuthority: 40,
      weeks: 2,
      dataDir,
    });
    expect(result).toMatchObject({ created: 3, existing: 0, authorities: before + 3, residents: 120 });
    expect(result.officeDays).toBeGreaterThanOrEqual(3 * 2);
    const again = await generateAuthorities(t.db, {
      authorities: before + 3,
      residentsPerAuthority: 40,
      weeks: 2,
      dataDir,
    });
    expect(again).toMatchObject({ created: 0, existing: 3, authorities: before + 3, residents: 0 });
    // Every generated village has coordinates and a place where a kit can set up (tour planner, #14).
    const villages = await t.db
      .selectFrom('villages as v')
      .innerJoin('authorities as a', 'a.id', 'v.authority_id')
      .leftJoin('locations as l', 'l.village_id', 'v.id')
      .select(['v.latitude', 'l.id as location'])
      .where('a.slug', 'like', `${FICTITIOUS_SLUG_PREFIX}%`)
      .execute();
    expect(villages.length).toBeGreaterThanOrEqual(3);
    expect(villages.every((v) => v.latitude !== null && v.location !== null)).toBe(true);

    const generated = await t.db
      .selectFrom('authorities')
      .select(['id', 'slug', 'name', 'status'])
      .where('slug', 'like', `${FICTITIOUS_SLUG_PREFIX}%`)
      .orderBy('slug')
      .execute();
    expect(generated.map((g) => g.slug)).toEqual(planAuthorities(3).map((p) => p.input.slug));
    for (const a of generated) {
      // Catalogue search on the authority's portal finds its own published services only.
      const search = await t.app.inject({
        method: 'GET',
        url: `/${a.slug}/api/catalog/search?q=Personalausweis`,
      });
      expect(search.statusCode).toBe(200);
      const hits = search.json().results as Array<{ slug: string }>;
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((h) => h.slug.endsWith(`-${a.slug}`))).toBe(true);
      const persons = await t.db
        .selectFrom('register_persons')
        .select(['fictitious'])
        .where('authority_id', '=', a.id)
        .execute();
      expect(persons.length).toBeGreaterThanOrEqual(40);
      expect(persons.every((p) => p.fictitious)).toBe(true);
      const days = await t.db
        .selectFrom('office_days as d')
        .innerJoin('locations as l', 'l.id', 'd.location_id')
        .select(['l.authority_id'])
        .where('d.authority_id', '=', a.id)
        .execute();
      expect(days.length).toBeGreaterThan(0);
      expect(days.every((d) => d.authority_id === a.id)).toBe(true);
      // Onboarded through the operator's path, on record.
      const onboarded = await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('resource_id', '=', a.id)
        .where('action', '=', 'operator.authority_onboard')
        .execute();
      expect(onboarded).toHaveLength(1);
    }
    // A citizen books on a generated authority's office day.
    const day = await t.db
      .selectFrom('office_days')
      .select(['id', 'starts_at'])
      .where('authority_id', '=', generated[0]!.id)
      // Not one that has closed for online booking (12 hours before): run in the evening, the
      // first day — tomorrow morning's — answered BOOKING_CLOSED.
      .where('starts_at', '>', new Date(Date.now() + 48 * 3_600_000))
      .orderBy('starts_at')
      .executeTakeFirstOrThrow();
    const service = await t.db
      .selectFrom('catalog_services')
      .select('id')
      .where('authority_id', '=', generated[0]!.id)
      .where('slug', 'like', 'personalausweis-beantragen-%')
      .executeTakeFirstOrThrow();
    const booking = await t.app.inject({
      method: 'POST',
      // On that authority's portal (ADR 27).
      url: `/${generated[0]!.slug}/api/booking/appointments`,
      headers: { 'idempotency-key': 'gen-test-1', ...(await solvedChallenge(t.anonymous())) },
      payload: {
        officeDayId: day.id,
        startsAt: new Date(day.starts_at).toISOString(),
        serviceIds: [service.id],
        contact: { name: 'Erika Probe (fiktiv)', email: 'erika.probe@example.org' },
      },
    });
    expect(booking.statusCode, booking.body).toBe(201);
  });
});
