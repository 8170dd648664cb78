import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { addDays, localDate, zonedDateTimeToInstant } from '../../../core/time';
import { checkTaggedPdf, inReadingOrder } from '../../pdf/tag-check';
import { createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';
import { DIN5008, germanDate } from './letters';
import { deleteExpiredInvitations, MONTHLY_JOB, scheduleMonthlyInvitations } from './service';

/**
 * Invitations before an ID expires (#14), on the demo register: the opt-in, the monthly run that
 * prepares once, the serial letter (tag check, address in the window), roles and tenancy.
 * Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
 */

const A = DEMO.authorityMeerane;
const OTHER = '01900000-0000-7000-8000-00000000c14c';
let t: TestApp;
const today = localDate(new Date());
const expiry = addDays(today, 60);

const P = {
  invited: uuidv7(),
  movedAway: uuidv7(),
  deceased: uuidv7(),
  blocked: uuidv7(),
};

async function person(id: string, family: string, status = 'resident', deceasedOn: string | null = null) {
  await sql`insert into register_persons (id, authority_id, family_name, given_names, birth_date, birth_place, sex,
      nationalities, status, deceased_on, family_name_norm, given_names_norm, search_name, fictitious)
    values (${id}, ${A}, ${family}, 'Ida', '1970-05-05', 'Zwickau', 'female', array['DE'],
      ${status}, ${deceasedOn}, ${family.toLowerCase()}, 'ida', ${` ${family.toLowerCase()}`}, true)`.execute(
    t.db,
  );
}

beforeAll(async () => {
  t = await createTestApp();
  const dwelling = uuidv7();
  await sql`insert into register_dwellings (id, authority_id, municipality_id, village_id, street, house_number, unit,
      postal_code, city, kind, street_norm, house_number_norm, fictitious)
    values (${dwelling}, ${A}, ${DEMO.municipalitySchoenberg}, ${DEMO.villages.tettau}, 'Dorfstraße', '12', null,
      '08393', 'Schönberg OT Tettau', 'standard', 'dorfstrasse', '12', true)`.execute(t.db);
  await person(P.invited, 'Einladungstest');
  await person(P.movedAway, 'Wegzugtest', 'moved_away');
  await person(P.deceased, 'Sterbetest', 'deceased', addDays(today, -10));
  await person(P.blocked, 'Sperrtest');
  for (const [id, movedOut] of [
    [P.invited, null],
    [P.movedAway, addDays(today, -20)],
    [P.deceased, null],
    [P.blocked, null],
  ] as const) {
    await sql`insert into register_residences (id, authority_id, person_id, dwelling_id, kind, moved_in_on, registered_on, moved_out_on)
      values (${uuidv7()}, ${A}, ${id}, ${dwelling}, 'sole', '2010-01-01', '2010-01-01', ${movedOut})`.execute(
      t.db,
    );
    await sql`insert into register_id_documents (id, authority_id, person_id, kind, serial_number, issued_on, valid_until, status)
      values (${uuidv7()}, ${A}, ${id}, 'id_card', 'T22000129', '2016-01-01', ${expiry}, 'valid')`.execute(
      t.db,
    );
  }
  await sql`insert into register_blocks (id, authority_id, person_id, kind, valid_from, valid_until, reason)
    values (${uuidv7()}, ${A}, ${P.blocked}, 'information_block', ${addDays(today, -30)}, null, 'Test')`.execute(
    t.db,
  );
  await sql`insert into authorities (id, authority_id, name, short_name, kind, street, postal_code, city, slug)
    values (${OTHER}, ${OTHER}, 'Gemeinde Anderswo', 'Anderswo', 'municipality', 'Weg 1', '01234', 'Anderswo', 'anderswo-inv')`.execute(
    t.db,
  );
});
afterAll(async () => {
  await t?.close();
});

const invitedPersons = async () =>
  (await t.db.selectFrom('invitations').select('person_id').where('authority_id', '=', A).execute()).map(
    (r) => r.person_id,
  );

describe('invitations before an ID expires (#14)', () => {
  it('is off by default: the monthly run prepares nothing and "prepare now" is refused', async () => {
    const coordinator = await t.login('coordinator');
    const page = await coordinator.get('/api/invitations');
    expect(page.statusCode).toBe(200);
    expect(page.json().settings).toMatchObject({
      enabled: false,
      windowDays: null,
      effectiveWindowDays: 120,
    });
    expect(await scheduleMonthlyInvitations(t.db)).toEqual([]);
    const refused = await coordinator.post('/api/invitations/runs');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('INVITATIONS_DISABLED');
    const preview = await coordinator.get('/api/invitations/preview');
    expect(preview.json()).toMatchObject({ enabled: false });
    expect(preview.json().prepared).toBeGreaterThan(0);
    expect(await invitedPersons()).toEqual([]);
  });

  it('lets only an admin switch it on, audited with before and after', async () => {
    const coordinator = await t.login('coordinator');
    expect(
      (await coordinator.put('/api/invitations/settings', { enabled: true, windowDays: null })).statusCode,
    ).toBe(403);
    const admin = await t.login('admin');
    const bad = await admin.put('/api/invitations/settings', { enabled: true, windowDays: 5 });
    expect(bad.statusCode).toBe(400);
    const extra = await admin.put('/api/invitations/settings', {
      enabled: true,
      windowDays: null,
      all: true,
    });
    expect(extra.statusCode).toBe(400);
    const on = await admin.put('/api/invitations/settings', { enabled: true, windowDays: 90 });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({ enabled: true, windowDays: 90, effectiveWindowDays: 90 });
    const reset = await admin.put('/api/invitations/settings', { enabled: true, windowDays: null });
    expect(reset.json()).toMatchObject({ enabled: true, windowDays: null, effectiveWindowDays: 120 });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before', 'after', 'actor_username'])
      .where('action', '=', 'invitation.settings')
      .where('result', '=', 'success')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actor_username).toBe(admin.username);
    expect(audit[0]!.before).toEqual({ enabled: false, windowDays: null });
    expect(audit[0]!.after).toEqual({ enabled: true, windowDays: 90 });
  });

  it('prepares once a month: the job run twice prepares once, and a rerun prepares nothing twice', async () => {
    const coordinator = await t.login('coordinator');
    const preview = (await coordinator.get('/api/invitations/preview')).json();
    expect(preview.enabled).toBe(true);
    expect(preview.prepared).toBeGreaterThan(2);

    expect(await scheduleMonthlyInvitations(t.db)).toEqual([A]);
    expect(await scheduleMonthlyInvitations(t.db)).toEqual([]);
    const jobs = await t.db.selectFrom('jobs').select('id').where('type', '=', MONTHLY_JOB).execute();
    expect(jobs).toHaveLength(1);
    await t.app.jobs.drain();
    await t.app.jobs.drain();

    const runs = await t.db.selectFrom('invitation_runs').selectAll().where('authority_id', '=', A).execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ scheduled: true, month: today.slice(0, 7), prepared: preview.prepared });
    const first = await invitedPersons();
    expect(first).toHaveLength(preview.prepared);

    // The rules, against the register: moved away and deceased never, the blocked person by letter.
    expect(first).toContain(P.invited);
    expect(first).toContain(P.blocked);
    expect(first).not.toContain(P.movedAway);
    expect(first).not.toContain(P.deceased);

    // "Jetzt vorbereiten" in the same month: nothing twice.
    const again = await coordinator.post('/api/invitations/runs');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ prepared: 0, letters: 0, alreadyInvited: preview.prepared });
    expect(await invitedPersons()).toHaveLength(first.length);
    expect((await coordinator.get('/api/invitations/preview')).json().prepared).toBe(0);

    // Every run audited with counts, never names.
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['details', 'subject_person_id', 'actor_username'])
      .where('action', '=', 'invitation.run')
      .where('result', '=', 'success')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.actor_username).sort()).toEqual([coordinator.username, 'system'].sort());
    for (const a of audit) {
      expect(a.subject_person_id).toBeNull();
      const text = JSON.stringify(a.details);
      expect(text).not.toMatch(/Einladungstest|Sperrtest|Dorfstraße/);
      expect(a.details).toHaveProperty('excluded');
    }
    const scheduled = audit.find((a) => a.actor_username === 'system')!.details as Record<string, any>;
    expect(scheduled.prepared).toBe(preview.prepared);
    expect(scheduled.blocked).toBeGreaterThanOrEqual(1);
    expect(scheduled.excluded.not_resident + scheduled.excluded.deceased).toBeGreaterThanOrEqual(2);
  });

  it('prepares even when two runs race (the unique key lets each invitation in once)', async () => {
    const doc = uuidv7();
    await sql`insert into register_id_documents (id, authority_id, person_id, kind, serial_number, issued_on, valid_until, status)
      values (${doc}, ${A}, ${P.invited}, 'passport', 'C01X00T47', '2016-01-01', ${expiry}, 'valid')`.execute(
      t.db,
    );
    const coordinator = await t.login('coordinator');
    const [a, b] = await Promise.all([
      coordinator.post('/api/invitations/runs'),
      coordinator.post('/api/invitations/runs'),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().prepared + b.json().prepared).toBe(1);
    const rows = await t.db
      .selectFrom('invitations')
      .select('id')
      .where('id_document_id', '=', doc)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('prints one letter per sheet, tagged, with the address in the window and the office day', async () => {
    const coordinator = await t.login('coordinator');
    const runs = (await coordinator.get('/api/invitations')).json().runs as {
      id: string;
      letters: number;
      scheduled: boolean;
    }[];
    const run = runs.find((r) => r.scheduled)!;
    const res = await coordinator.get(`/api/invitations/runs/${run.id}/letters.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const bytes = new Uint8Array(res.rawPayload);
    const report = checkTaggedPdf(bytes);
    expect(report.problems).toEqual([]);
    expect(report.lang).toBe('de-DE');
    expect(report.pages).toBe(run.letters);
    expect(report.figures.length).toBe(run.letters);
    expect(report.figures.every((f) => f.alt?.includes('/termin?leistungen='))).toBe(true);
    expect(report.structure).toContain('H1');

    // The letter to Ida Einladungstest: return address, then her address, then the office day.
    const office = await t.db
      .selectFrom('invitations as i')
      .innerJoin('office_days as d', 'd.id', 'i.office_day_id')
      .select(['d.date', 'd.id'])
      .where('i.person_id', '=', P.invited)
      .executeTakeFirstOrThrow();
    const ok = inReadingOrder(report.text, [
      'Stadt Meerane, Lörracher Platz 1, 08393 Meerane',
      'Ida Einladungstest',
      'Dorfstraße 12',
      '08393 Schönberg OT Tettau',
      `Personalausweis ist noch bis zum ${germanDate(expiry)} gültig`,
      germanDate(office.date),
      'Bitte bringen Sie mit',
      'Bisheriger Personalausweis',
    ]);
    expect(report.text).toContain(`tag=${office.id}`);
    expect(report.text).toContain('MUSTER');
    if (!ok) console.log(report.text.slice(report.text.indexOf('Einladungstest') - 400).slice(0, 3000));
    expect(ok).toBe(true);

    // Where the words are: the name and the city line inside the window of DIN 5008 form B.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-inv-'));
    const file = path.join(dir, 'letters.pdf');
    fs.writeFileSync(file, bytes);
    const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    const words = [
      ...html.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      ),
    ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), x2: Number(m[3]), y2: Number(m[4]), w: m[5] }));
    const height = 841.89;
    const window = {
      left: DIN5008.addressLeft,
      right: DIN5008.addressLeft + DIN5008.addressWidth,
      top: height - DIN5008.addressZoneTop,
      bottom: height - DIN5008.addressBottom,
    };
    const name = words.find((w) => w.w === 'Einladungstest');
    const city = words.filter((w) => w.w === 'Tettau');
    expect(name).toBeDefined();
    expect(name!.x).toBeGreaterThanOrEqual(window.left);
    expect(name!.x2).toBeLessThanOrEqual(window.right);
    expect(name!.y).toBeGreaterThanOrEqual(window.top);
    expect(name!.y2).toBeLessThanOrEqual(window.bottom);
    expect(city.some((c) => c.y > name!.y && c.y2 <= window.bottom)).toBe(true);

    // The download is audited: counts, and one row per person whose letter it holds.
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'subject_person_id', 'details'])
      .where('action', 'in', ['invitation.letters', 'invitation.letter'])
      .execute();
    expect(audit.filter((a) => a.action === 'invitation.letters')).toHaveLength(1);
    expect(audit.filter((a) => a.subject_person_id === P.invited)).toHaveLength(1);
  });

  it('leaves a person out of the letters who moved away since the run', async () => {
    const coordinator = await t.login('coordinator');
    const run = (
      (await coordinator.get('/api/invitations')).json().runs as {
        id: string;
        scheduled: boolean;
        letters: number;
      }[]
    ).find((r) => r.scheduled)!;
    await sql`update register_persons set status = 'moved_away' where id = ${P.blocked}`.execute(t.db);
    const res = await coordinator.get(`/api/invitations/runs/${run.id}/letters.pdf`);
    const report = checkTaggedPdf(new Uint8Array(res.rawPayload));
    expect(report.pages).toBe(run.letters - 1);
    expect(report.text).not.toContain('Sperrtest');
    await sql`update register_persons set status = 'resident' where id = ${P.blocked}`.execute(t.db);
  });

  it('refuses clerks, and shows another authority neither runs nor letters', async () => {
    const clerk = await t.login('clerk');
    expect((await clerk.get('/api/invitations')).statusCode).toBe(403);
    expect((await clerk.post('/api/invitations/runs')).statusCode).toBe(403);
    expect((await clerk.get('/api/invitations/preview')).statusCode).toBe(403);
    const run = await t.db
      .selectFrom('invitation_runs')
      .select('id')
      .where('authority_id', '=', A)
      .executeTakeFirstOrThrow();
    expect((await clerk.get(`/api/invitations/runs/${run.id}/letters.pdf`)).statusCode).toBe(403);

    const foreign = await t.login('admin', { authorityId: OTHER });
    const theirs = (await foreign.get('/api/invitations')).json();
    expect(theirs.runs).toEqual([]);
    expect(theirs.settings.enabled).toBe(false);
    const letters = await foreign.get(`/api/invitations/runs/${run.id}/letters.pdf`);
    expect(letters.statusCode).toBe(404);
    expect(letters.json().code).toBe('INVITATION_RUN_NOT_FOUND');
    // Switching on their own authority does not invite our residents.
    await foreign.put('/api/invitations/settings', { enabled: true, windowDays: null });
    const prepared = await foreign.post('/api/invitations/runs');
    expect(prepared.json()).toMatchObject({ prepared: 0, considered: 0 });
  });

  it('deletes an invitation after the document’s last valid day (retention), keeping the run’s counts', async () => {
    const count = async (before: string) =>
      (await t.db.selectFrom('invitations').select('id').where('valid_until', '<', before).execute()).length;
    const earlier = await count(expiry);
    expect(await deleteExpiredInvitations(t.db, zonedDateTimeToInstant(expiry, '12:00'))).toBe(earlier);
    expect(await invitedPersons()).toContain(P.invited);
    const onTheDay = await count(addDays(expiry, 1));
    expect(await deleteExpiredInvitations(t.db, zonedDateTimeToInstant(addDays(expiry, 1), '00:30'))).toBe(
      onTheDay,
    );
    expect(await invitedPersons()).not.toContain(P.invited);
    const runs = await t.db
      .selectFrom('invitation_runs')
      .select('prepared')
      .where('authority_id', '=', A)
      .execute();
    expect(runs.some((r) => r.prepared > 0)).toBe(true);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'retention.apply')
      .where('resource_id', '=', 'invitations.prepared')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });
});
