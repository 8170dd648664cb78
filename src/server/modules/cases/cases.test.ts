import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../../core/time';
import { checkTaggedPdf } from '../../pdf/tag-check';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { DESK_REGISTER_ID } from '../payments/seed';
import { DEMO } from '../places/demo-ids';
import { DEMO_REGISTER } from '../register/demo-ids';
import { pdfQrMatches, pdfToText, pngBytes, tempDataDir } from './test-support';

const P = DEMO_REGISTER.persons;
const today = localDate(new Date());
let t: TestApp;
let clerk: Agent;

beforeAll(async () => {
  t = await createTestApp({ config: { dataDir: tempDataDir() } });
  clerk = await t.login('clerk');
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(t.config.dataDir, { recursive: true, force: true });
});

async function upload(kind: 'photo' | 'signature' | 'scan', bytes: Buffer, type = 'image/png') {
  const res = await clerk.inject({
    method: 'POST',
    url: `/api/attachments?kind=${kind}`,
    headers: { 'content-type': type },
    payload: bytes,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { sha256: string };
}

function moveIn(personId: string | null, overrides: Record<string, unknown> = {}, signature = '') {
  return {
    serviceId: SERVICE_IDS['anmeldung-einer-wohnung'],
    personId,
    formData: {
      moveInDate: addDays(today, -3),
      residenceKind: 'sole',
      newAddress: {
        municipalityId: DEMO.municipalityMeerane,
        street: 'Lindenallee',
        houseNumber: '4',
        postalCode: '08393',
      },
      landlordConfirmation: 'paper',
      landlordName: 'Wohnbau Beispiel GmbH (fiktiv)',
      landlordAddress: 'Beispielweg 1, 08393 Meerane',
      informedAboutObjections: true,
      signature,
      ...overrides,
    },
  };
}

async function pdfOf(caseId: string, kind: string, paymentId?: string) {
  const issued = await clerk.post(`/api/cases/${caseId}/documents`, {
    kind,
    ...(paymentId ? { paymentId } : {}),
  });
  expect(issued.statusCode, issued.body).toBe(201);
  const { id, verificationCode } = issued.json();
  const pdf = await clerk.get(`/api/documents/${id}/pdf`);
  expect(pdf.statusCode).toBe(200);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  // Every document we issue is a tagged PDF (#15).
  expect(checkTaggedPdf(pdf.rawPayload).problems).toEqual([]);
  return { bytes: pdf.rawPayload, code: verificationCode as string };
}

describe('Anmeldung (move-in)', () => {
  it('moves the household together, updates the register and prints a Meldebestätigung with its QR code', async () => {
    const sig = await upload('signature', pngBytes(400, 150));
    const captured = await clerk.post(
      '/api/cases',
      moveIn(P.erikaMustermann, { coMovers: [P.maxMustermann, P.leonieMustermann] }, sig.sha256),
    );
    expect(captured.statusCode, captured.body).toBe(201);
    const c = captured.json();
    expect(c.number).toMatch(new RegExp(`^MEE-${today.slice(0, 4)}-\\d{6}$`));
    expect(c.fee.status).toBe('free');

    const submitted = await clerk.post(`/api/cases/${c.id}/transitions`, { to: 'submitted' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('completed');
    expect(submitted.json().result.deadline).toBe(addDays(addDays(today, -3), 14));

    const erika = (await clerk.get(`/api/register/persons/${P.erikaMustermann}?purpose=Test`)).json();
    const current = erika.residences.filter((r: { current: boolean }) => r.current);
    expect(current).toHaveLength(1);
    expect(current[0].address).toMatchObject({ street: 'Lindenallee', houseNumber: '4', city: 'Meerane' });
    const old = erika.residences.find(
      (r: { address: { street: string } }) => r.address.street === 'Musterweg',
    );
    expect(old.movedOutOn).toBe(addDays(today, -3));
    expect(erika.household.map((h: { id: string }) => h.id).sort()).toEqual(
      [P.maxMustermann, P.leonieMustermann].sort(),
    );
    expect(erika.householdId).toBe(DEMO_REGISTER.households.mustermann);
    expect(erika.history.map((e: { kind: string }) => e.kind)).toContain('moved_within');
    const max = (await clerk.get(`/api/register/persons/${P.maxMustermann}?purpose=Test`)).json();
    expect(max.residences.find((r: { current: boolean }) => r.current).address.street).toBe('Lindenallee');

    const { bytes, code } = await pdfOf(c.id, 'registration_confirmation');
    const text = pdfToText(bytes);
    expect(text).toContain('Amtliche Meldebestätigung');
    expect(text).toContain('Erika Johanna Mustermann');
    expect(text).toContain('Leonie Mustermann');
    expect(text).toContain('Lindenallee 4, 08393 Meerane');
    expect(text).toContain(c.number);
    expect(text).toContain('MUSTER');
    expect(pdfQrMatches(bytes, `${t.config.publicUrl}/pruefen/${code}`)).toBe(true);
    expect(pdfQrMatches(bytes, `${t.config.publicUrl}/pruefen/XXXXXXXXXXXX`)).toBe(false);

    const check = await t.anonymous().get(`/api/verify/${code.toLowerCase().replace(/(.{4})/g, '$1-')}`);
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({
      genuine: true,
      title: 'Meldebestätigung',
      caseNumber: c.number,
      holderInitials: 'E. M.',
    });
  });

  it('gives a person who moves out of the household alone a household of their own', async () => {
    const sig = await upload('signature', pngBytes(400, 150, 2));
    const res = await clerk.post(
      '/api/cases',
      moveIn(
        P.maxMustermann,
        {
          newAddress: {
            municipalityId: DEMO.municipalitySchoenberg,
            street: 'Am Teich',
            houseNumber: '2',
            postalCode: '08393',
          },
        },
        sig.sha256,
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(
      (await clerk.post(`/api/cases/${res.json().id}/transitions`, { to: 'submitted' })).json().status,
    ).toBe('completed');
    const max = (await clerk.get(`/api/register/persons/${P.maxMustermann}?purpose=Test`)).json();
    expect(max.householdId).not.toBe(DEMO_REGISTER.households.mustermann);
    expect(max.household).toEqual([]);
    const erika = (await clerk.get(`/api/register/persons/${P.erikaMustermann}?purpose=Test`)).json();
    expect(erika.household.map((h: { id: string }) => h.id)).toEqual([P.leonieMustermann]);
  });

  it('registers a person moving in from elsewhere as a new resident', async () => {
    const sig = await upload('signature', pngBytes(400, 150, 3));
    const res = await clerk.post(
      '/api/cases',
      moveIn(
        null,
        {
          newAddress: {
            municipalityId: DEMO.municipalityMeerane,
            street: 'Lindenallee',
            houseNumber: '6',
            postalCode: '08393',
          },
          newPerson: {
            familyName: 'Neumann-Özdemir',
            givenNames: 'Jana',
            birthDate: '1990-02-14',
            birthPlace: 'Leipzig',
            sex: 'female',
            nationalities: ['DE', 'TR'],
            religion: 'none',
            maritalStatus: 'single',
          },
          previousAddress: {
            street: 'Karl-Liebknecht-Straße',
            houseNumber: '10',
            postalCode: '04107',
            city: 'Leipzig',
            country: 'DE',
          },
        },
        sig.sha256,
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    const done = await clerk.post(`/api/cases/${res.json().id}/transitions`, { to: 'submitted' });
    expect(done.json().status).toBe('completed');
    expect(done.json().personId).toBeTruthy();
    const found = await clerk.get(
      '/api/register/persons?familyName=Oezdemir&birthDate=1990-02-14&purpose=Test',
    );
    expect(found.json().persons.map((p: { givenNames: string }) => p.givenNames)).toEqual(['Jana']);
  });

  it('refuses a move-in date in the future (§ 17 BMG)', async () => {
    const res = await clerk.post(
      '/api/cases',
      moveIn(P.zoeWeiss, { moveInDate: addDays(today, 1), signature: 'a'.repeat(64) }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('REGISTER_MOVE_IN_DATE_IN_FUTURE');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('/moveInDate');
  });

  it('refuses a move-in without landlord confirmation (§ 19 BMG), naming the field', async () => {
    const sig = await upload('signature', pngBytes(300, 100, 4));
    const res = await clerk.post(
      '/api/cases',
      moveIn(P.zoeWeiss, { landlordConfirmation: undefined }, sig.sha256),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('REGISTER_LANDLORD_CONFIRMATION_MISSING');
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/landlordConfirmation', code: 'landlord_confirmation_missing' }),
      ]),
    );
  });

  it('refuses a registration at the dwelling where the person is already registered', async () => {
    const sig = await upload('signature', pngBytes(300, 100, 5));
    const res = await clerk.post(
      '/api/cases',
      moveIn(
        P.juergenMuellerLuedenscheidt,
        {
          newAddress: {
            municipalityId: DEMO.municipalityMeerane,
            street: 'Beispielstr.',
            houseNumber: '7',
            unit: '2. OG rechts',
            postalCode: '08393',
          },
        },
        sig.sha256,
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    const submit = await clerk.post(`/api/cases/${res.json().id}/transitions`, { to: 'submitted' });
    expect(submit.statusCode).toBe(409);
    expect(submit.json().code).toBe('REGISTER_ALREADY_REGISTERED_AT_DWELLING');
    expect(submit.json().detail).toContain('Müller-Lüdenscheidt');
  });

  it('refuses a signature that is not an uploaded file', async () => {
    const res = await clerk.post('/api/cases', moveIn(P.zoeWeiss, {}, 'b'.repeat(64)));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CASE_FORM_INVALID');
    expect(res.json().errors[0]).toMatchObject({ path: '/signature', code: 'invalid_attachment' });
  });
});

describe('Meldebescheinigung and blocks', () => {
  async function certificate(personId: string, formData: Record<string, unknown>) {
    return clerk.post('/api/cases', { serviceId: SERVICE_IDS.meldebescheinigung, personId, formData });
  }

  async function settleAndSubmit(caseId: string) {
    const pay = await clerk.post('/api/payments', {
      caseId,
      registerId: DESK_REGISTER_ID,
      method: 'cash',
      amountCents: 500,
    });
    expect(pay.statusCode, pay.body).toBe(201);
    const done = await clerk.post(`/api/cases/${caseId}/transitions`, { to: 'submitted' });
    expect(done.statusCode, done.body).toBe(200);
    return pay.json();
  }

  it('refuses a certificate about a blocked person to a third party, without saying why', async () => {
    const res = await certificate(P.berndBeispiel, {
      variant: 'simple',
      requester: 'authorised',
      authorisedName: 'Max Neugier (fiktiv)',
      powerOfAttorneyPresented: true,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('REGISTER_DISCLOSURE_REFUSED');
    expect(res.json().detail).not.toMatch(/sperre|block/i);
  });

  it('also refuses it for a care-home resident (conditional block, § 52 BMG)', async () => {
    const res = await certificate(P.gertrudExempel, {
      variant: 'simple',
      requester: 'authorised',
      authorisedName: 'Beispiel Betreuung (fiktiv)',
      powerOfAttorneyPresented: true,
    });
    expect(res.json().code).toBe('REGISTER_DISCLOSURE_REFUSED');
  });

  it('keeps a blocked person out of everything public: the check shows no initials', async () => {
    const res = await certificate(P.berndBeispiel, { variant: 'simple', requester: 'self' });
    expect(res.statusCode, res.body).toBe(201);
    await settleAndSubmit(res.json().id);
    const { bytes, code } = await pdfOf(res.json().id, 'registration_certificate');
    const text = pdfToText(bytes);
    expect(text).toContain('Einfache Meldebescheinigung');
    expect(text).toContain('Beispielstraße 7, EG links, 08393 Meerane');
    const check = (await t.anonymous().get(`/api/verify/${code}`)).json();
    expect(check.genuine).toBe(true);
    expect(check.holderInitials).toBeNull();
  });

  it('prints the extended certificate with birth data and nationalities, and a receipt with the access code', async () => {
    const res = await certificate(P.zoeWeiss, {
      variant: 'extended',
      requester: 'self',
      purpose: 'Vorlage beim Arbeitgeber',
    });
    expect(res.statusCode, res.body).toBe(201);
    const payment = await settleAndSubmit(res.json().id);
    const cert = pdfToText((await pdfOf(res.json().id, 'registration_certificate')).bytes);
    expect(cert).toContain('Erweiterte Meldebescheinigung');
    expect(cert).toContain('Deutschland, Frankreich');
    expect(cert).toContain('Gera');
    const receipt = await pdfOf(res.json().id, 'receipt', payment.id);
    const text = pdfToText(receipt.bytes);
    expect(text).toContain('Quittung');
    expect(text).toContain(payment.receiptNumber);
    expect(text).toContain('5,00');
    expect(text).toContain(res.json().accessCode);
    expect(pdfQrMatches(receipt.bytes, `${t.config.publicUrl}/pruefen/${receipt.code}`)).toBe(true);
  });

  it('does not let a completed case be worked on again', async () => {
    const cases = (await clerk.get('/api/cases?status=completed')).json().cases;
    const res = await clerk.post(`/api/cases/${cases[0].id}/transitions`, { to: 'in_progress' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'CASE_TRANSITION_NOT_ALLOWED',
      from: 'completed',
      to: 'in_progress',
    });
  });
});

describe('status page for citizens', () => {
  it('shows the state in plain German with number and code typed loosely', async () => {
    const res = await clerk.post('/api/cases', {
      serviceId: SERVICE_IDS.uebermittlungssperre,
      personId: P.juergenMuellerLuedenscheidt,
      formData: { blocks: ['jubilees', 'parties'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { number, accessCode } = res.json();
    const typed = {
      caseNumber: ` ${number.toLowerCase().replace(/-/g, ' ')} `,
      accessCode: accessCode.toLowerCase().replace('-', ' '),
    };
    const status = await t.anonymous().post('/api/status', typed);
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({ caseNumber: number, state: 'captured' });
    expect(status.json().stateText.de).toContain('aufgenommen');
    expect(JSON.stringify(status.json())).not.toContain('Müller');

    await clerk.post(`/api/cases/${res.json().id}/transitions`, { to: 'submitted' });
    expect((await t.anonymous().post('/api/status', typed)).json().state).toBe('completed');
    const record = (
      await clerk.get(`/api/register/persons/${P.juergenMuellerLuedenscheidt}?purpose=Test`)
    ).json();
    expect(record.activeBlocks).toEqual(expect.arrayContaining(['jubilees', 'parties']));
  });

  it('gives the same answer for a wrong code and an unknown number', async () => {
    const wrong = await t
      .anonymous()
      .post('/api/status', { caseNumber: 'MEE-2026-000001', accessCode: 'AAAAA-AAAAA' });
    const unknown = await t
      .anonymous()
      .post('/api/status', { caseNumber: 'MEE-1999-999999', accessCode: 'AAAAA-AAAAA' });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().code).toBe('STATUS_NOT_FOUND');
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('calls a forged verification code not genuine', async () => {
    const res = await t.anonymous().get('/api/verify/ABCD-EFGH-JKMN');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('DOCUMENT_NOT_GENUINE');
  });
});

describe('audit trail', () => {
  it('holds every read of a resident: searches, records, cases and documents', async () => {
    await clerk.get('/api/register/persons?familyName=Mustermann&birthDate=1964-08-12', {
      'x-audit-reason': encodeURIComponent('Prüfung Zuständigkeit'),
    });
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('subject_person_id', '=', P.erikaMustermann)
      .execute();
    const actions = rows.map((r) => r.action);
    for (const action of [
      'register.search_hit',
      'register.read',
      'case.capture',
      'register.moved_within',
      'document.issue',
      'document.print',
    ])
      expect(actions, action).toContain(action);
    expect(
      rows.find((r) => r.action === 'register.search_hit' && r.reason === 'Prüfung Zuständigkeit'),
    ).toBeTruthy();
    expect(rows.every((r) => r.reason)).toBe(true);
  });

  it('refuses a register read without a purpose, and to staff who are not clerks', async () => {
    const noPurpose = await clerk.get(`/api/register/persons/${P.erikaMustermann}`);
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().code).toBe('REGISTER_PURPOSE_REQUIRED');
    const hotline = await t.login('hotline');
    expect((await hotline.get(`/api/register/persons/${P.erikaMustermann}?purpose=x`)).statusCode).toBe(403);
    expect((await hotline.get('/api/cases')).statusCode).toBe(403);
  });
});
