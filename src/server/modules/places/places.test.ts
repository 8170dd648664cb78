import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from './demo-ids';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const newLocation = {
  municipalityId: DEMO.municipalitySchoenberg,
  villageId: DEMO.villages.tettau,
  name: 'Gasthof Tettau (Demo)',
  slug: 'gasthof-tettau',
  kind: 'other',
  street: 'Dorfstraße 5',
  postalCode: '08393',
  city: 'Schönberg OT Tettau',
  stepFree: true,
};

describe('places', () => {
  it('lists the municipalities of the Verwaltungsgemeinschaft with their official keys and villages', async () => {
    const res = await t.anonymous().get('/api/places/municipalities');
    expect(res.statusCode).toBe(200);
    const ms = res.json().municipalities;
    const schoenberg = ms.find((m: { ags: string }) => m.ags === '14524270');
    expect(schoenberg.name).toBe('Gemeinde Schönberg');
    expect(
      schoenberg.villages
        .filter((v: { kind: string }) => v.kind === 'ortsteil')
        .map((v: { name: string }) => v.name)
        .sort(),
    ).toEqual(['Köthel', 'Pfaffroda', 'Schönberg', 'Tettau']);
    expect(ms.find((m: { ags: string }) => m.ags === '14524190').name).toBe('Stadt Meerane');
  });

  it('shows locations with address, coordinates and step-free access to everyone', async () => {
    const res = await t.anonymous().get('/api/places/locations/gemeindeamt-schoenberg');
    expect(res.json()).toMatchObject({ street: 'Hauptstraße 51', postalCode: '08393', stepFree: false });
  });

  it('lets a coordinator add and change a location, audited with before and after', async () => {
    const coordinator = await t.login('coordinator');
    const created = await coordinator.post('/api/places/locations', newLocation);
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const changed = await coordinator.patch(`/api/places/locations/${id}`, {
      stepFree: false,
      accessibilityNotes: 'Saal im Obergeschoss',
    });
    expect(changed.json()).toMatchObject({ stepFree: false, accessibilityNotes: 'Saal im Obergeschoss' });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('resource_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['location.create', 'location.update']);
    expect((audit[1]!.before as { stepFree: boolean }).stepFree).toBe(true);
    expect((audit[1]!.after as { stepFree: boolean }).stepFree).toBe(false);
  });

  it('refuses a duplicate slug, an unknown municipality and a clerk', async () => {
    const coordinator = await t.login('coordinator');
    const dup = await coordinator.post('/api/places/locations', { ...newLocation, slug: 'rathaus-meerane' });
    expect(dup.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ path: '/slug' })],
    });
    const unknown = await coordinator.post('/api/places/locations', {
      ...newLocation,
      slug: 'irgendwo',
      municipalityId: '01900000-0000-7000-8000-00000000ffff',
    });
    expect(unknown.json().errors[0].path).toBe('/municipalityId');
    const badPostcode = await coordinator.post('/api/places/locations', {
      ...newLocation,
      slug: 'plz',
      postalCode: '8393',
    });
    expect(badPostcode.json().errors[0].path).toBe('/postalCode');
    const clerk = await t.login('clerk');
    expect(
      (await clerk.post('/api/places/locations', { ...newLocation, slug: 'clerk-versuch' })).statusCode,
    ).toBe(403);
  });
});
