import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { dueOn, RETENTION_SCHEDULE, type RetentionPeriods } from '../../../core/retention/schedule';
import { addDays, type IsoDate, zonedDateTimeToInstant } from '../../../core/time';
import { createTestApp, type TestApp } from '../../test/test-app';
import { linkAndVerifyAudit } from '../audit/test-support';
import { attachmentPath } from '../cases/attachments';
import { tempDataDir } from '../cases/test-support';
import { DESK_REGISTER_ID } from '../payments/seed';
import { DEMO } from '../places/demo-ids';
import { scheduleNightlyRetention } from './nightly';
import { type RetentionOptions, runRetention } from './runner';

/**
 * Time travel (#15): each kind of record is created with a known start of its period, then the
 * retention run is started on the day before the due day (the record stays) and on the due day
 * (it goes, or is restricted / reduced). Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
 */

const A = DEMO.authorityMeerane;
const periods: RetentionPeriods = { caseRetentionYears: 2, cashRecordsRetentionYears: 10 };
let t: TestApp;

const noon = (day: IsoDate) => zonedDateTimeToInstant(day, '12:00');
const run = (kind: string, day: IsoDate, extra: Partial<RetentionOptions> = {}) =>
  runRetention(t.db, {
    now: noon(day),
    batchSize: 50,
    periods,
    dataDir: t.config.dataDir,
    kinds: [kind],
    ...extra,
  });

async function person(
  values: { status?: string; religion?: string | null; deceasedOn?: string | null } = {},
) {
  const id = uuidv7();
  await sql`insert into register_persons (id, authority_id, family_name, given_names, birth_date, birth_place, sex,
      nationalities, religion, status, deceased_on, family_name_norm, given_names_norm, search_name, fictitious)
    values (${id}, ${A}, 'Zeitreise', 'Tilda', '1960-01-01', 'Gera', 'female', array['DE'], ${values.religion ?? null},
      ${values.status ?? 'resident'}, ${values.deceasedOn ?? null}, 'zeitreise', 'tilda', ' zeitreise', true)`.execute(
    t.db,
  );
  return id;
}

let dwelling = '';
async function residence(personId: string, movedIn: IsoDate, movedOut: IsoDate | null) {
  await sql`insert into register_residences (id, authority_id, person_id, dwelling_id, kind, moved_in_on, registered_on, moved_out_on)
    values (${uuidv7()}, ${A}, ${personId}, ${dwelling}, 'sole', ${movedIn}, ${movedIn}, ${movedOut})`.execute(
    t.db,
  );
}

async function idDocument(personId: string, validUntil: IsoDate, caseId: string | null = null) {
  const id = uuidv7();
  await sql`insert into register_id_documents (id, authority_id, person_id, kind, serial_number, issued_on, valid_until, status, case_id)
    values (${id}, ${A}, ${personId}, 'id_card', 'T22000129', ${addDays(validUntil, -3650)}, ${validUntil}, 'valid', ${caseId})`.execute(
    t.db,
  );
  return id;
}

async function kase(formKey: string, finishedAt: Date | null, personId: string | null = null) {
  const id = uuidv7();
  const n = id.slice(-6);
  await sql`insert into cases (id, authority_id, number, number_compact, year, service_id, service_slug, service_name,
      service_version, form_key, form_version, person_id, subject_name, status, channel, form_data, access_code,
      captured_at, finished_at)
    values (${id}, ${A}, ${`MEE-2030-${n}`}, ${`MEE2030${n}`}, 2030, ${uuidv7()}, ${formKey}, ${JSON.stringify({ de: formKey, en: formKey })},
      1, ${formKey}, 1, ${personId}, 'Tilda Zeitreise', ${finishedAt ? 'completed' : 'in_progress'}, 'town_hall',
      ${JSON.stringify({ secret: 'Körpergröße 170' })}, 'ABCDEFGH', ${finishedAt ?? new Date()}, ${finishedAt})`.execute(
    t.db,
  );
  await sql`insert into case_notes (id, authority_id, case_id, author_name, text) values (${uuidv7()}, ${A}, ${id}, 'Test', 'Notiz')`.execute(
    t.db,
  );
  return id;
}

