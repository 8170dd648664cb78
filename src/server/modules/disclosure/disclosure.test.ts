import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { checkTaggedPdf, inReadingOrder } from '../../pdf/tag-check';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { tempDataDir } from '../cases/test-support';
import { DEMO } from '../places/demo-ids';
import { DEMO_REGISTER } from '../register/demo-ids';

const P = DEMO_REGISTER.persons;
let t: TestApp;
let clerk: Agent;

const body = (extra: Record<string, unknown> = {}) => ({
  identity: 'desk_id_document',
  purpose: 'Auskunftsersuchen vor Ort',
  ...extra,
});

let desk = 90;
async function appointment(name: string, email: string) {
  const day = await t.db
    .selectFrom('office_days')
    .select(['id', 'location_id', 'date'])
    .limit(1)
    .executeTakeFirstOrThrow();
  const starts = new Date(`${day.date}T05:00:00Z`);
  await sql`insert into appointments (id, authority_id, office_day_id, location_id, service_date, desk, starts_at, ends_at,
      block_end, status, booking_number, manage_token_hash, service_ids, duration_minutes, name, email, contact_key, channel)
    values (${uuidv7()}, ${DEMO.authorityMeerane}, ${day.id}, ${day.location_id}, ${day.date}, ${desk++},
      ${starts}, ${new Date(starts.getTime() + 600_000)}, ${new Date(starts.getTime() + 600_000)}, 'booked',
      ${`T-${uuidv7().slice(-8).toUpperCase()}`}, ${uuidv7()}, array[${uuidv7()}]::uuid[], 10, ${name}, ${email},
      ${`e:${email.toLowerCase()}`}, 'portal')`.execute(t.db);
}

beforeAll(async () => {
  t = await createTestApp({ config: { dataDir: tempDataDir() } });
  clerk = await t.login('clerk');
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(t.config.dataDir, { recursive: true, force: true });
});

