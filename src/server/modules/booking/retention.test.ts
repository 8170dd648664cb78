import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { solvedChallenge } from '../antibot/test-support';
import { DEMO } from '../places/demo-ids';
import { applyHomeVisitRetention } from '../schedule/retention';
import { applyBookingRetention } from './retention';
import { at, contact, freeWorkingDay, PA, type PlannedDay, planDay } from './test-support';

/**
 * Retention (DESIGN.md §6): after its period an appointment loses who it was and keeps what the
 * figures need; waiting-list entries go; demand signals and home visits lose their contacts.
 * Nothing is touched before the period ends, and a run is on record without names.
 */
let t: TestApp;
let coordinator: Agent;
let citizen: Agent;
let day: PlannedDay;
let appointmentId: string;
let homeVisitId: string;
const DAY_MS = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator');
  citizen = t.anonymous();
  day = await planDay(t, coordinator, { date: freeWorkingDay(4, 7), desks: 1 });
  const hotline = await t.login('hotline');
  const booked = await hotline.post('/api/booking/staff/appointments', {
    officeDayId: day.id,
    startsAt: at(day.date, '09:30'),
    serviceIds: [PA],
    contact: contact('Frieda Frist (fiktiv)'),
    note: 'Kommt mit Rollstuhl',
  });
  expect(booked.statusCode).toBe(201);
  appointmentId = booked.json().id;
  expect(
    (
      await citizen.post('/api/booking/waitlist', {
        officeDayId: day.id,
        serviceIds: [PA],
        email: 'warteliste.frist@example.org',
      })
    ).statusCode,
  ).toBe(201);
  expect(
    (
      await citizen.post(
        '/api/booking/demand',
        {
          villageId: DEMO.villages.oberdorf,
          serviceIds: [PA],
          email: 'bedarf.frist@example.org',
          note: 'Bitte auch samstags',
        },
        await solvedChallenge(citizen),
      )
    ).statusCode,
  ).toBe(201);
  const visit = await citizen.post('/api/schedule/home-visits', {
    serviceIds: [PA],
    requesterKind: 'relative',
    requesterName: 'Hans Frist (fiktiv)',
    personName: 'Frieda Frist (fiktiv)',
    street: 'Fristweg 1',
    postalCode: '08393',
    city: 'Schönberg',
    villageId: DEMO.villages.pfaffroda,
    email: 'hausbesuch.frist@example.org',
    reason: 'Bettlägerig nach einer Operation',
  });
  expect(visit.statusCode).toBe(201);
  homeVisitId = visit.json().id;
  const declined = await coordinator.post(`/api/schedule/home-visits/${homeVisitId}/close`, {
    status: 'declined',
    note: 'Frau Frist kommt doch ins Rathaus',
  });
  expect(declined.statusCode).toBe(200);
});
afterAll(async () => t?.close());

function appointment() {
  return t.db
    .selectFrom('appointments')
    .selectAll()
    .where('id', '=', appointmentId)
    .executeTakeFirstOrThrow();
}

describe('retention of booking data', () => {
  it('keeps everything while the period runs', async () => {
    const dayAfter = new Date(new Date(day.endsAt).getTime() + DAY_MS);
    await applyBookingRetention(t.db, 90, dayAfter);
    expect(await applyHomeVisitRetention(t.db, 90, new Date())).toBe(0);
    const a = await appointment();
    expect(a.name).toBe('Frieda Frist (fiktiv)');
    expect(a.anonymised_at).toBeNull();
    expect(
      await t.db.selectFrom('waitlist_entries').select('id').where('office_day_id', '=', day.id).execute(),
    ).toHaveLength(1);
  });

  it('removes name, contact and note after the period, keeps the figures and records the run', async () => {
    const later = new Date(new Date(day.endsAt).getTime() + 92 * DAY_MS);
    const before = await appointment();
    const result = await applyBookingRetention(t.db, 90, later);
    expect(result.appointments).toBeGreaterThanOrEqual(1);
    expect(result.waitlistEntries).toBeGreaterThanOrEqual(1);
    expect(result.demandSignals).toBeGreaterThanOrEqual(1);
    const a = await appointment();
    expect(a).toMatchObject({ name: null, email: null, phone: null, contact_key: null, note: null });
    expect(a.anonymised_at).not.toBeNull();
    // What the evaluation needs stays.
    expect(a).toMatchObject({
      status: before.status,
      service_ids: before.service_ids,
      channel: before.channel,
      service_date: before.service_date,
    });
    expect(a.starts_at.getTime()).toBe(before.starts_at.getTime());
    expect(
      await t.db.selectFrom('waitlist_entries').select('id').where('office_day_id', '=', day.id).execute(),
    ).toHaveLength(0);
    const demand = await t.db
      .selectFrom('demand_signals')
      .selectAll()
      .where('village_id', '=', DEMO.villages.oberdorf)
      .execute();
    expect(demand.every((d) => d.email === null && d.note === null)).toBe(true);
    expect(demand.length).toBeGreaterThanOrEqual(1);
    // A second run finds nothing more to do.
    expect(await applyBookingRetention(t.db, 90, later)).toEqual({
      appointments: 0,
      waitlistEntries: 0,
      demandSignals: 0,
    });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'booking.retention')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('Frist');
  });

  it('removes who asked for a home visit, for whom, where and why once its period has passed', async () => {
    const later = new Date(Date.now() + 91 * DAY_MS);
    expect(await applyHomeVisitRetention(t.db, 90, later)).toBeGreaterThanOrEqual(1);
    const v = await t.db
      .selectFrom('home_visits')
      .selectAll()
      .where('id', '=', homeVisitId)
      .executeTakeFirstOrThrow();
    expect(v).toMatchObject({
      requester_name: null,
      person_name: '',
      street: '',
      email: null,
      phone: null,
      reason: '',
      coordinator_note: null,
      status: 'declined',
      requester_kind: 'relative',
      postal_code: '08393',
    });
    expect(v.anonymised_at).not.toBeNull();
    const text = JSON.stringify(
      await t.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'schedule.home_visit_retention')
        .execute(),
    );
    expect(text).not.toContain('Frist');
  });
});