async function attachment(createdAt: Date, caseId: string | null) {
  const id = uuidv7();
  const sha = Buffer.from(id.replace(/-/g, '') + id.replace(/-/g, ''))
    .toString('hex')
    .slice(0, 64);
  await sql`insert into attachments (id, authority_id, sha256, kind, media_type, size_bytes, created_at)
    values (${id}, ${A}, ${sha}, 'photo', 'image/png', 4, ${createdAt})`.execute(t.db);
  if (caseId)
    await sql`insert into case_attachments (case_id, attachment_id, authority_id, pointer) values (${caseId}, ${id}, ${A}, '/photo')`.execute(
      t.db,
    );
  const file = attachmentPath(t.config.dataDir, A, sha);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'test');
  return { id, file };
}

async function payment(caseId: string, businessDate: IsoDate) {
  const claim = uuidv7();
  await sql`insert into fee_claims (id, authority_id, case_id, schedule, fee_input, lines, amount_cents, status, updated_at)
    values (${claim}, ${A}, ${caseId}, '{}', '{}', '[]', 500, 'paid', ${noon(businessDate)})`.execute(t.db);
  const id = uuidv7();
  const number = Number.parseInt(id.slice(-5), 16);
  await sql`insert into payments (id, authority_id, register_id, receipt_year, receipt_number, receipt_label, business_date,
      claim_id, case_id, kind, method, amount_cents, lines, recorded_at)
    values (${id}, ${A}, ${DESK_REGISTER_ID}, ${Number(businessDate.slice(0, 4))}, ${number}, ${`R-${number}`}, ${businessDate},
      ${claim}, ${caseId}, 'payment', 'cash', 500, '[]', ${noon(businessDate)})`.execute(t.db);
  const doc = uuidv7();
  await sql`insert into case_documents (id, authority_id, case_id, payment_id, kind, verification_code, content)
    values (${doc}, ${A}, ${caseId}, ${id}, 'receipt', ${`V${id.slice(-10)}`}, '{"payer":"Tilda Zeitreise"}')`.execute(
    t.db,
  );
  return { id, claim, doc };
}

