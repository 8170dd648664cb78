import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { addDays, localDate } from '../../../core/time';
import { checkTaggedPdf } from '../../pdf/tag-check';
import { mailText, startTestSmtp } from '../../test/smtp';
import { createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';
import { maintainConsents, recordConsent } from './consent';
import { DEMO_CONSENTS } from './seed';

/**
 * Invitations by e-mail with a consent record (#14, ADR 34), with a real SMTP server: the desk
 * records and withdraws the consent (clerks of the authority only), the citizen confirms it
 * (double opt-in) and withdraws it by the link in a mail, a run sends each invitation mail once —
 * a letter instead for a person with a block or a withdrawn consent. PGlite and PostgreSQL.
 */

const A = DEMO.authorityMeerane;
const OTHER = '01900000-0000-7000-8000-00000000c34c';
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let demoConsents: { email: string | null; confirmed_at: Date | null; ended_at: Date | null }[] = [];
const today = localDate(new Date());
const expiry = addDays(today, 60);
const P = { mail: uuidv7(), blocked: uuidv7(), withdrawn: uuidv7(), moving: uuidv7() };
const REASON = { 'x-audit-reason': 'Einwilligung Einladung' };

async function person(id: string, family: string) {
  await sql`insert into register_persons (id, authority_id, family_name, given_names, birth_date, birth_place, sex,
      nationalities, status, family_name_norm, given_names_norm, search_name, fictitious)
    values (${id}, ${A}, ${family}, 'Ida', '1970-05-05', 'Zwickau', 'female', array['DE'],
      'resident', ${family.toLowerCase()}, 'ida', ${` ${family.toLowerCase()}`}, true)`.execute(t.db);
}

// With a second authority's portal there is no default portal: the mail's link leads to Meerane's
// portal (/meerane/…, ADR 27), and the citizen's requests go there.
const PORTAL = '/meerane';
const tokenIn = (text: string) => /\/meerane\/einwilligung\/([A-Za-z0-9_-]{32,64})/.exec(text)?.[1];
const outboxTo = (email: string) =>
  t.db
    .selectFrom('outbox_messages')
    .select(['id', 'template', 'text_body', 'html_body', 'subject', 'locale'])
    .where('recipient', '=', email)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${smtp.port}` } });
  // The demo seed's consents stay out of the way: this test counts its own.
  demoConsents = await t.db
    .selectFrom('invitation_consents')
    .select(['email', 'confirmed_at', 'ended_at'])
    .execute();
  await t.db.deleteFrom('invitation_consents').execute();
  const dwelling = uuidv7();
  await sql`insert into register_dwellings (id, authority_id, municipality_id, village_id, street, house_number, unit,
      postal_code, city, kind, street_norm, house_number_norm, fictitious)
    values (${dwelling}, ${A}, ${DEMO.municipalitySchoenberg}, ${DEMO.villages.tettau}, 'Dorfstraße', '14', null,
      '08393', 'Schönberg OT Tettau', 'standard', 'dorfstrasse', '14', true)`.execute(t.db);
  for (const [id, name] of [
    [P.mail, 'Mailtest'],
    [P.blocked, 'Sperrmailtest'],
    [P.withdrawn, 'Widerruftest'],
    [P.moving, 'Umzugtest'],
  ] as const) {
    await person(id, name);
    await sql`insert into register_residences (id, authority_id, person_id, dwelling_id, kind, moved_in_on, registered_on)
      values (${uuidv7()}, ${A}, ${id}, ${dwelling}, 'sole', '2010-01-01', '2010-01-01')`.execute(t.db);
    await sql`insert into register_id_documents (id, authority_id, person_id, kind, serial_number, issued_on, valid_until, status)
      values (${uuidv7()}, ${A}, ${id}, 'id_card', 'T22000130', '2016-01-01', ${expiry}, 'valid')`.execute(
      t.db,
    );
  }
  await sql`insert into register_blocks (id, authority_id, person_id, kind, valid_from, valid_until, reason)
    values (${uuidv7()}, ${A}, ${P.blocked}, 'information_block', ${addDays(today, -30)}, null, 'Test')`.execute(
    t.db,
  );
  await sql`insert into authorities (id, authority_id, name, short_name, kind, street, postal_code, city, slug)
    values (${OTHER}, ${OTHER}, 'Gemeinde Anderswo', 'Anderswo', 'municipality', 'Weg 1', '01234', 'Anderswo', 'anderswo-consent')`.execute(
    t.db,
  );
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const url = (id: string) => `/api/register/persons/${id}/invitation-consent`;

async function recordAndConfirm(id: string, email: string, locale: 'de' | 'en' = 'de') {
  const clerk = await t.login('clerk');
  const res = await clerk.post(url(id), { email, locale, consentGiven: true }, REASON);
  expect(res.statusCode, res.body).toBe(201);
  const [mail] = await outboxTo(email);
  const token = tokenIn(mail!.text_body!)!;
  const ok = await t.anonymous().post(`${PORTAL}/api/invitations/consent/confirm`, { token });
  expect(ok.statusCode, ok.body).toBe(200);
  return token;
}

describe('consent to invitations by e-mail, at the desk (#14)', () => {
  it('comes with confirmed consents of a few demo residents, so a demo run sends letters and mails', () => {
    expect(demoConsents.length).toBeGreaterThan(0);
    expect(demoConsents.length).toBeLessThanOrEqual(DEMO_CONSENTS);
    for (const c of demoConsents) {
      expect(c.email).toMatch(/@example\.org$/);
      expect(c.confirmed_at).not.toBeNull();
      expect(c.ended_at).toBeNull();
    }
  });

  it('records the address, sends the confirmation mail over SMTP and audits without the address', async () => {
    const clerk = await t.login('clerk');
    const none = await clerk.get(url(P.mail), REASON);
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ consent: null });

    const res = await clerk.post(
      url(P.mail),
      { email: 'ida.mail@Example.ORG', locale: 'de', consentGiven: true },
      REASON,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().consent).toMatchObject({
      state: 'pending',
      email: 'ida.mail@example.org',
      givenWhere: 'desk',
    });

    await t.app.jobs.drain();
    const received = smtp.received.filter((m) => m.to.includes('ida.mail@example.org'));
    expect(received).toHaveLength(1);
    const text = mailText(received[0]!.raw);
    expect(text).toContain('/einwilligung/');
    expect(text).toContain('Art. 7 Abs. 3 DSGVO');

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before', 'after', 'subject_person_id', 'actor_username', 'details'])
      .where('action', '=', 'invitation.consent.record')
      .where('result', '=', 'success')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject_person_id).toBe(P.mail);
    expect(audit[0]!.actor_username).toBe(clerk.username);
    expect(audit[0]!.after).toMatchObject({ state: 'pending', email: 'i***@example.org' });
    expect(JSON.stringify(audit[0])).not.toContain('ida.mail');
    // The read at the person view is audited too.
    const reads = await t.db
      .selectFrom('audit_log')
      .select('subject_person_id')
      .where('action', '=', 'invitation.consent.read')
      .execute();
    expect(reads.map((r) => r.subject_person_id)).toContain(P.mail);
  });

  it('refuses bad input with field codes and changes nothing', async () => {
    const clerk = await t.login('clerk');
    const before = await t.db.selectFrom('invitation_consents').select('id').execute();
    const cases: [unknown, string][] = [
      [{ email: 'kein-at-zeichen', locale: 'de', consentGiven: true }, '/email'],
      [{ email: 'a@b.de', locale: 'de', consentGiven: false }, '/consentGiven'],
      [{ email: `${'x'.repeat(100_000)}@example.org`, locale: 'de', consentGiven: true }, '/email'],
      [{ email: 'ida\u0000@example.org', locale: 'de', consentGiven: true }, '/email'],
      [{ email: 'a@b.de', locale: 'fr', consentGiven: true }, '/locale'],
    ];
    for (const [body, path] of cases) {
      const res = await clerk.post(url(P.mail), body, REASON);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const missing = await clerk.post(
      url(P.mail),
      { email: 'a@b.de', locale: 'de', consentGiven: true, purpose: 'all' },
      REASON,
    );
    expect(missing.statusCode).toBe(400);
    const noConsent = await clerk.post(
      url(P.mail),
      { email: 'a@b.de', locale: 'de', consentGiven: false },
      REASON,
    );
    expect(noConsent.json().errors[0]).toMatchObject({ code: 'consentRequired' });
    expect(noConsent.json().errors[0].message).toContain('eingewilligt');
    expect(await t.db.selectFrom('invitation_consents').select('id').execute()).toEqual(before);
  });

  it('is for clerks of the authority only: other roles 403, another authority’s clerk 404', async () => {
    for (const role of ['coordinator', 'admin', 'auditor'] as const) {
      const agent = await t.login(role);
      expect((await agent.get(url(P.mail), REASON)).statusCode).toBe(403);
      expect(
        (await agent.post(url(P.mail), { email: 'x@example.org', locale: 'de', consentGiven: true }, REASON))
          .statusCode,
      ).toBe(403);
      expect((await agent.post(`${url(P.mail)}/withdraw`, {}, REASON)).statusCode).toBe(403);
    }
    const stranger = await t.login('clerk', { authorityId: OTHER });
    expect((await stranger.get(url(P.mail), REASON)).statusCode).toBe(404);
    const foreign = await stranger.post(
      url(P.mail),
      { email: 'x@example.org', locale: 'de', consentGiven: true },
      REASON,
    );
    expect(foreign.statusCode).toBe(404);
    expect((await stranger.post(`${url(P.mail)}/withdraw`, {}, REASON)).statusCode).toBe(404);
    expect((await t.anonymous().get(url(P.mail))).statusCode).toBe(401);
    const open = await t.db
      .selectFrom('invitation_consents')
      .select('email')
      .where('person_id', '=', P.mail)
      .where('ended_at', 'is', null)
      .execute();
    expect(open).toEqual([{ email: 'ida.mail@example.org' }]);
  });
});

describe('the citizen’s links (double opt-in, withdrawal)', () => {
  it('confirms by the link, idempotently; a forged or malformed token finds nothing', async () => {
    const [mail] = await outboxTo('ida.mail@example.org');
    const token = tokenIn(mail!.text_body!)!;
    const anon = t.anonymous();
    // Another authority's portal knows nothing of Meerane's link (ADR 27).
    for (const path of ['consent', 'consent/confirm', 'consent/withdraw']) {
      const crossed = await anon.post(`/anderswo-consent/api/invitations/${path}`, { token });
      expect(crossed.statusCode, crossed.body).toBe(404);
    }
    const view = await anon.post(`${PORTAL}/api/invitations/consent`, { token });
    expect(view.json()).toMatchObject({ state: 'pending', kind: 'confirm', email: 'i***@example.org' });
    for (let i = 0; i < 2; i++) {
      const ok = await anon.post(`${PORTAL}/api/invitations/consent/confirm`, { token });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().state).toBe('active');
    }
    const confirms = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'invitation.consent.confirm')
      .where('result', '=', 'success')
      .execute();
    expect(confirms).toHaveLength(1);

    const forged = `${token.slice(0, -4)}AAAA`;
    for (const bad of [forged, 'short', `${token}\u0000`, 'x'.repeat(100)]) {
      const res = await anon.post(`${PORTAL}/api/invitations/consent/confirm`, { token: bad });
      expect([400, 404]).toContain(res.statusCode);
      if (res.statusCode === 404) expect(res.json().code).toBe('CONSENT_TOKEN_INVALID');
    }
    expect(
      (await anon.post(`${PORTAL}/api/invitations/consent`, { token: 'x'.repeat(101) })).statusCode,
    ).toBe(400);
    expect((await anon.post(`${PORTAL}/api/invitations/consent`, { token, extra: 1 })).statusCode).toBe(400);
  });

  it('refuses a confirmation link after its deadline; the consent stays without effect', async () => {
    const clerk = await t.login('clerk');
    const actor = {
      authorityId: A,
      userId: clerk.userId,
      username: clerk.username,
      role: 'clerk',
      kitId: null,
      reason: null,
      requestId: 'test',
    };
    await recordConsent(
      t.db,
      actor,
      A,
      P.moving,
      { email: 'late@example.org', locale: 'en' },
      `${t.config.publicUrl}${PORTAL}`,
      new Date(Date.now() - 8 * 86_400_000),
    );
    const [mail] = await outboxTo('late@example.org');
    expect(mail!.subject).toBe('Please confirm your email address for invitations');
    const token = tokenIn(mail!.text_body!)!;
    const res = await t.anonymous().post(`${PORTAL}/api/invitations/consent/confirm`, { token });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('CONSENT_CONFIRMATION_EXPIRED');
    expect((await t.anonymous().post(`${PORTAL}/api/invitations/consent`, { token })).json().state).toBe(
      'expired',
    );
  });
});

describe('the run sends e-mail to confirmed consents (#14)', () => {
  it('mails once per invitation — on retry and in a second run — and writes letters to the blocked and the withdrawn', async () => {
    await recordAndConfirm(P.blocked, 'sperre@example.org');
    const withdrawToken = await recordAndConfirm(P.withdrawn, 'widerruf@example.org', 'en');
    // Withdrawn at the desk before the run: a letter again.
    const clerk = await t.login('clerk');
    const w = await clerk.post(`${url(P.withdrawn)}/withdraw`, {}, REASON);
    expect(w.statusCode).toBe(200);
    expect(w.json().consent).toMatchObject({ state: 'ended', endReason: 'withdrawn_at_desk', email: null });
    expect((await clerk.post(`${url(P.withdrawn)}/withdraw`, {}, REASON)).json().consent.state).toBe('ended');
    // Its confirmation link withdraws nothing twice and confirms nothing any more.
    expect(
      (await t.anonymous().post(`${PORTAL}/api/invitations/consent/confirm`, { token: withdrawToken }))
        .statusCode,
    ).toBe(404);

    const admin = await t.login('admin');
    expect(
      (await admin.put('/api/invitations/settings', { enabled: true, windowDays: null })).statusCode,
    ).toBe(200);
    const coordinator = await t.login('coordinator');
    const [first, second] = await Promise.all([
      coordinator.post('/api/invitations/runs'),
      coordinator.post('/api/invitations/runs'),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const again = await coordinator.post('/api/invitations/runs');
    expect(again.json()).toMatchObject({ prepared: 0, mails: 0 });
    await t.app.jobs.drain();

    const rows = await t.db
      .selectFrom('invitations')
      .select(['person_id', 'channel', 'consent_id'])
      .where('person_id', 'in', Object.values(P))
      .execute();
    const channel = Object.fromEntries(rows.map((r) => [r.person_id, r.channel]));
    expect(channel[P.mail]).toBe('email');
    expect(channel[P.blocked]).toBe('letter');
    expect(channel[P.withdrawn]).toBe('letter');
    expect(rows.find((r) => r.person_id === P.mail)!.consent_id).not.toBeNull();

    const invitationMails = (await outboxTo('ida.mail@example.org')).filter(
      (m) => m.template === 'invitations.invitation',
    );
    expect(invitationMails).toHaveLength(1);
    expect(smtp.received.filter((m) => m.to.includes('ida.mail@example.org'))).toHaveLength(2);
    expect(
      (await outboxTo('sperre@example.org')).filter((m) => m.template === 'invitations.invitation'),
    ).toEqual([]);

    const text = invitationMails[0]!.text_body!;
    const services = await t.db
      .selectFrom('catalog_published')
      .select('service_id')
      .where('authority_id', '=', A)
      .where('slug', '=', 'personalausweis-beantragen')
      .executeTakeFirstOrThrow();
    const booking = /(https?:\/\/\S+\/termin\?\S+)/.exec(text)![1]!;
    const q = new URL(booking).searchParams;
    expect(q.get('leistungen')).toBe(services.service_id);
    expect(q.get('tag')).toMatch(/^[0-9a-f-]{36}$/);
    expect(text).toContain('Bitte bringen Sie mit');
    expect(text).toContain('Art. 6 Abs. 1 lit. e DSGVO');
    expect(text).toContain('Melderegister');
    expect(tokenIn(text)).toBeDefined();
    expect(invitationMails[0]!.html_body).toContain('/einwilligung/');

    // Counts per channel in the run's audit; one audit row per mailed person, no address.
    const runs = await t.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'invitation.run')
      .where('result', '=', 'success')
      .execute();
    const totals = runs.map((r) => r.details as { mails: number; letters: number });
    expect(totals.reduce((s, d) => s + d.mails, 0)).toBe(1);
    const mailAudit = await t.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'details'])
      .where('action', '=', 'invitation.mail')
      .execute();
    expect(mailAudit.map((a) => a.subject_person_id)).toEqual([P.mail]);
    expect(JSON.stringify(mailAudit)).not.toMatch(/example\.org|Mailtest/);
    const list = (await coordinator.get('/api/invitations')).json();
    expect(list.runs.reduce((s: number, r: { mails: number }) => s + r.mails, 0)).toBe(1);

    // The letters leave out the mailed person.
    const run = await t.db
      .selectFrom('invitations')
      .select('run_id')
      .where('person_id', '=', P.mail)
      .executeTakeFirstOrThrow();
    const pdf = await coordinator.get(`/api/invitations/runs/${run.run_id}/letters.pdf`);
    expect(pdf.statusCode).toBe(200);
    const letterAudit = await t.db
      .selectFrom('audit_log')
      .select('subject_person_id')
      .where('action', '=', 'invitation.letter')
      .execute();
    expect(letterAudit.map((a) => a.subject_person_id)).not.toContain(P.mail);
    // The serial letter of the whole demo register is rendered here: slow on a loaded machine.
  }, 120_000);

  it('lets the citizen withdraw by the link in the invitation mail, idempotently; the address goes', async () => {
    const [mail] = (await outboxTo('ida.mail@example.org')).filter(
      (m) => m.template === 'invitations.invitation',
    );
    const token = tokenIn(mail!.text_body!)!;
    const anon = t.anonymous();
    expect((await anon.post(`${PORTAL}/api/invitations/consent`, { token })).json()).toMatchObject({
      state: 'active',
      kind: 'withdraw',
    });
    expect((await anon.post(`${PORTAL}/api/invitations/consent/confirm`, { token })).statusCode).toBe(404);
    for (let i = 0; i < 2; i++) {
      const res = await anon.post(`${PORTAL}/api/invitations/consent/withdraw`, { token });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ state: 'ended', endReason: 'withdrawn_by_citizen', email: null });
    }
    const row = await t.db
      .selectFrom('invitation_consents')
      .select(['email', 'email_sha256', 'end_reason'])
      .where('person_id', '=', P.mail)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: null, end_reason: 'withdrawn_by_citizen' });
    expect(row.email_sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'authority_id'])
      .where('action', '=', 'invitation.consent.withdraw')
      .where('result', '=', 'success')
      .where('subject_person_id', '=', P.mail)
      .execute();
    expect(audit).toEqual([{ subject_person_id: P.mail, authority_id: A }]);
  });

  it('shows the consent and the mail in the person’s disclosure (Art. 15), the address gone once withdrawn', async () => {
    const clerk = await t.login('clerk');
    const res = await clerk.post(`/api/register/persons/${P.mail}/disclosure`, {
      identity: 'desk_id_document',
      purpose: 'Auskunft am Schalter',
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.invitationConsents).toHaveLength(1);
    expect(d.invitationConsents[0]).toMatchObject({ email: null, endReason: 'withdrawn_by_citizen' });
    expect(d.invitationConsents[0].confirmedAt).not.toBeNull();
    const actions = d.accessLog.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['invitation.mail', 'invitation.consent.record', 'invitation.consent.withdraw']),
    );
    const pdf = await clerk.post(`/api/register/persons/${P.mail}/disclosure/pdf`, {
      identity: 'desk_id_document',
      purpose: 'Auskunft am Schalter',
    });
    expect(pdf.statusCode).toBe(200);
    const text = checkTaggedPdf(new Uint8Array(pdf.rawPayload)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Einwilligung in Einladungen per E-Mail');
    expect(text).toMatch(/Einladung zum Sprechtag vor Ablauf des Ausweises per ?E-Mail ?gesendet/);
  });

  it('ends a consent when the person moves away, and deletes ended consents after their retention', async () => {
    await recordAndConfirm(P.moving, 'umzug@example.org');
    await sql`update register_persons set status = 'moved_away' where id = ${P.moving}`.execute(t.db);
    const result = await maintainConsents(t.db);
    expect(result.ended).toBeGreaterThanOrEqual(1);
    const ended = await t.db
      .selectFrom('invitation_consents')
      .select(['end_reason', 'email'])
      .where('person_id', '=', P.moving)
      .where('end_reason', '=', 'moved_away')
      .execute();
    expect(ended).toEqual([{ end_reason: 'moved_away', email: null }]);
    // Kept as proof until the end of the third year after the end; gone in the fourth.
    const kept = await maintainConsents(t.db, new Date(`${Number(today.slice(0, 4)) + 3}-12-31T12:00:00Z`));
    const confirmedLeft = await t.db
      .selectFrom('invitation_consents')
      .select('id')
      .where('confirmed_at', 'is not', null)
      .execute();
    expect(confirmedLeft.length).toBeGreaterThan(0);
    expect(kept.deleted).toBeGreaterThan(0); // the never-confirmed one went after 30 days
    await maintainConsents(t.db, new Date(`${Number(today.slice(0, 4)) + 4}-01-01T12:00:00Z`));
    // Only the open consent (the blocked person's, still a resident) is left.
    const left = await t.db.selectFrom('invitation_consents').select(['person_id', 'ended_at']).execute();
    expect(left).toEqual([{ person_id: P.blocked, ended_at: null }]);
    expect(
      await t.db
        .selectFrom('audit_log')
        .select('id')
        .where('resource_id', '=', 'invitations.consents')
        .execute(),
    ).not.toEqual([]);
  });

  it('will not record a consent for a person who moved away', async () => {
    const clerk = await t.login('clerk');
    const res = await clerk.post(
      url(P.moving),
      { email: 'x@example.org', locale: 'de', consentGiven: true },
      REASON,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONSENT_NOT_RESIDENT');
  });
});
