import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../../core/time';
import { checkTaggedPdf } from '../../pdf/tag-check';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { DESK_REGISTER_ID } from '../payments/seed';
import { DEMO_REGISTER } from '../register/demo-ids';
import { pdfToText, pngBytes, tempDataDir } from './test-support';

/** Each remaining service of the desk with its rules and its effect. */
const P = DEMO_REGISTER.persons;
const today = localDate(new Date());
let t: TestApp;
let clerk: Agent;
let seed = 200;

beforeAll(async () => {
  t = await createTestApp({ config: { dataDir: tempDataDir() } });
  clerk = await t.login('clerk');
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(t.config.dataDir, { recursive: true, force: true });
});

async function file(kind: 'photo' | 'signature' | 'scan'): Promise<string> {
  seed++;
  const bytes = kind === 'photo' ? pngBytes(360, 480, seed) : pngBytes(400, 120, seed);
  const res = await clerk.inject({
    method: 'POST',
    url: `/api/attachments?kind=${kind}`,
    headers: { 'content-type': 'image/png' },
    payload: bytes,
  });
  return res.json().sha256;
}

async function capture(
  slug: keyof typeof SERVICE_IDS,
  personId: string | null,
  formData: Record<string, unknown>,
) {
  return clerk.post('/api/cases', { serviceId: SERVICE_IDS[slug], personId, formData });
}

async function pdf(caseId: string, kind: string): Promise<string> {
  const issued = await clerk.post(`/api/cases/${caseId}/documents`, { kind });
  expect(issued.statusCode, issued.body).toBe(201);
  const bytes = (await clerk.get(`/api/documents/${issued.json().id}/pdf`)).rawPayload;
  expect(checkTaggedPdf(bytes).problems).toEqual([]);
  return pdfToText(bytes);
}

const submit = (id: string) => clerk.post(`/api/cases/${id}/transitions`, { to: 'submitted' });
const record = async (id: string) => (await clerk.get(`/api/register/persons/${id}?purpose=Test`)).json();

describe('Abmeldung', () => {
  it('refuses a move-out more than a week ahead, a destination in Germany and a missing secondary residence', async () => {
    const base = {
      scope: 'abroad',
      moveOutDate: addDays(today, 3),
      destinationCountry: 'AT',
      signature: await file('signature'),
    };
    expect(
      (
        await capture('abmeldung-einer-wohnung', P.berndBeispiel, {
          ...base,
          moveOutDate: addDays(today, 10),
        })
      ).json().code,
    ).toBe('REGISTER_MOVE_OUT_TOO_EARLY');
    expect(
      (
        await capture('abmeldung-einer-wohnung', P.berndBeispiel, { ...base, destinationCountry: 'DE' })
      ).json().code,
    ).toBe('REGISTER_DESTINATION_NOT_ABROAD');
    const secondary = await capture('abmeldung-einer-wohnung', P.berndBeispiel, {
      scope: 'secondary',
      moveOutDate: today,
      signature: base.signature,
    });
    expect((await submit(secondary.json().id)).json().code).toBe('REGISTER_NO_SECONDARY_RESIDENCE');
  });

  it('deregisters a person moving abroad and confirms it', async () => {
    const res = await capture('abmeldung-einer-wohnung', P.berndBeispiel, {
      scope: 'abroad',
      moveOutDate: addDays(today, 3),
      destinationCountry: 'AT',
      destinationAddress: 'Musterplatz 1, 1010 Wien (fiktiv)',
      signature: await file('signature'),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await submit(res.json().id)).json().status).toBe('completed');
    const bernd = await record(P.berndBeispiel);
    expect(bernd.status).toBe('moved_abroad');
    expect(bernd.residences.every((r: { current: boolean }) => !r.current)).toBe(true);
    const text = await pdf(res.json().id, 'registration_confirmation');
    expect(text).toContain('Bestätigung der Abmeldung');
    expect(text).toContain('Beispielstraße 7');
    // § 24 Abs. 2 BMG lists what a confirmation may hold: no destination.
    expect(text).not.toContain('Wien');
  });
});

