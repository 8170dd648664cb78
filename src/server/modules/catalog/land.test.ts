import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContent } from '../../../core/catalog/content';
import { overriddenFields } from '../../../core/catalog/land';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { SYSTEM_ACTOR } from '../audit/service';
import { deleteAuthority, exportAuthority } from '../operations/offboarding';
import { DEMO } from '../places/demo-ids';
import { SERVICE_IDS } from './demo-ids';
import { LAND_SERVICE_IDS, seedLandCatalog } from './land-seed';

/**
 * The Land catalogue (#12, ADR 30) through its API: the operator publishes, every adopting
 * authority finds the change in its draft queue, its admin accepts or keeps; local overrides are
 * never overwritten; fees stay within the law's frame. Attacked by a clerk, an admin of another
 * authority and an operator writing local texts.
 */
let t: TestApp;
let operator: Agent;
let admin: Agent;
let coordinator: Agent;
let clerk: Agent;
let otherAdmin: Agent;
const OTHER = '01900000-0000-7000-8000-0000000000f2';

const FZ = 'fuehrungszeugnis-beantragen' as const;
const PA = 'personalausweis-beantragen' as const;

beforeAll(async () => {
  t = await createTestApp();
  await t.db
    .insertInto('authorities')
    .values({
      id: OTHER,
      authority_id: OTHER,
      slug: 'testtal',
      name: 'Verwaltungsverband Testtal (fiktiv)',
      short_name: 'Testtal',
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
  operator = await t.login('operator');
  admin = await t.login('admin');
  coordinator = await t.login('coordinator');
  clerk = await t.login('clerk');
  otherAdmin = await t.login('admin', { authorityId: OTHER });
}, 120_000);
afterAll(async () => t?.close());

async function land(slug: keyof typeof LAND_SERVICE_IDS) {
  const res = await operator.get(`/api/operator/land-services/${LAND_SERVICE_IDS[slug]}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { version: number; content: ServiceContent; feeFrame: unknown };
}

async function publishLand(
  slug: keyof typeof LAND_SERVICE_IDS,
  change: Partial<ServiceContent>,
  note = 'Test',
) {
  const current = await land(slug);
  return operator.post(`/api/operator/land-services/${LAND_SERVICE_IDS[slug]}/versions`, {
    content: { ...current.content, ...change },
    feeFrame: current.feeFrame,
    changeNote: note,
    baseVersion: current.version,
  });
}

async function localPublished(serviceId: string): Promise<ServiceContent> {
  const res = await coordinator.get(`/api/catalog/editor/services/${serviceId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().published.content;
}

async function editLocal(serviceId: string, change: Partial<ServiceContent>) {
  const res = await coordinator.get(`/api/catalog/editor/services/${serviceId}`);
  const svc = res.json();
  const base = svc.draft ?? svc.published.content;
  const saved = await coordinator.put(`/api/catalog/editor/services/${serviceId}/draft`, {
    content: { ...base, ...change },
    baseRevision: svc.draftRevision,
  });
  if (saved.statusCode !== 200) return saved;
  return coordinator.post(`/api/catalog/editor/services/${serviceId}/publish`, {
    draftRevision: saved.json().draftRevision,
  });
}

async function openReviewFor(agent: Agent, serviceId: string) {
  const res = await agent.get('/api/catalog/land/reviews');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().reviews as { id: string; serviceId: string; toVersion: number }[]).find(
    (r) => r.serviceId === serviceId,
  );
}

describe('the seeded Land catalogue', () => {
  it("makes each of Meerane's services an adoption of a Land service at version 1, without overrides", async () => {
    const res = await admin.get('/api/catalog/land');
    expect(res.statusCode).toBe(200);
    const services = res.json().services as {
      id: string;
      adoption: { serviceId: string; adoptedVersion: number };
    }[];
    for (const [slug, id] of Object.entries(SERVICE_IDS)) {
      const entry = services.find((s) => s.id === LAND_SERVICE_IDS[slug as keyof typeof SERVICE_IDS]);
      expect(entry?.adoption, slug).toMatchObject({ serviceId: id, adoptedVersion: 1 });
    }
    const pa = await land(PA);
    expect(pa.feeFrame).toEqual({ kind: 'fixed' });
    expect(overriddenFields(await localPublished(SERVICE_IDS[PA]), pa.content)).toEqual([]);
  });

  it('is idempotent: seeding again adds and changes nothing', async () => {
    const count = async () => ({
      land: (await t.db.selectFrom('catalog_land_services').select('id').execute()).length,
      versions: (await t.db.selectFrom('catalog_land_versions').select('version').execute()).length,
      adoptions: (await t.db.selectFrom('catalog_land_adoptions').select('service_id').execute()).length,
    });
    const before = await count();
    await seedLandCatalog(t.db);
    expect(await count()).toEqual(before);
  });
});

describe('a new Land version', () => {
  it('lands in the draft queue with the diff, changes nothing local until accepted, then keeps the local override', async () => {
    const serviceId = SERVICE_IDS[FZ];
    // Meerane overrides one Land field (processing time) and its local notes.
    expect(
      (await editLocal(serviceId, { processingTime: 'Bei uns: etwa 10 Tage', notes: 'Nur vormittags' }))
        .statusCode,
    ).toBe(200);
    const before = await localPublished(serviceId);

    const published = await publishLand(FZ, {
      description: 'Neue Landesbeschreibung des Führungszeugnisses.',
      processingTime: 'Etwa 2 Wochen (Land)',
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ version: 2, reviewsQueued: 1 });

    // Nothing local changed: the portal still shows the old text.
    const portal = await t.anonymous().get(`/meerane/api/catalog/services/${before.slug}`);
    expect(portal.json().content.description).toBe(before.description);

    const item = await openReviewFor(admin, serviceId);
    expect(item).toMatchObject({ toVersion: 2 });
    const detail = (await admin.get(`/api/catalog/land/reviews/${item!.id}`)).json();
    expect(detail.changes).toEqual([
      expect.objectContaining({
        field: 'description',
        before: before.description,
        after: 'Neue Landesbeschreibung des Führungszeugnisses.',
        overridden: false,
        onAccept: 'take_land',
      }),
      expect.objectContaining({
        field: 'processingTime',
        local: 'Bei uns: etwa 10 Tage',
        after: 'Etwa 2 Wochen (Land)',
        overridden: true,
        onAccept: 'keep_local',
      }),
    ]);
    expect(detail.changeNotes).toEqual([{ version: 2, note: 'Test' }]);

    const accepted = await admin.post(`/api/catalog/land/reviews/${item!.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const after = (await t.anonymous().get(`/meerane/api/catalog/services/${before.slug}`)).json().content;
    expect(after.description).toBe('Neue Landesbeschreibung des Führungszeugnisses.');
    expect(after.processingTime).toBe('Bei uns: etwa 10 Tage');
    expect(after.notes).toBe('Nur vormittags');
    expect(await openReviewFor(admin, serviceId)).toBeUndefined();
    // The local editor says what the service follows and what it overrides.
    const editor = (await coordinator.get(`/api/catalog/editor/services/${serviceId}`)).json();
    expect(editor.land).toMatchObject({
      landServiceId: LAND_SERVICE_IDS[FZ],
      adoptedVersion: 2,
      currentVersion: 2,
      openReviewId: null,
      feeFrame: { kind: 'fixed' },
      overridden: ['processingTime'],
    });

    const again = await admin.post(`/api/catalog/land/reviews/${item!.id}/accept`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CATALOG_LAND_REVIEW_DECIDED');

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_username'])
      .where('action', 'in', ['catalog.land.publish', 'catalog.land.review_accept'])
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['catalog.land.publish', 'catalog.land.review_accept']),
    );
  });

  it('keeps the local text when the admin says so, and moves one open item forward over several versions', async () => {
    const serviceId = SERVICE_IDS['lebensbescheinigung'];
    const before = await localPublished(serviceId);
    expect((await publishLand('lebensbescheinigung', { deadlines: 'Frist A' })).statusCode).toBe(200);
    expect((await publishLand('lebensbescheinigung', { deadlines: 'Frist B' })).statusCode).toBe(200);
    const reviews = (
      (await admin.get('/api/catalog/land/reviews')).json().reviews as { serviceId: string }[]
    ).filter((r) => r.serviceId === serviceId);
    expect(reviews).toHaveLength(1);
    const item = await openReviewFor(admin, serviceId);
    expect(item).toMatchObject({ fromVersion: 1, toVersion: 3 });
    const kept = await admin.post(`/api/catalog/land/reviews/${item!.id}/keep`);
    expect(kept.json()).toEqual({ status: 'kept', publishedVersion: expect.any(Number) });
    expect(await localPublished(serviceId)).toEqual(before);
    const row = await t.db
      .selectFrom('catalog_land_adoptions')
      .select('adopted_version')
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(row.adopted_version).toBe(3);
  });

  it('refuses a stale base version, an unchanged text, an inverted frame and unknown fields', async () => {
    const current = await land('beglaubigung');
    const url = `/api/operator/land-services/${LAND_SERVICE_IDS.beglaubigung}/versions`;
    const body = { content: current.content, feeFrame: current.feeFrame, baseVersion: current.version };
    expect((await operator.post(url, { ...body, baseVersion: current.version + 5 })).json().code).toBe(
      'CATALOG_LAND_STALE',
    );
    expect((await operator.post(url, body)).json().code).toBe('CATALOG_LAND_UNCHANGED');
    const inverted = await operator.post(url, {
      ...body,
      feeFrame: { kind: 'range', minCents: 900, maxCents: 100 },
    });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().code).toBe('CATALOG_LAND_FRAME_INVALID');
    expect((await operator.post(url, { ...body, authorityId: DEMO.authorityMeerane })).statusCode).toBe(400);
    expect((await land('beglaubigung')).version).toBe(current.version);
  });
});

describe('local fees within the law', () => {
  it('refuses a local Personalausweis fee (fixed by PAuswGebV) but allows a local fee text', async () => {
    const serviceId = SERVICE_IDS[PA];
    const local = await localPublished(serviceId);
    const cheaper = await editLocal(serviceId, {
      fees: { ...local.fees, rules: [{ kind: 'fixed', amountCents: 100 }] },
    });
    expect(cheaper.statusCode).toBe(400);
    expect(cheaper.json().code).toBe('CATALOG_LAND_FEE_FIXED');
    expect(cheaper.json().errors[0].path).toBe('/content/fees');
    const text = await editLocal(serviceId, {
      fees: { ...local.fees, note: { de: 'Zahlbar bar oder mit Karte.', en: 'Pay by cash or card.' } },
    });
    expect(text.statusCode, text.body).toBe(200);
  });

  it('checks a local fee against a range the Land sets', async () => {
    const current = await land('beglaubigung');
    const content = {
      ...current.content,
      fees: { rules: [{ kind: 'per_unit' as const, unit: 'document' as const, amountCents: 500 }] },
    };
    const res = await operator.post(`/api/operator/land-services/${LAND_SERVICE_IDS.beglaubigung}/versions`, {
      content,
      feeFrame: { kind: 'range', minCents: 200, maxCents: 1500 },
      baseVersion: current.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const item = await openReviewFor(admin, SERVICE_IDS.beglaubigung);
    expect((await admin.post(`/api/catalog/land/reviews/${item!.id}/accept`)).statusCode).toBe(200);
    const local = await localPublished(SERVICE_IDS.beglaubigung);
    const fee = (cents: number) => ({
      ...local.fees,
      rules: [{ kind: 'per_unit', unit: 'document', amountCents: cents }],
    });
    const tooHigh = await editLocal(SERVICE_IDS.beglaubigung, { fees: fee(2000) as ServiceContent['fees'] });
    expect(tooHigh.json()).toMatchObject({ code: 'CATALOG_LAND_FEE_OUTSIDE_FRAME', status: 400 });
    expect(
      (await editLocal(SERVICE_IDS.beglaubigung, { fees: fee(800) as ServiceContent['fees'] })).statusCode,
    ).toBe(200);
  });
});

describe('adoption by another authority', () => {
  it('adopts under its own address, once, and gets its own queue item on the next Land version', async () => {
    const adopt = await otherAdmin.post('/api/catalog/land/adoptions', {
      landServiceId: LAND_SERVICE_IDS[PA],
      contact: { unit: 'Bürgeramt Testtal', phone: '01234 5678', email: null, note: null },
    });
    expect(adopt.statusCode, adopt.body).toBe(201);
    const { serviceId, slug } = adopt.json();
    // Addresses are per authority (ADR 27): the Land's address, on the authority's own portal.
    expect(slug).toBe('personalausweis-beantragen');
    const page = await t.anonymous().get(`/testtal/api/catalog/services/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().authorityId).toBe(OTHER);
    expect(page.json().content.contact.unit).toBe('Bürgeramt Testtal');

    // A double click: two adoptions at once make one service, the other answers 409.
    const both = await Promise.all(
      [1, 2].map(() =>
        otherAdmin.post('/api/catalog/land/adoptions', { landServiceId: LAND_SERVICE_IDS.beglaubigung }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const adopted = await t.db
      .selectFrom('catalog_land_adoptions')
      .select('service_id')
      .where('authority_id', '=', OTHER)
      .where('land_service_id', '=', LAND_SERVICE_IDS.beglaubigung)
      .execute();
    expect(adopted).toHaveLength(1);

    const twice = await otherAdmin.post('/api/catalog/land/adoptions', {
      landServiceId: LAND_SERVICE_IDS[PA],
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('CATALOG_LAND_ALREADY_ADOPTED');

    const res = await publishLand(PA, { deadlines: 'Neue Frist für alle' });
    expect(res.json().reviewsQueued).toBe(2);
    expect(await openReviewFor(otherAdmin, serviceId)).toBeDefined();
    expect(await openReviewFor(admin, SERVICE_IDS[PA])).toBeDefined();
    // each admin sees only its own authority's items
    const theirs = (await otherAdmin.get('/api/catalog/land/reviews')).json().reviews as {
      serviceId: string;
    }[];
    expect(theirs.map((r) => r.serviceId)).toEqual([serviceId]);
  });
});

describe('attacks on the Land catalogue', () => {
  it('refuses a clerk and a coordinator every admin and operator route', async () => {
    const item = await openReviewFor(admin, SERVICE_IDS[PA]);
    for (const agent of [clerk, coordinator]) {
      expect((await agent.get('/api/catalog/land')).statusCode).toBe(403);
      expect((await agent.get('/api/catalog/land/reviews')).statusCode).toBe(403);
      expect((await agent.post(`/api/catalog/land/reviews/${item!.id}/accept`)).statusCode).toBe(403);
      expect(
        (await agent.post('/api/catalog/land/adoptions', { landServiceId: LAND_SERVICE_IDS.fundsache }))
          .statusCode,
      ).toBe(403);
      expect((await agent.get('/api/operator/land-services')).statusCode).toBe(403);
    }
    expect((await t.anonymous().get('/api/catalog/land/reviews')).statusCode).toBe(401);
    expect(await openReviewFor(admin, SERVICE_IDS[PA])).toMatchObject({ id: item!.id });
  });

  it("lets no admin of another authority read or decide Meerane's queue items", async () => {
    const item = await openReviewFor(admin, SERVICE_IDS[PA]);
    expect((await otherAdmin.get(`/api/catalog/land/reviews/${item!.id}`)).statusCode).toBe(404);
    for (const d of ['accept', 'keep']) {
      const res = await otherAdmin.post(`/api/catalog/land/reviews/${item!.id}/${d}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('CATALOG_LAND_REVIEW_NOT_FOUND');
    }
    expect(await openReviewFor(admin, SERVICE_IDS[PA])).toMatchObject({ id: item!.id });
    // …nor publish Land texts
    const current = await land(PA);
    const res = await otherAdmin.post(`/api/operator/land-services/${LAND_SERVICE_IDS[PA]}/versions`, {
      content: { ...current.content, description: 'Gekapert' },
      feeFrame: current.feeFrame,
      baseVersion: current.version,
    });
    expect(res.statusCode).toBe(403);
  });

  it('lets an operator write no local text: no adoption, no decision, no local edit', async () => {
    const item = await openReviewFor(admin, SERVICE_IDS[PA]);
    expect((await operator.post(`/api/catalog/land/reviews/${item!.id}/accept`)).statusCode).toBe(403);
    expect(
      (await operator.post('/api/catalog/land/adoptions', { landServiceId: LAND_SERVICE_IDS.fundsache }))
        .statusCode,
    ).toBe(403);
    const local = await localPublished(SERVICE_IDS[PA]);
    const edit = await operator.put(`/api/catalog/editor/services/${SERVICE_IDS[PA]}/draft`, {
      content: { ...local, notes: 'vom Betreiber' },
      baseRevision: 0,
    });
    expect(edit.statusCode).toBe(403);
    const refused = await t.db
      .selectFrom('audit_log')
      .select('result')
      .where('action', '=', 'catalog.land.review_accept')
      .where('actor_username', '=', operator.username)
      .execute();
    expect(refused.map((r) => r.result)).toContain('denied');
  });
});

describe('the Land catalogue in the database', () => {
  it('keeps published Land versions as they were, even for someone with write access', async () => {
    await expect(
      sql`update catalog_land_versions set content = '{}'::jsonb where land_service_id = ${LAND_SERVICE_IDS[PA]}`.execute(
        t.db,
      ),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`delete from catalog_land_versions where land_service_id = ${LAND_SERVICE_IDS[PA]}`.execute(t.db),
    ).rejects.toThrow(/immutable/);
  });

  it("takes an offboarded authority's adoptions and queue items with it and leaves the Land catalogue", async () => {
    const count = (table: 'catalog_land_adoptions' | 'catalog_land_reviews', authorityId: string) =>
      t.db.selectFrom(table).select('service_id').where('authority_id', '=', authorityId).execute();
    expect((await count('catalog_land_adoptions', OTHER)).length).toBe(2);
    const actor = { ...SYSTEM_ACTOR, reason: 'Test: Abgang' };
    await t.db
      .updateTable('authorities')
      .set({ status: 'suspended', status_changed_at: new Date(Date.now() - 1000) })
      .where('id', '=', OTHER)
      .execute();
    await exportAuthority(t.db, actor, OTHER, t.config.dataDir);
    const slug = (
      await t.db.selectFrom('authorities').select('slug').where('id', '=', OTHER).executeTakeFirstOrThrow()
    ).slug;
    await deleteAuthority(t.db, actor, OTHER, slug, t.config.dataDir);
    expect(await count('catalog_land_adoptions', OTHER)).toEqual([]);
    expect(await count('catalog_land_reviews', OTHER)).toEqual([]);
    expect((await land(PA)).version).toBeGreaterThan(1);
    expect((await count('catalog_land_adoptions', DEMO.authorityMeerane)).length).toBe(
      Object.keys(SERVICE_IDS).length,
    );
  });
});
