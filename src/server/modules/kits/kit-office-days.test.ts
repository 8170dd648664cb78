import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { freeWorkingDay } from '../booking/test-support';
import { DEMO } from '../places/demo-ids';
import { enrolTestKit, type TestKit } from './test-support';

let t: TestApp;
let coordinator: Agent;
let kit: TestKit;
let otherKitId: string;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator');
  kit = await enrolTestKit(coordinator, await t.login('clerk'), {
    municipalityIds: [DEMO.municipalitySchoenberg],
    locationIds: [DEMO.locations.koethel],
  });
  const other = await coordinator.post('/api/kits', {
    name: 'Anderer Koffer',
    municipalityIds: [DEMO.municipalitySchoenberg],
    locationIds: [DEMO.locations.koethel],
  });
  otherKitId = other.json().kit.id;
});
afterAll(async () => t?.close());

async function plan(locationId: string, date: string, kitId: string | null) {
  const res = await coordinator.post('/api/schedule/office-days', {
    locationId,
    date,
    startTime: '07:00',
    endTime: '08:00',
    desks: 1,
    kitId,
    allowOverlap: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().created[0].id as string;
}

describe('the office days a kit prepares (#10)', () => {
  it('are those assigned to it and those without a kit at its places, never another kit’s', async () => {
    const unassigned = await plan(DEMO.locations.koethel, freeWorkingDay(1), null);
    const others = await plan(DEMO.locations.koethel, freeWorkingDay(1, 1), otherKitId);
    const mine = await plan(DEMO.locations.tettau, freeWorkingDay(1, 2), kit.kitId);
    const listed = (await kit.request('GET', '/api/kit/office-days'))
      .json()
      .officeDays.map((d: { id: string }) => d.id);
    expect(listed).toContain(unassigned);
    expect(listed).toContain(mine);
    expect(listed).not.toContain(others);
    expect((await kit.request('GET', `/api/kit/day?officeDayId=${mine}`)).statusCode).toBe(200);
    const refused = await kit.request('GET', `/api/kit/day?officeDayId=${others}`);
    expect(refused.json().code).toBe('KIT_OFFICE_DAY_NOT_SERVED');
  });
});