describe('disclosure to a resident (#15)', () => {
  it('lists the reads of the person’s data with role, office and purpose — never the colleague’s name', async () => {
    const read = await clerk.get(`/api/register/persons/${P.zoeWeiss}`, {
      'x-audit-reason': encodeURIComponent('Prüfung Meldebescheinigung'),
    });
    expect(read.statusCode).toBe(200);
    const res = await clerk.post(`/api/register/persons/${P.zoeWeiss}/disclosure`, body());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const d = res.json();
    expect(d.schema).toBe('buergerkoffer.disclosure/1');
    expect(d.person.familyName).toBe('Weiß');
    const entry = d.accessLog.entries.find(
      (e: { purpose: string }) => e.purpose === 'Prüfung Meldebescheinigung',
    );
    expect(entry).toMatchObject({
      action: 'register.read',
      role: 'clerk',
      office: 'Stadt Meerane',
      system: false,
    });
    // The production itself is on record, with the identity check and purpose.
    expect(d.accessLog.entries.at(-1)).toMatchObject({
      action: 'register.disclosure',
      purpose: 'Auskunftsersuchen vor Ort',
    });
    expect(res.body).not.toContain(clerk.username);
    expect(res.body).not.toContain('Test clerk');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'register.disclosure')
      .where('subject_person_id', '=', P.zoeWeiss)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ identity: 'desk_id_document', format: 'json' });
  });

  it('issues the PDF as a tagged document that lists the reads, in German and in English', async () => {
    await clerk.get(`/api/register/persons/${P.juergenMuellerLuedenscheidt}`, {
      'x-audit-reason': encodeURIComponent('Rückfrage zur Anmeldung'),
    });
    const de = await clerk.post(
      `/api/register/persons/${P.juergenMuellerLuedenscheidt}/disclosure/pdf`,
      body(),
    );
    expect(de.statusCode, de.body).toBe(200);
    expect(de.headers['content-type']).toBe('application/pdf');
    const report = checkTaggedPdf(de.rawPayload);
    expect(report.problems).toEqual([]);
    expect(report.lang).toBe('de-DE');
    expect(report.structure).toEqual(expect.arrayContaining(['H1', 'H2', 'Table', 'TH', 'TD', 'L']));
    expect(
      inReadingOrder(report.text, [
        'Auskunft über Ihre gespeicherten Daten',
        'Ihre Daten im Melderegister',
        'Zugriffe auf Ihre Daten',
        'Registereintrag gelesen',
        'Rückfrage zur Anmeldung',
        'Hinweise',
      ]),
    ).toBe(true);
    expect(report.text).toContain('Sachbearbeitung');

    const en = await clerk.post(
      `/api/register/persons/${P.juergenMuellerLuedenscheidt}/disclosure/pdf`,
      body({ locale: 'en' }),
    );
    const enReport = checkTaggedPdf(en.rawPayload);
    expect(enReport.problems).toEqual([]);
    expect(enReport.lang).toBe('en-GB');
    expect(enReport.text).toContain('Access to your data');
    expect(enReport.text).toContain('Register entry read');
  });

  it('refuses a written request for a person with an information block, and answers at the desk', async () => {
    const written = await clerk.post(
      `/api/register/persons/${P.berndBeispiel}/disclosure`,
      body({ identity: 'written_request' }),
    );
    expect(written.statusCode).toBe(409);
    expect(written.json().code).toBe('REGISTER_DISCLOSURE_IDENTITY_AT_DESK');
    const failed = await t.db
      .selectFrom('audit_log')
      .select(['result'])
      .where('action', '=', 'register.disclosure')
      .where('result', '=', 'failure')
      .execute();
    expect(failed.length).toBeGreaterThanOrEqual(1);
    const desk = await clerk.post(`/api/register/persons/${P.berndBeispiel}/disclosure`, body());
    expect(desk.statusCode).toBe(200);
    // Their own block and address are theirs to know; the block's reason (it may name someone) is not shown.
    expect(desk.json().blocks.map((b: { kind: string }) => b.kind)).toContain('information_block');
    expect(desk.json().residences[0].address).toContain('Beispielstraße 7');
    expect(JSON.stringify(desk.json().blocks)).not.toContain('reason');
  });

  it('leaves out household members with an information block, without saying so', async () => {
    await sql`insert into register_blocks (id, authority_id, person_id, kind, valid_from, valid_until, reason)
      values (${uuidv7()}, ${DEMO.authorityMeerane}, ${P.leonieMustermann}, 'information_block', '2020-01-01', null, 'Gefährdung durch Dritte')`.execute(
      t.db,
    );
    const d = (await clerk.post(`/api/register/persons/${P.erikaMustermann}/disclosure`, body())).json();
    const names = d.household.map((h: { givenNames: string }) => h.givenNames);
    expect(names).toContain('Max');
    expect(names).not.toContain('Leonie');
    expect(JSON.stringify(d)).not.toContain('Leonie');
    expect(JSON.stringify(d)).not.toContain('Gefährdung');
  });

  it('finds appointments by family name AND a contact the person gave, not a namesake’s', async () => {
    await appointment('Erika Mustermann', 'erika@example.org');
    await appointment('Erika Mustermann', 'andere.erika@example.org');
    await appointment('Petra Fremd', 'erika@example.org');
    const d = (
      await clerk.post(
        `/api/register/persons/${P.erikaMustermann}/disclosure`,
        body({ email: 'Erika@Example.org' }),
      )
    ).json();
    expect(d.appointments).toHaveLength(1);
    expect(d.appointments[0]).toMatchObject({ name: 'Erika Mustermann', contact: 'erika@example.org' });
    const none = (await clerk.post(`/api/register/persons/${P.erikaMustermann}/disclosure`, body())).json();
    expect(none.appointments).toEqual([]);
  });

  it('lists the field kits that received the person’s data', async () => {
    const kit = uuidv7();
    await sql`insert into kits (id, authority_id, name, prefix, municipality_ids, status)
      values (${kit}, ${DEMO.authorityMeerane}, 'Koffer Auskunft', 'KAUS', array[${DEMO.municipalitySchoenberg}]::uuid[], 'revoked')`.execute(
      t.db,
    );
    await sql`insert into kit_deliveries (id, authority_id, kit_id, kind, person_ids)
      values (${uuidv7()}, ${DEMO.authorityMeerane}, ${kit}, 'prepare', array[${P.maxMustermann}]::uuid[])`.execute(
      t.db,
    );
    const d = (await clerk.post(`/api/register/persons/${P.maxMustermann}/disclosure`, body())).json();
    expect(d.kitTransmissions).toEqual([
      expect.objectContaining({ kit: 'Koffer Auskunft', kind: 'prepare' }),
    ]);
  });

  it('is for clerks only, validates its input and rejects extra fields', async () => {
    const hotline = await t.login('hotline');
    expect((await hotline.post(`/api/register/persons/${P.zoeWeiss}/disclosure`, body())).statusCode).toBe(
      403,
    );
    expect(
      (await t.anonymous().post(`/api/register/persons/${P.zoeWeiss}/disclosure/pdf`, body())).statusCode,
    ).toBe(401);
    expect(
      (await clerk.post(`/api/register/persons/${P.zoeWeiss}/disclosure`, body({ purpose: '' }))).statusCode,
    ).toBe(400);
    expect(
      (await clerk.post(`/api/register/persons/${P.zoeWeiss}/disclosure`, body({ copyTo: 'x' }))).statusCode,
    ).toBe(400);
    expect((await clerk.post(`/api/register/persons/${uuidv7()}/disclosure`, body())).statusCode).toBe(404);
  });
});