const exists = async (table: string, column: string, id: string) =>
  Number(
    (
      await sql<{
        n: string;
      }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${id}`.execute(t.db)
    ).rows[0]!.n,
  ) > 0;

beforeAll(async () => {
  t = await createTestApp({ config: { dataDir: tempDataDir() } });
  dwelling = uuidv7();
  await sql`insert into register_dwellings (id, authority_id, municipality_id, street, house_number, postal_code, city, street_norm, house_number_norm, fictitious)
    values (${dwelling}, ${A}, ${DEMO.municipalityMeerane}, 'Zeitweg', '1', '08393', 'Meerane', 'zeitweg', '1', true)`.execute(
    t.db,
  );
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(t.config.dataDir, { recursive: true, force: true });
});

describe('the retention schedule (#15)', () => {
  it('has a handler for every row the nightly run applies, and a due day for each', () => {
    for (const rule of RETENTION_SCHEDULE.filter((r) => r.runBy === 'retention'))
      expect(dueOn(rule.kind, '2030-06-15', periods)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(RETENTION_SCHEDULE.find((r) => r.kind === 'audit.payloads')).toMatchObject({
      runBy: 'audit',
      setting: 'AUDIT_RETENTION_YEARS',
    });
  });

  it('deletes the religion of a resident who moved away at the end of the following year, not a day earlier', async () => {
    const p = await person({ status: 'moved_away', religion: 'ev' });
    await residence(p, '2001-01-01', '2030-03-10');
    const due = dueOn('register.religion', '2030-03-10', periods);
    expect(due).toBe('2032-01-01');
    await run('register.religion', addDays(due, -1));
    expect(
      (await t.db.selectFrom('register_persons').select('religion').where('id', '=', p).executeTakeFirst())
        ?.religion,
    ).toBe('ev');
    const result = await run('register.religion', due);
    expect(result.kinds[0]!.done).toBeGreaterThanOrEqual(1);
    expect(
      (await t.db.selectFrom('register_persons').select('religion').where('id', '=', p).executeTakeFirst())
        ?.religion,
    ).toBeNull();
  });

  it('deletes ID document data five years after expiry, and 30 days after death', async () => {
    const living = await person();
    await residence(living, '2001-01-01', null);
    const expired = await idDocument(living, '2031-05-15');
    const dueExpired = dueOn('register.id_documents', '2031-05-15', periods);
    expect(dueExpired).toBe('2036-05-16');
    const dead = await person({ status: 'deceased', deceasedOn: '2030-06-01' });
    const deadDoc = await idDocument(dead, '2035-01-01');
    const dueDead = dueOn('register.id_documents.deceased', '2030-06-01', periods);
    expect(dueDead).toBe('2030-07-02');

    await run('register.id_documents', addDays(dueDead, -1));
    expect(await exists('register_id_documents', 'id', deadDoc)).toBe(true);
    await run('register.id_documents', dueDead);
    expect(await exists('register_id_documents', 'id', deadDoc)).toBe(false);
    expect(await exists('register_id_documents', 'id', expired)).toBe(true);
    await run('register.id_documents', addDays(dueExpired, -1));
    expect(await exists('register_id_documents', 'id', expired)).toBe(true);
    await run('register.id_documents', dueExpired);
    expect(await exists('register_id_documents', 'id', expired)).toBe(false);
  });

  it('restricts a deceased person’s record after five years and deletes it 50 years later; audit rows stay and verify', async () => {
    const p = await person({ status: 'deceased', deceasedOn: '2030-06-01' });
    await residence(p, '2001-01-01', '2030-06-01');
    const open = await kase('meldebescheinigung', null, p);
    await sql`insert into audit_log (id, authority_id, action, resource_type, resource_id, subject_person_id, result)
      values (${uuidv7()}, ${A}, 'register.read', 'person', ${p}, ${p}, 'success')`.execute(t.db);
    const restrictOn = dueOn('register.restrict', '2030-06-01', periods);
    expect(restrictOn).toBe('2036-01-01');
    await run('register.restrict', addDays(restrictOn, -1));
    expect(
      (
        await t.db
          .selectFrom('register_persons')
          .select('restricted_on')
          .where('id', '=', p)
          .executeTakeFirst()
      )?.restricted_on,
    ).toBeNull();
    await run('register.restrict', restrictOn);
    expect(
      (
        await t.db
          .selectFrom('register_persons')
          .select('restricted_on')
          .where('id', '=', p)
          .executeTakeFirst()
      )?.restricted_on,
    ).toBe(restrictOn);
    // A clerk reads only what § 13 Abs. 2 BMG leaves usable.
    const clerk = await t.login('clerk');
    const record = (await clerk.get(`/api/register/persons/${p}?purpose=Test`)).json();
    expect(record.restrictedOn).toBe(restrictOn);
    expect(record.nationalities).toEqual([]);
    expect(record.familyName).toBe('Zeitreise');
    expect(record.residences).toHaveLength(1);

    const deleteOn = dueOn('register.delete', '2030-06-01', periods);
    expect(deleteOn).toBe('2086-01-01');
    await run('register.delete', addDays(deleteOn, -1));
    expect(await exists('register_persons', 'id', p)).toBe(true);
    await run('register.delete', deleteOn);
    expect(await exists('register_persons', 'id', p)).toBe(false);
    expect(await exists('register_residences', 'person_id', p)).toBe(false);
    // The open case keeps its data but no longer points to the deleted entry.
    expect(
      (await t.db.selectFrom('cases').select('person_id').where('id', '=', open).executeTakeFirst())
        ?.person_id,
    ).toBeNull();
    // Audit rows about the person stay, and the chain verifies across the deletions.
    expect(await exists('audit_log', 'subject_person_id', p)).toBe(true);
    expect((await linkAndVerifyAudit(t)).intact).toBe(true);
  });

  it('deletes an ID card case five years after the card expired, with its attachment file', async () => {
    const c = await kase('personalausweis', noon('2030-02-01'));
    const p = await person();
    await idDocument(p, '2040-02-01', c);
    const photo = await attachment(noon('2030-01-20'), c);
    const due = dueOn('cases.id_documents', '2040-02-01', periods);
    await run('cases.id_documents', addDays(due, -1));
    expect(await exists('cases', 'id', c)).toBe(true);
    expect(fs.existsSync(photo.file)).toBe(true);
    await run('cases.id_documents', due);
    expect(await exists('cases', 'id', c)).toBe(false);
    expect(await exists('case_notes', 'case_id', c)).toBe(false);
    expect(await exists('attachments', 'id', photo.id)).toBe(false);
    expect(fs.existsSync(photo.file)).toBe(false);
  });

  it('counts a registration case’s five years from the Berlin date it closed (23:30 on 31 December)', async () => {
    const c = await kase('anmeldung', new Date('2030-12-31T22:30:00Z'));
    const due = dueOn('cases.registration', '2030-12-31', periods);
    expect(due).toBe('2036-01-01');
    await run('cases.registration', addDays(due, -1));
    expect(await exists('cases', 'id', c)).toBe(true);
    await run('cases.registration', due);
    expect(await exists('cases', 'id', c)).toBe(false);
  });

  it('keeps a paid case as a skeleton until the cash period deletes entry, claim, receipt and the rest', async () => {
    const c = await kase('lebensbescheinigung', noon('2030-07-01'));
    const pay = await payment(c, '2030-07-01');
    const due = dueOn('cases.other', '2030-07-01', periods);
    expect(due).toBe('2033-01-01');
    await run('cases.other', addDays(due, -1));
    expect(
      (await t.db.selectFrom('cases').select('purged_at').where('id', '=', c).executeTakeFirst())?.purged_at,
    ).toBeNull();
    await run('cases.other', due);
    const skeleton = await t.db.selectFrom('cases').selectAll().where('id', '=', c).executeTakeFirstOrThrow();
    expect(skeleton.purged_at).not.toBeNull();
    expect(skeleton.subject_name).toBe('');
    expect(skeleton.form_data).toEqual({});
    expect(await exists('case_notes', 'case_id', c)).toBe(false);
    expect(await exists('case_documents', 'id', pay.doc)).toBe(true);

    const cashDue = dueOn('payments.cash_records', '2030-07-01', periods);
    expect(cashDue).toBe('2042-01-01');
    await run('payments.cash_records', addDays(cashDue, -1));
    expect(await exists('payments', 'id', pay.id)).toBe(true);
    await run('payments.cash_records', cashDue);
    expect(await exists('payments', 'id', pay.id)).toBe(false);
    expect(await exists('fee_claims', 'id', pay.claim)).toBe(false);
    expect(await exists('case_documents', 'id', pay.doc)).toBe(false);
    expect(await exists('cases', 'id', c)).toBe(false);
  });

  it('still refuses to delete or change cash entries outside the retention run', async () => {
    const c = await kase('lebensbescheinigung', noon('2030-07-01'));
    const pay = await payment(c, '2030-07-02');
    await expect(sql`delete from payments where id = ${pay.id}`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('deletes an attachment nobody linked, and its file, 30 days after the upload', async () => {
    const loose = await attachment(noon('2030-01-10'), null);
    const due = dueOn('attachments.unlinked', '2030-01-10', periods);
    expect(due).toBe('2030-02-10');
    await run('attachments.unlinked', addDays(due, -1));
    expect(fs.existsSync(loose.file)).toBe(true);
    await run('attachments.unlinked', due);
    expect(await exists('attachments', 'id', loose.id)).toBe(false);
    expect(fs.existsSync(loose.file)).toBe(false);
  });

  it('deletes the kits’ transmission log at the end of the following year', async () => {
    const kit = uuidv7();
    await sql`insert into kits (id, authority_id, name, prefix, municipality_ids, status)
      values (${kit}, ${A}, ${`Zeitkoffer ${kit.slice(-4)}`}, ${`KZ${kit
        .slice(-3)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, 'A')}`},
        array[${DEMO.municipalityMeerane}]::uuid[], 'revoked')`.execute(t.db);
    const delivery = uuidv7();
    await sql`insert into kit_deliveries (id, authority_id, kit_id, kind, person_ids, delivered_at)
      values (${delivery}, ${A}, ${kit}, 'pull', array[${uuidv7()}]::uuid[], ${noon('2030-05-05')})`.execute(
      t.db,
    );
    const due = dueOn('kits.transmission_log', '2030-05-05', periods);
    expect(due).toBe('2032-01-01');
    await run('kits.transmission_log', addDays(due, -1));
    expect(await exists('kit_deliveries', 'id', delivery)).toBe(true);
    await run('kits.transmission_log', due);
    expect(await exists('kit_deliveries', 'id', delivery)).toBe(false);
  });

  it('shows in a dry run what would go and changes nothing; audits each batch with its count only', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await kase('beglaubigung', noon('2031-03-01')));
    const due = dueOn('cases.other', '2031-03-01', periods);
    const dry = await run('cases.other', due, { dryRun: true });
    expect(dry.kinds[0]!.due).toBeGreaterThanOrEqual(5);
    for (const id of ids) expect(await exists('cases', 'id', id)).toBe(true);

    // Interrupted after the first batch of two, then run again: everything goes, nothing twice.
    let batches = 0;
    const first = await run('cases.other', due, { batchSize: 2, shouldStop: () => batches++ >= 1 });
    expect(first.stopped).toBe(true);
    expect(first.kinds[0]!.done).toBe(2);
    const rest = await run('cases.other', due, { batchSize: 2 });
    expect(rest.kinds[0]!.done).toBe(dry.kinds[0]!.due! - 2);
    for (const id of ids) expect(await exists('cases', 'id', id)).toBe(false);
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['details', 'actor_username'])
      .where('action', '=', 'retention.apply')
      .where('resource_id', '=', 'cases.other')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]!.actor_username).toBe('system');
    expect(JSON.stringify(rows.map((r) => r.details))).not.toContain('Zeitreise');
  });

  it('lets two runs at once share the work without doing anything twice', async () => {
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(await kase('fundsache', noon('2032-04-01')));
    const due = dueOn('cases.other', '2032-04-01', periods);
    const before = (await run('cases.other', due, { dryRun: true })).kinds[0]!.due!;
    const [a, b] = await Promise.all([
      run('cases.other', due, { batchSize: 3 }),
      run('cases.other', due, { batchSize: 3 }),
    ]);
    expect(a.kinds[0]!.done! + b.kinds[0]!.done!).toBe(before);
    for (const id of ids) expect(await exists('cases', 'id', id)).toBe(false);
  });

  it('starts the nightly run once per night across processes, and not before 02:00', async () => {
    expect(await scheduleNightlyRetention(t.db, zonedDateTimeToInstant('2031-02-03', '01:30'))).toBe(false);
    const results = await Promise.all([
      scheduleNightlyRetention(t.db, zonedDateTimeToInstant('2031-02-03', '02:10')),
      scheduleNightlyRetention(t.db, zonedDateTimeToInstant('2031-02-03', '02:10')),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await scheduleNightlyRetention(t.db, zonedDateTimeToInstant('2031-02-03', '05:00'))).toBe(false);
    const jobs = await t.db
      .selectFrom('jobs')
      .select('id')
      .where('dedupe_key', '=', 'retention:2031-02-03')
      .execute();
    expect(jobs).toHaveLength(1);
  });
});