describe('blocks', () => {
  it('enters an information block for two years, also for household members', async () => {
    const res = await capture('auskunftssperre', P.erikaMustermann, {
      grounds: 'Bedrohung durch eine frühere Bekanntschaft (fiktiver Demo-Fall)',
      coApplicants: [P.leonieMustermann],
      signature: await file('signature'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const done = (await submit(res.json().id)).json();
    expect(done.status).toBe('completed');
    const until = addDays(`${Number(today.slice(0, 4)) + 2}${today.slice(4)}`, -1);
    expect(done.result.block.validUntil).toBe(until);
    for (const id of [P.erikaMustermann, P.leonieMustermann]) {
      const r = await record(id);
      expect(r.disclosureBlocked).toBe(true);
      expect(r.blocks.find((b: { kind: string }) => b.kind === 'information_block').validUntil).toBe(until);
    }
    const search = (
      await clerk.get('/api/register/persons?familyName=Mustermann&birthDate=1964-08-12&purpose=Test')
    ).json();
    expect(search.persons[0].disclosureBlocked).toBe(true);
  });
});

describe('temporary ID card and hand-over', () => {
  it('issues a temporary ID card on the spot, valid for three months', async () => {
    const res = await capture('vorlaeufiger-personalausweis', P.maxMustermann, {
      urgency: 'Reise am Wochenende (fiktiv)',
      heightCm: 182,
      eyeColour: 'blue',
      photoSource: 'provider',
      photo: await file('photo'),
      signature: await file('signature'),
      serialNumber: 'V1234567',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fee.amountCents).toBe(1000);
    await clerk.post('/api/payments', {
      caseId: res.json().id,
      registerId: DESK_REGISTER_ID,
      method: 'cash',
      amountCents: 1000,
    });
    expect((await submit(res.json().id)).json().status).toBe('completed');
    const max = await record(P.maxMustermann);
    const temporary = max.idDocuments.find((d: { kind: string }) => d.kind === 'temporary_id_card');
    expect(temporary).toMatchObject({ status: 'valid', serialNumber: 'V1234567' });
    expect(temporary.validUntil > addDays(today, 85) && temporary.validUntil < addDays(today, 93)).toBe(true);
  });

  it('hands a ready passport over through the Aushändigung service, and refuses a wrong number', async () => {
    const app = await capture('reisepass-beantragen', P.juergenMuellerLuedenscheidt, {
      reason: 'expiry',
      heightCm: 175,
      eyeColour: 'grey',
      photoSource: 'provider',
      photo: await file('photo'),
      signature: await file('signature'),
      pickupAt: 'office_day',
    });
    const { id, number } = app.json();
    await clerk.post('/api/payments', {
      caseId: id,
      registerId: DESK_REGISTER_ID,
      method: 'card',
      amountCents: 7000,
      terminalReference: 'T-77',
    });
    await submit(id);
    await clerk.post(`/api/cases/${id}/transitions`, { to: 'in_progress' });
    const signature = await file('signature');
    const base = { handedTo: 'applicant', identityChecked: true, oldDocumentInvalidated: true, signature };
    const early = await capture('ausweisdokument-aushaendigung', P.juergenMuellerLuedenscheidt, {
      ...base,
      applicationNumber: number,
    });
    expect((await submit(early.json().id)).json().code).toBe('CASE_HANDOVER_APPLICATION_NOT_READY');
    await clerk.post(`/api/cases/${id}/transitions`, { to: 'ready_for_pickup' });
    const handover = await capture('ausweisdokument-aushaendigung', P.juergenMuellerLuedenscheidt, {
      ...base,
      applicationNumber: number.toLowerCase().replace(/-/g, ' '),
    });
    expect((await submit(handover.json().id)).json().status).toBe('completed');
    const passport = (await clerk.get(`/api/cases/${id}`)).json();
    expect(passport.status).toBe('handed_over');
    expect(passport.result.handover.handoverCaseId).toBe(handover.json().id);
  });
});

describe('certificates and local matters', () => {
  it('forwards a Führungszeugnis for 13 € and completes it when forwarded; the extended one needs the written request', async () => {
    const extended = await capture('fuehrungszeugnis-beantragen', P.zoeWeiss, {
      kind: 'extended',
      delivery: 'private',
      signature: await file('signature'),
    });
    expect(extended.json().errors.map((e: { path: string }) => e.path)).toEqual(['/extendedRequest']);
    const res = await capture('fuehrungszeugnis-beantragen', P.zoeWeiss, {
      kind: 'standard',
      delivery: 'authority',
      authorityAddress: 'Landratsamt Zwickau (fiktive Anschrift)',
      purpose: 'Tätigkeit in der Jugendhilfe',
      signature: await file('signature'),
    });
    expect(res.json().fee.amountCents).toBe(1300);
    await clerk.post('/api/payments', {
      caseId: res.json().id,
      registerId: DESK_REGISTER_ID,
      method: 'cash',
      amountCents: 1300,
    });
    expect((await submit(res.json().id)).json().status).toBe('submitted');
    const done = (await clerk.post(`/api/cases/${res.json().id}/transitions`, { to: 'completed' })).json();
    expect(done.status).toBe('completed');
    expect(done.result.forwardedOn).toBe(today);
  });

  it('certifies copies for someone not in the register, with the fee fixed by the clerk', async () => {
    const res = await capture('beglaubigung', null, {
      applicant: {
        familyName: 'Gast',
        givenNames: 'Greta',
        birthDate: '1970-07-07',
        address: 'Musterstraße 1, 04103 Leipzig (fiktiv)',
      },
      kind: 'copy',
      documentDescription: 'Abschlusszeugnis',
      pages: 3,
      originalPresented: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fee).toMatchObject({ status: 'open', amountUnconfirmed: true });
    await clerk.post('/api/payments', {
      caseId: res.json().id,
      registerId: DESK_REGISTER_ID,
      method: 'cash',
      amountCents: 900,
    });
    const done = (await submit(res.json().id)).json();
    expect(done).toMatchObject({ status: 'completed', subjectName: 'Gast, Greta', personId: null });
  });

  it('prints a Lebensbescheinigung for a care-home resident', async () => {
    const res = await capture('lebensbescheinigung', P.gertrudExempel, {
      institution: 'Deutsche Rentenversicherung (fiktiv)',
      institutionCountry: 'DE',
      referenceNumber: '12 345678 X 000',
      personallyPresent: true,
      signature: await file('signature'),
    });
    expect((await submit(res.json().id)).json().status).toBe('completed');
    const text = await pdf(res.json().id, 'life_certificate');
    expect(text).toContain('Lebensbescheinigung');
    expect(text).toContain('Gertrud Exempel');
    expect(text.replace(/\s+/g, ' ')).toContain(
      'persönlich vor der unterzeichnenden Behörde erschienen ist und lebt',
    );
  });

  it('registers and deregisters a dog', async () => {
    const on = await capture('hundesteuer-anmeldung', P.maxMustermann, {
      dogName: 'Bello',
      breed: 'Mischling',
      keptSince: addDays(today, -5),
      chipNumber: '276098106123456',
      dangerous: 'no',
      dogsInHousehold: 1,
    });
    expect((await submit(on.json().id)).json().status).toBe('completed');
    const wrongChip = await capture('hundesteuer-anmeldung', P.maxMustermann, {
      dogName: 'Bello',
      breed: 'Mischling',
      keptSince: today,
      chipNumber: '12345',
      dangerous: 'no',
      dogsInHousehold: 1,
    });
    expect(wrongChip.json().errors[0]).toMatchObject({ path: '/chipNumber', code: 'pattern' });
    const off = await capture('hundesteuer-abmeldung', P.maxMustermann, {
      dogName: 'Bello',
      reason: 'given_away',
      newKeeper: 'Tierheim Beispiel (fiktiv)',
      endDate: today,
    });
    expect((await submit(off.json().id)).json().status).toBe('completed');
  });

  it('takes a found item from a finder who is not in the register, noting that small items need no report', async () => {
    const res = await capture('fundsache', null, {
      applicant: {
        familyName: 'Finder',
        givenNames: 'Frida',
        birthDate: '1991-01-01',
        address: 'Feldweg 2, 08393 Meerane (fiktiv)',
      },
      kind: 'handed_in',
      description: 'Schwarzer Regenschirm',
      foundOn: today,
      foundAt: 'Bushaltestelle Markt',
      estimatedValueEur: 5,
      finderRights: 'no',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().warnings.map((w: { code: string }) => w.code)).toEqual(['no_report_needed']);
    await clerk.post('/api/payments', {
      caseId: res.json().id,
      registerId: DESK_REGISTER_ID,
      method: 'cash',
      amountCents: 0,
    });
    expect((await submit(res.json().id)).json().status).toBe('completed');
  });
});
