import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContent } from '../../../core/catalog/content';
import { computeFee } from '../../../core/catalog/fees';
import { durationAt } from '../../../core/catalog/types';
import { createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';
import { SERVICE_IDS } from './demo-ids';
import { purgeOldMisses } from './search';
import { getPublishedServiceBySlug, getPublishedServicesByIds, listPublishedServices } from './service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

function newService(slug: string, overrides: Partial<ServiceContent> = {}): ServiceContent {
  return {
    slug,
    leikaKey: null,
    name: { de: 'Sondernutzung für einen Marktstand', en: 'Special use permit for a market stall' },
    shortText: { de: 'Einen Stand auf dem Markt anmelden.', en: 'Register a stall at the market.' },
    description: 'Wer auf öffentlichem Grund einen Stand aufstellt, braucht eine Sondernutzungserlaubnis.',
    easyReadText: null,
    prerequisites: [],
    documents: [{ item: 'Lageplan', note: null, required: true }],
    fees: { rules: [{ kind: 'fixed', amountCents: 2500 }] },
    legalBases: [],
    procedure: ['Antrag stellen.'],
    processingTime: '1 Woche',
    deadlines: null,
    forms: [],
    formKey: null,
    notes: null,
    contact: { unit: 'Ordnungsamt', phone: null, email: null, note: null },
    personalAppearanceRequired: false,
    duration: { defaultMinutes: 15 },
    channels: ['town_hall', 'phone'],
    ...overrides,
  };
}

async function auditRows(resourceId: string) {
  return t.db
    .selectFrom('audit_log')
    .select(['action', 'result', 'before', 'after', 'actor_username'])
    .where('resource_id', '=', resourceId)
    .orderBy('seq')
    .execute();
}

describe('the seeded catalogue (#3)', () => {
  it('publishes the real services of the Bürgerbüro under their fixed ids', async () => {
    const all = await listPublishedServices(t.db);
    expect(all.length).toBeGreaterThanOrEqual(25);
    for (const [slug, id] of Object.entries(SERVICE_IDS)) {
      const s = all.find((x) => x.slug === slug);
      expect(s?.id, slug).toBe(id);
      expect(s!.authorityId).toBe(DEMO.authorityMeerane);
      expect(s!.name.en.length, slug).toBeGreaterThan(3);
      expect(s!.shortText.en.length, slug).toBeGreaterThan(10);
    }
    expect(all.some((s) => /kinderreisepass/i.test(s.slug))).toBe(false);
  });

  it('carries the 2026 fees: ID card 46 € / 27.60 €, passport 70 € / 37.50 € with express, vorläufiger PA 10 €', async () => {
    const pa = await getPublishedServiceBySlug(t.db, 'personalausweis-beantragen');
    expect(pa!.fees.rules[0]).toMatchObject({
      kind: 'by_age',
      bands: [
        { maxAge: 24, amountCents: 2760 },
        { minAge: 24, amountCents: 4600 },
      ],
    });
    expect(pa!.fees.options?.map((o) => [o.id, o.amountCents])).toEqual([
      ['photo', 600],
      ['mailing', 1500],
      ['outside_hours', 1300],
    ]);
    expect(pa!.formKey).toBe('personalausweis');
    expect(pa!.channels).toContain('mobile');
    const rp = await getPublishedServiceBySlug(t.db, 'reisepass-beantragen');
    expect(rp!.fees.options?.find((o) => o.id === 'express')?.amountCents).toBe(3200);
    expect(rp!.fees.options?.find((o) => o.id === 'pages48')?.amountCents).toBe(2200);
    const vpa = await getPublishedServiceBySlug(t.db, 'vorlaeufiger-personalausweis');
    expect(vpa!.fees.rules).toEqual([expect.objectContaining({ kind: 'fixed', amountCents: 1000 })]);
    const fz = await getPublishedServiceBySlug(t.db, 'fuehrungszeugnis-beantragen');
    expect(fz!.fees.rules).toEqual([expect.objectContaining({ amountCents: 1300 })]);
    // What the calculator, the desk and the kit charge (computeFee, src/core/catalog/fees.ts).
    expect(computeFee(pa!.fees, { age: 16, options: ['photo'] }).totalCents).toBe(2760 + 600);
    expect(computeFee(pa!.fees, { age: 24, options: ['mailing', 'outside_hours'] }).totalCents).toBe(
      4600 + 1500 + 1300,
    );
    expect(computeFee(rp!.fees, { age: 40, options: ['express', 'pages48'] }).totalCents).toBe(
      7000 + 3200 + 2200,
    );
    expect(computeFee(rp!.fees, { age: 12 }).totalCents).toBe(3750);
    expect(computeFee(pa!.fees, { age: 70, options: ['photo'], waiverId: 'need' })).toMatchObject({
      totalCents: 0,
      waived: true,
    });
  });

  it('marks unconfirmed Saxon fees instead of calling them free', async () => {
    for (const slug of [
      'meldebescheinigung',
      'beglaubigung',
      'haushaltsbescheinigung',
      'gewerbe-anmeldung',
    ]) {
      const s = await getPublishedServiceBySlug(t.db, slug);
      expect(s!.fees.amountUnconfirmed, slug).toBe(true);
      expect(s!.fees.rules, slug).toEqual([]);
      expect(s!.fees.note?.de, slug).toMatch(/nicht bestätigt/);
    }
  });

  it('lists the services the mobile office offers, and finds services by id in the order asked', async () => {
    const mobile = await listPublishedServices(t.db, { channel: 'mobile' });
    expect(mobile.map((s) => s.slug)).toContain('anmeldung-einer-wohnung');
    expect(mobile.map((s) => s.slug)).not.toContain('gewerbezentralregister-auskunft');
    const ids = [
      SERVICE_IDS['reisepass-beantragen'],
      '01900000-0000-7000-8000-999999999999',
      SERVICE_IDS.fundsache,
    ];
    expect((await getPublishedServicesByIds(t.db, ids)).map((s) => s.slug)).toEqual([
      'reisepass-beantragen',
      'fundsache',
    ]);
  });

  it('shows a service page with the responsible office, and answers unknown services with a clear 404', async () => {
    const res = await t.anonymous().get('/api/catalog/services/personalausweis-beantragen');
    expect(res.statusCode).toBe(200);
    expect(res.json().office).toMatchObject({
      authorityName: expect.stringContaining('Meerane'),
      phone: '03764 54-0',
    });
    expect(res.json().content.documents.length).toBeGreaterThan(1);
    const missing = await t.anonymous().get('/api/catalog/services/kinderreisepass');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'CATALOG_SERVICE_NOT_FOUND' });
    expect(missing.json().detail).toMatch(/Leistung/);
  });

  it('puts schema.org GovernmentService JSON-LD and the title into the service page HTML', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/leistungen/personalausweis-beantragen',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Personalausweis beantragen – Bürgerkoffer</title>');
    const m = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(res.body);
    const ld = JSON.parse(m![1]!);
    expect(ld).toMatchObject({
      '@type': 'GovernmentService',
      name: 'Personalausweis beantragen',
      identifier: { propertyID: 'LeiKa', value: '99008001012000' },
      provider: { '@type': 'GovernmentOrganization' },
    });
    expect(ld.areaServed.map((a: { name: string }) => a.name)).toEqual([
      'Gemeinde Schönberg',
      'Stadt Meerane',
    ]);
    expect(ld.offers.priceSpecification.map((p: { price: string }) => p.price).sort()).toEqual([
      '27.60',
      '46.00',
    ]);
  });

  it('answers an unknown service page with the app and status 404', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/leistungen/kinderreisepass',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

describe('search input (#3)', () => {
  const search = (q: string, headers?: Record<string, string>) =>
    t.anonymous().get(`/api/catalog/search?q=${encodeURIComponent(q)}`, headers);

  it('refuses an empty query with a helpful German message', async () => {
    for (const q of ['', '   ']) {
      const res = await search(q);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('CATALOG_QUERY_EMPTY');
      expect(res.json().detail).toMatch(/Suchwort/);
    }
  });

  it('refuses wildcard-only and overlong queries', async () => {
    expect((await search('***')).json().code).toBe('CATALOG_QUERY_WILDCARD_ONLY');
    expect((await search('%_?')).json().code).toBe('CATALOG_QUERY_WILDCARD_ONLY');
    const long = await search('ausweis '.repeat(30));
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'CATALOG_QUERY_TOO_LONG' });
    expect(long.json().detail).toContain('200');
    expect((await search('x'.repeat(1200))).json().code).toBe('VALIDATION_FAILED');
  });

  it('treats script injection as text: nothing is reflected as markup', async () => {
    const res = await search('<script>alert(1)</script><img src=x onerror=alert(2)>');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).not.toMatch(/<script|<img|onerror/);
  });

  it('returns highlighted matches as segments, in the caller’s language', async () => {
    const res = await search('perso', { 'accept-language': 'en' });
    const first = res.json().results[0];
    expect(first.slug).toBe('personalausweis-beantragen');
    expect(first.name).toBe('Applying for an identity card');
    const de = (await search('perso')).json().results[0];
    expect(de.highlight.name).toEqual([
      { text: 'Personalausweis', match: true },
      { text: ' beantragen', match: false },
    ]);
    expect(de.matchedSynonym).toBe('Perso');
  });

  it('logs searches without result anonymously, with numbers masked, for the editors only', async () => {
    const miss = await search('Stempelmarke 12.03.1980 xylophon');
    expect(miss.json().results).toEqual([]);
    await search('Stempelmarke 12.03.1980 xylophon');
    const rows = await t.db.selectFrom('catalog_search_misses').selectAll().execute();
    const row = rows.find((r) => r.query.includes('xylophon'));
    expect(row).toMatchObject({
      query: 'stempelmarke ###### xylophon',
      count: 2,
      authority_id: DEMO.authorityMeerane,
    });
    expect(Object.keys(row!).sort()).toEqual(['authority_id', 'channel', 'count', 'day', 'query']);
    const coordinator = await t.login('coordinator');
    const list = await coordinator.get('/api/catalog/editor/misses');
    expect(list.json().misses[0]).toMatchObject({ query: 'stempelmarke ###### xylophon', count: 2 });
    expect((await (await t.login('clerk')).get('/api/catalog/editor/misses')).statusCode).toBe(403);
    // Kept for half a year, then deleted by the daily job.
    await sql`insert into catalog_search_misses (authority_id, day, channel, query)
      values (${DEMO.authorityMeerane}, current_date - 400, 'portal', 'uralt')`.execute(t.db);
    expect(await purgeOldMisses(t.db)).toBe(1);
    expect(
      (await t.db.selectFrom('catalog_search_misses').select('query').execute()).map((r) => r.query),
    ).toContain('stempelmarke ###### xylophon');
    expect((await t.anonymous().get('/api/catalog/editor/misses')).statusCode).toBe(401);
  });
});

