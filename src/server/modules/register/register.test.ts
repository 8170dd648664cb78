import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../core/time';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { SYSTEM_ACTOR } from '../audit/service';
import { linkAndVerifyAudit } from '../audit/test-support';
import { DEMO } from '../places/demo-ids';
import { DEMO_REGISTER } from './demo-ids';
import { fromDays, generateResidents, toDays } from './generator';
import { DEMO_MUNICIPALITIES } from './seed';
import { registerSubsetForMunicipality } from './service';

const P = DEMO_REGISTER.persons;
let t: TestApp;
let clerk: Agent;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk');
});
afterAll(async () => t?.close());

async function find(query: Record<string, string>) {
  const res = await clerk.get(`/api/register/persons?${new URLSearchParams({ purpose: 'Test', ...query })}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { persons: { id: string; familyName: string; givenNames: string }[]; more: boolean };
}

describe('register search', () => {
  it('finds Müller as Mueller and MÜLLER, and by each part of a double name', async () => {
    for (const familyName of [
      'Müller-Lüdenscheidt',
      'mueller',
      'MÜLLER',
      'Lüdenscheidt',
      'luedenscheidt',
      'Mueller Luedenscheidt',
    ]) {
      const { persons } = await find({ familyName, birthDate: '1958-04-01' });
      expect(
        persons.map((p) => p.id),
        familyName,
      ).toEqual([P.juergenMuellerLuedenscheidt]);
    }
  });

  it('finds ß as ss and accents without them, also in given names', async () => {
    const { persons } = await find({ familyName: 'WEISS', givenNames: 'zoe', birthDate: '2004-03-03' });
    expect(persons.map((p) => p.id)).toEqual([P.zoeWeiss]);
  });

  it('finds a married name by the birth name', async () => {
    const { persons } = await find({ familyName: 'Gabler', birthDate: '1964-08-12' });
    expect(persons.map((p) => p.id)).toEqual([P.erikaMustermann]);
  });

  it('finds everybody at an address typed as "Beispielstr. 7", and narrows by house number', async () => {
    const { persons } = await find({ street: 'Beispielstr. 7' });
    expect(persons.map((p) => p.id).sort()).toEqual([P.berndBeispiel, P.juergenMuellerLuedenscheidt].sort());
    const nine = await find({ street: 'beispielstrasse', houseNumber: '9' });
    expect(nine.persons.map((p) => p.id)).toEqual([P.zoeWeiss]);
  });

  it('shows a limited page of a common name and says there are more', async () => {
    const res = await find({ familyName: 'Müller' });
    expect(res.persons).toHaveLength(25);
    expect(res.more).toBe(true);
  });

  it('refuses a search that is too broad', async () => {
    const res = await clerk.get('/api/register/persons?familyName=M&purpose=Test');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REGISTER_SEARCH_TOO_BROAD');
  });

  it('shows nothing of one authority\u2019s register to a clerk of another', async () => {
    const other = '01900000-0000-7000-8000-0000000009ff';
    await t.db
      .insertInto('authorities')
      .values({
        id: other,
        authority_id: other,
        name: 'Gemeinde Anderswo (fiktiv)',
        short_name: 'Gemeinde Anderswo',
        kind: 'municipality',
        ags: null,
        ars: null,
        street: 'Rathausplatz 1',
        postal_code: '09999',
        city: 'Anderswo',
        phone: null,
        email: null,
        website: null,
      })
      .execute();
    const stranger = await t.login('clerk', { authorityId: other });
    const search = await stranger.get('/api/register/persons?familyName=Mustermann&purpose=Test');
    expect(search.json().persons).toEqual([]);
    const read = await stranger.get(`/api/register/persons/${P.erikaMustermann}?purpose=Test`);
    expect(read.statusCode).toBe(404);
  });

  it('records each person a search shows, with the purpose from the header', async () => {
    const reason = 'Rückfrage zur Anmeldung (Prüfung)';
    await clerk.get('/api/register/persons?familyName=Exempel', {
      'x-audit-reason': encodeURIComponent(reason),
    });
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'reason', 'subject_person_id'])
      .where('reason', '=', reason)
      .execute();
    expect(rows.map((r) => r.action).sort()).toEqual(['register.search', 'register.search_hit']);
    expect(rows.find((r) => r.action === 'register.search_hit')!.subject_person_id).toBe(P.gertrudExempel);
    // Rows written together stay properly chained.
    await find({ street: 'Beispielstr' });
    expect((await linkAndVerifyAudit(t)).intact).toBe(true);
  });

  it('marks a care-home resident as blocked (§ 52 BMG)', async () => {
    const record = (await clerk.get(`/api/register/persons/${P.gertrudExempel}?purpose=Test`)).json();
    expect(record.activeBlocks).toContain('conditional_block');
    expect(record.disclosureBlocked).toBe(true);
  });
});

describe('what a kit may hold', () => {
  it('holds the residents of its municipality only, without religion, marital status or history', async () => {
    const residents = await registerSubsetForMunicipality(
      t.db,
      DEMO.authorityMeerane,
      DEMO.municipalitySchoenberg,
      {
        actor: { ...SYSTEM_ACTOR, authorityId: DEMO.authorityMeerane, username: 'kit-prepare' },
      },
    );
    expect(residents.length).toBeGreaterThan(900);
    expect(
      residents.every((r) =>
        r.residences.every((x) => x.address.municipalityId === DEMO.municipalitySchoenberg),
      ),
    ).toBe(true);
    expect(residents.find((r) => r.id === P.zoeWeiss)).toBeUndefined();
    const erika = residents.find((r) => r.id === P.erikaMustermann)!;
    expect(Object.keys(erika).sort()).toEqual(
      [
        'birthDate',
        'birthName',
        'birthPlace',
        'blocks',
        'callName',
        'doctoralDegree',
        'familyName',
        'fictitious',
        'givenNames',
        'householdId',
        'id',
        'idDocuments',
        'nationalities',
        'residences',
        'sex',
        'version',
      ].sort(),
    );
    expect(residents.find((r) => r.id === P.gertrudExempel)!.blocks).toContain('conditional_block');
  });
});

describe('the generator', () => {
  it('counts days like the calendar helpers of core, across centuries and leap years', () => {
    for (let days = -40_000; days < 40_000; days += 13) {
      const iso = addDays('1970-01-01', days);
      expect(fromDays(days)).toBe(iso);
      expect(toDays(iso)).toBe(days);
    }
  });

  it('makes the same fictitious residents from the same seed', () => {
    const run = () => [
      ...generateResidents({
        authorityId: DEMO.authorityMeerane,
        municipalities: DEMO_MUNICIPALITIES.slice(0, 1),
        seed: 7,
        asOf: '2026-01-01',
      }),
    ];
    const a = run();
    const b = run();
    expect(a[0]!.persons.slice(0, 50)).toEqual(b[0]!.persons.slice(0, 50));
    const persons = a.flatMap((x) => x.persons);
    expect(persons).toHaveLength(900);
    // Every person has a residence; households live together.
    expect(a.flatMap((x) => x.residences)).toHaveLength(900);
    expect(new Set(persons.map((p) => p.id)).size).toBe(900);
  });
});