describe('editing: drafts, immutable versions, audit (#3)', () => {
  it('keeps a draft private until it is published, then versions every publication', async () => {
    const editor = await t.login('coordinator', { username: 'redaktion' });
    const created = await editor.post('/api/catalog/editor/services', { content: newService('marktstand') });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ draftRevision: 1, published: null, versions: [] });
    expect((await t.anonymous().get('/api/catalog/services/marktstand')).statusCode).toBe(404);

    const v1 = await editor.post(`/api/catalog/editor/services/${id}/publish`, {
      draftRevision: 1,
      changeNote: 'Neu',
    });
    expect(v1.statusCode).toBe(200);
    expect(v1.json()).toMatchObject({ draft: null, published: { version: 1 } });
    expect((await t.anonymous().get('/api/catalog/services/marktstand')).json().version).toBe(1);

    // A saved draft does not change what citizens see.
    const changed = newService('marktstand', {
      shortText: { de: 'Marktstand anmelden (neu).', en: 'Stall.' },
    });
    const saved = await editor.put(`/api/catalog/editor/services/${id}/draft`, {
      content: changed,
      baseRevision: v1.json().draftRevision,
    });
    expect(saved.statusCode).toBe(200);
    expect((await t.anonymous().get('/api/catalog/services/marktstand')).json().content.shortText.de).toBe(
      'Einen Stand auf dem Markt anmelden.',
    );
    const v2 = await editor.post(`/api/catalog/editor/services/${id}/publish`, {
      draftRevision: saved.json().draftRevision,
    });
    expect(v2.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const old = await editor.get(`/api/catalog/editor/services/${id}/versions/1`);
    expect(old.json().content.shortText.de).toBe('Einen Stand auf dem Markt anmelden.');
    expect((await t.anonymous().get('/api/catalog/services/marktstand')).json().content.shortText.de).toBe(
      'Marktstand anmelden (neu).',
    );

    // Published versions cannot be changed, not even in the database.
    await expect(
      sql`update catalog_service_versions set change_note = 'x' where service_id = ${id}`.execute(t.db),
    ).rejects.toThrow(/immutable/);

    const audit = await auditRows(id);
    expect(audit.map((a) => a.action)).toEqual([
      'catalog.service.create',
      'catalog.service.publish',
      'catalog.draft.save',
      'catalog.service.publish',
    ]);
    expect(audit.every((a) => a.actor_username === 'redaktion')).toBe(true);
    expect((audit[2]!.before as ServiceContent).shortText.de).toBe('Einen Stand auf dem Markt anmelden.');
    expect((audit[2]!.after as ServiceContent).shortText.de).toBe('Marktstand anmelden (neu).');
  });

  it('refuses a stale draft and a publish without a draft', async () => {
    const editor = await t.login('coordinator');
    const created = (
      await editor.post('/api/catalog/editor/services', { content: newService('stale-test') })
    ).json();
    const first = await editor.put(`/api/catalog/editor/services/${created.id}/draft`, {
      content: newService('stale-test'),
      baseRevision: 1,
    });
    expect(first.statusCode).toBe(200);
    const second = await editor.put(`/api/catalog/editor/services/${created.id}/draft`, {
      content: newService('stale-test'),
      baseRevision: 1,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('CATALOG_DRAFT_STALE');
    const published = await editor.post(`/api/catalog/editor/services/${created.id}/publish`, {
      draftRevision: 2,
    });
    expect(published.statusCode).toBe(200);
    const again = await editor.post(`/api/catalog/editor/services/${created.id}/publish`, {
      draftRevision: 3,
    });
    expect(again.json().code).toBe('CATALOG_NO_DRAFT');
  });

  it('checks a description with the same rules as the editor: LeiKa key, fees that add up, slug', async () => {
    const editor = await t.login('coordinator');
    const bad = newService('kaputt', {
      leikaKey: '9900800101200',
      fees: {
        rules: [
          {
            kind: 'by_age',
            bands: [
              { maxAge: 18, amountCents: 1000 },
              { minAge: 24, amountCents: 2000 },
            ],
          },
        ],
      },
      channels: [],
    });
    const res = await editor.post('/api/catalog/editor/services', { content: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CATALOG_SERVICE_INVALID');
    const byPath = Object.fromEntries(
      res.json().errors.map((e: { path: string; message: string }) => [e.path, e.message]),
    );
    expect(byPath['/content/leikaKey']).toMatch(/14 Ziffern/);
    expect(byPath['/content/channels']).toMatch(/mindestens einen Weg/);
    expect(Object.keys(byPath).some((p) => p.startsWith('/content/fees/rules/0/bands'))).toBe(true);

    const taken = await editor.post('/api/catalog/editor/services', {
      content: newService('personalausweis-beantragen'),
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'CATALOG_SLUG_TAKEN' });

    const unknown = await editor.post('/api/catalog/editor/services', {
      content: { ...newService('extra-feld'), geheim: true },
    });
    expect(unknown.json().code).toBe('VALIDATION_FAILED');
    expect(unknown.json().errors[0].path).toBe('/content/geheim');
  });

  it('takes appointment lengths per kind of place and per location, for locations of the authority only', async () => {
    const editor = await t.login('coordinator');
    const unknownLocation = '01900000-0000-7000-8000-0000000009ff';
    const bad = await editor.post('/api/catalog/editor/services', {
      content: newService('dauer-test', {
        duration: { defaultMinutes: 15, byLocation: { [unknownLocation]: 25 } },
      }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({
      path: `/content/duration/byLocation/${unknownLocation}`,
      code: 'location_id',
    });
    const created = await editor.post('/api/catalog/editor/services', {
      content: newService('dauer-test', {
        duration: {
          defaultMinutes: 15,
          byPlaceKind: { home: 30 },
          byLocation: { [DEMO.locations.gemeindeamtSchoenberg]: 20 },
        },
      }),
    });
    expect(created.statusCode).toBe(201);
    await editor.post(`/api/catalog/editor/services/${created.json().id}/publish`, { draftRevision: 1 });
    const summary = await getPublishedServiceBySlug(t.db, 'dauer-test');
    expect(durationAt(summary!.duration, 'village_hall', DEMO.locations.gemeindeamtSchoenberg)).toBe(20);
    expect(durationAt(summary!.duration, 'home')).toBe(30);
    expect(durationAt(summary!.duration, 'town_hall', DEMO.locations.rathausMeerane)).toBe(15);
  });

  it('lets only coordinators edit, and only their own authority’s services', async () => {
    const clerk = await t.login('clerk');
    expect(
      (await clerk.post('/api/catalog/editor/services', { content: newService('clerk-darf-nicht') }))
        .statusCode,
    ).toBe(403);
    const other = '01900000-0000-7000-8000-0000000000f1';
    await t.db
      .insertInto('authorities')
      .values({
        id: other,
        authority_id: other,
        name: 'Andere Behörde (Test)',
        short_name: 'Andere',
        kind: 'municipality',
        ags: null,
        ars: null,
        street: 'Teststraße 1',
        postal_code: '01234',
        city: 'Teststadt',
        phone: null,
        email: null,
        website: null,
      })
      .execute();
    const foreign = await t.login('coordinator', { authorityId: other });
    const res = await foreign.get(
      `/api/catalog/editor/services/${SERVICE_IDS['personalausweis-beantragen']}`,
    );
    expect(res.statusCode).toBe(404);
    expect((await foreign.get('/api/catalog/editor/services')).json().services).toEqual([]);
  });

  it('adds editor synonyms that the search uses at once, and removes them again', async () => {
    const editor = await t.login('coordinator');
    const id = SERVICE_IDS.lebensbescheinigung;
    const before = (await t.anonymous().get('/api/catalog/search?q=Rentennachweis%20Ausland')).json().results;
    expect(before[0]?.slug).not.toBe('lebensbescheinigung');
    const added = await editor.post(`/api/catalog/editor/services/${id}/synonyms`, {
      term: 'Rentennachweis Ausland',
    });
    expect(added.statusCode).toBe(201);
    const after = (await t.anonymous().get('/api/catalog/search?q=rentennachweis%20ausland')).json().results;
    expect(after[0].slug).toBe('lebensbescheinigung');
    const dup = await editor.post(`/api/catalog/editor/services/${id}/synonyms`, {
      term: 'rentennachweis  ausland',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('CATALOG_SYNONYM_EXISTS');
    expect((await editor.delete(`/api/catalog/editor/synonyms/${added.json().id}`)).statusCode).toBe(204);
    const gone = (await t.anonymous().get('/api/catalog/search?q=rentennachweis%20ausland')).json().results;
    expect(gone[0]?.slug).not.toBe('lebensbescheinigung');
    expect((await auditRows(added.json().id)).map((a) => a.action)).toEqual([
      'catalog.synonym.add',
      'catalog.synonym.remove',
    ]);
  });
});

describe('import and export (#3)', () => {
  it('names every broken entry and imports nothing when one is broken', async () => {
    const editor = await t.login('coordinator');
    const before = await t.db.selectFrom('catalog_services').select('id').execute();
    const res = await editor.post('/api/catalog/editor/import', {
      format: 'buergerkoffer.catalog',
      formatVersion: 1,
      publish: true,
      services: [
        { content: newService('import-gut-1') },
        { content: newService('import-kaputt', { leikaKey: '123' }) },
        { content: { slug: 'nur-ein-slug' } },
        { content: newService('import-gut-1') },
      ],
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('CATALOG_IMPORT_INVALID');
    expect(body.detail).toContain('(3)');
    expect(body.entries.map((e: { entry: number }) => e.entry)).toEqual([2, 3, 4]);
    expect(body.entries[0].errors[0]).toMatchObject({
      path: '/services/1/content/leikaKey',
      code: 'leika_format',
    });
    expect(body.entries[1].errors.map((e: { code: string }) => e.code)).toContain('required');
    expect(body.entries[2].errors[0].message).toMatch(/Eintrag 1/);
    expect((await t.db.selectFrom('catalog_services').select('id').execute()).length).toBe(before.length);
  });

  it('round-trips the catalogue through JSON and lists it as CSV', async () => {
    const editor = await t.login('coordinator');
    const exported = await editor.get('/api/catalog/editor/export.json');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment; filename="leistungskatalog-/);
    const data = exported.json();
    expect(data.format).toBe('buergerkoffer.catalog');
    expect(data.services.length).toBeGreaterThanOrEqual(29);
    const reimport = await editor.post('/api/catalog/editor/import', { ...data, publish: true });
    expect(reimport.statusCode).toBe(200);
    expect(reimport.json()).toMatchObject({
      created: 0,
      updated: 0,
      published: 0,
      unchanged: data.services.length,
    });

    const fresh = await editor.post('/api/catalog/editor/import', {
      format: 'buergerkoffer.catalog',
      formatVersion: 1,
      publish: true,
      services: [
        {
          content: newService('import-neu', { name: { de: '=SUMME(A1)', en: 'Formula' } }),
          synonyms: ['Marktplatz'],
        },
      ],
    });
    expect(fresh.json()).toMatchObject({ created: 1, published: 1 });
    expect((await t.anonymous().get('/api/catalog/search?q=marktplatz')).json().results[0].slug).toBe(
      'import-neu',
    );

    const csv = await editor.get('/api/catalog/editor/export.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'id;slug;leika_key;name_de;name_en;short_text_de;short_text_en;channels;fee;personal_appearance;duration_minutes;form_key;version',
    );
    expect(lines.find((l: string) => l.includes('personalausweis-beantragen'))).toContain('46,00');
    expect(lines.find((l: string) => l.includes('import-neu'))).toContain(";'=SUMME(A1);");
  });
});
