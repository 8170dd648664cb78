import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../../core/time';
import { checkTaggedPdf } from '../../pdf/tag-check';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { DESK_REGISTER_ID } from '../payments/seed';
import { DEMO_REGISTER } from '../register/demo-ids';
import { attachmentPath, deletePurgedFiles } from './attachments';
import { pdfToText, pngBytes, tempDataDir } from './test-support';

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

async function upload(kind: string, bytes: Buffer, type = 'image/png') {
  return clerk.inject({
    method: 'POST',
    url: `/api/attachments?kind=${kind}`,
    headers: { 'content-type': type },
    payload: bytes,
  });
}

async function stored(kind: string, bytes: Buffer): Promise<string> {
  const res = await upload(kind, bytes);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().sha256;
}

let seed = 10;
async function application(
  personId: string,
  service: 'personalausweis-beantragen' | 'reisepass-beantragen',
  extra: Record<string, unknown> = {},
) {
  seed++;
  return clerk.post('/api/cases', {
    serviceId: SERVICE_IDS[service],
    personId,
    formData: {
      reason: 'expiry',
      heightCm: 170,
      eyeColour: 'brown',
      photoSource: 'provider',
      photo: await stored('photo', pngBytes(360, 480, seed)),
      signature: await stored('signature', pngBytes(400, 120, seed)),
      pickupAt: 'town_hall',
      ...extra,
    },
  });
}

/** Files of a ustar archive. */
function untar(bytes: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= bytes.length) {
    const name = bytes
      .subarray(offset, offset + 100)
      .toString('latin1')
      .replace(/\0.*$/s, '');
    if (!name) break;
    const size = Number.parseInt(
      bytes
        .subarray(offset + 124, offset + 136)
        .toString('latin1')
        .replace(/\0.*$/s, '')
        .trim(),
      8,
    );
    files.set(name, bytes.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('photo, signature and scans', () => {
  it('refuses a "photo" that is not an image', async () => {
    const res = await upload('photo', Buffer.from('GIF89a… this is not a JPEG at all'), 'image/jpeg');
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('ATTACHMENT_CONTENT_MISMATCH');
  });

  it('refuses a PDF as a photo, an oversized photo and one too small for a passport picture', async () => {
    expect((await upload('photo', Buffer.from('%PDF-1.7\n…'), 'application/pdf')).json().code).toBe(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
    );
    const big = await upload('photo', Buffer.concat([pngBytes(360, 480), Buffer.alloc(6 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
    expect(big.json().detail).toContain('5 MB');
    const small = await upload('photo', pngBytes(100, 120));
    expect(small.statusCode).toBe(422);
    expect(small.json().detail).toContain('100 × 120');
  });

  it('stores the same bytes once, by their SHA-256, under DATA_DIR/attachments', async () => {
    const bytes = pngBytes(400, 120, 99);
    const a = (await upload('signature', bytes)).json();
    const b = (await upload('signature', bytes)).json();
    expect(a.id).toBe(b.id);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    const authority = (
      await t.db
        .selectFrom('attachments')
        .select('authority_id')
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow()
    ).authority_id;
    expect(fs.readFileSync(attachmentPath(t.config.dataDir, authority, a.sha256))).toEqual(bytes);
  });
});

describe('ID card and passport applications', () => {
  it('charges the fee by age: 27.60 € under 24, 46 € from 24; passport 37.50 € / 70 €', async () => {
    const zoe = await application(P.zoeWeiss, 'personalausweis-beantragen');
    expect(zoe.statusCode, zoe.body).toBe(201);
    expect(zoe.json().fee.amountCents).toBe(2760);
    const erika = await application(P.erikaMustermann, 'personalausweis-beantragen', {
      feeOptions: ['photo'],
    });
    expect(erika.json().fee.amountCents).toBe(4600 + 600);
    expect((await application(P.zoeWeiss, 'reisepass-beantragen')).json().fee.amountCents).toBe(3750);
    expect(
      (await application(P.juergenMuellerLuedenscheidt, 'reisepass-beantragen')).json().fee.amountCents,
    ).toBe(7000);
  });

  it('asks for the custodians of a child and refuses non-Germans', async () => {
    const child = await application(P.leonieMustermann, 'personalausweis-beantragen');
    expect(child.statusCode).toBe(422);
    expect(child.json().code).toBe('CASE_APPLICANT_TOO_YOUNG');
    const withConsent = await application(P.leonieMustermann, 'personalausweis-beantragen', {
      custodianNames: 'Erika und Max Mustermann',
      custodianConsent: true,
    });
    expect(withConsent.statusCode, withConsent.body).toBe(201);
    const foreigner = await t.db
      .selectFrom('register_persons')
      .select('id')
      .where('status', '=', 'resident')
      .where((eb) => eb.not(eb(eb.val('DE'), '=', eb.fn.any('nationalities'))))
      .executeTakeFirstOrThrow();
    const res = await application(foreigner.id, 'personalausweis-beantragen');
    expect(res.json().code).toBe('CASE_GERMAN_NATIONALITY_REQUIRED');
  });

  it('runs from application to hand-over: fee, export package, ready notice, hand-over, photo deleted', async () => {
    const captured = await application(P.zoeWeiss, 'personalausweis-beantragen', {
      contactEmail: 'zoe@example.org',
    });
    const { id, number, accessCode } = captured.json();

    const early = await clerk.post(`/api/cases/${id}/transitions`, { to: 'submitted' });
    expect(early.json().code).toBe('CASE_FEE_OPEN');
    const payment = (
      await clerk.post('/api/payments', {
        caseId: id,
        registerId: DESK_REGISTER_ID,
        method: 'cash',
        amountCents: 2760,
      })
    ).json();
    const submitted = await clerk.post(`/api/cases/${id}/transitions`, { to: 'submitted' });
    expect(submitted.json().status).toBe('submitted');
    const applied = await t.db
      .selectFrom('register_id_documents')
      .selectAll()
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(applied).toMatchObject({ kind: 'id_card', status: 'applied' });

    const summary = await clerk.post(`/api/cases/${id}/documents`, { kind: 'application_summary' });
    const summaryBytes = (await clerk.get(`/api/documents/${summary.json().id}/pdf`)).rawPayload;
    const summaryTags = checkTaggedPdf(summaryBytes);
    expect(summaryTags.problems).toEqual([]);
    // The photo and the signature are figures with alternative text (#15).
    expect(summaryTags.figures.filter((f) => f.alt?.startsWith('Lichtbild'))).toHaveLength(1);
    const summaryText = pdfToText(summaryBytes);
    expect(summaryText).toContain('Antragsübersicht');
    expect(summaryText).toContain('Körpergröße');
    expect(summaryText).toContain('Unterschrift (elektronisch erfasst)');
    expect(summaryText).toContain('27,60');

    const exported = await clerk.post(`/api/cases/${id}/id-export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('application/x-tar');
    const files = untar(exported.rawPayload);
    expect([...files.keys()]).toEqual(['antrag.json', 'lichtbild.png', 'unterschrift.png', 'SHA256SUMS']);
    const json = JSON.parse(files.get('antrag.json')!.toString('utf8'));
    expect(json).toMatchObject({
      caseNumber: number,
      document: 'id_card',
      applicant: { familyName: 'Weiß', birthDate: '2004-03-03' },
    });
    expect(json.fingerprints).toMatch(/not captured/);
    expect(JSON.stringify(json)).not.toMatch(/"fingerprint(s)?":\s*\[/);
    expect((await clerk.get(`/api/cases/${id}`)).json().status).toBe('in_progress');

    const ready = await clerk.post(`/api/cases/${id}/transitions`, { to: 'ready_for_pickup' });
    expect(ready.json().status).toBe('ready_for_pickup');
    const mail = await t.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('recipient', '=', 'zoe@example.org')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain(number);
    expect(mail.text_body).toContain('Abholung');
    const status = (await t.anonymous().post('/api/status', { caseNumber: number, accessCode })).json();
    expect(status).toMatchObject({ state: 'ready_for_pickup', pickupAt: 'town_hall' });

    const wrong = await clerk.post(`/api/cases/${id}/transitions`, { to: 'completed' });
    expect(wrong.json().code).toBe('CASE_TRANSITION_NOT_ALLOWED');

    const handed = await clerk.post(`/api/cases/${id}/hand-over`, { handedTo: 'applicant' });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json()).toMatchObject({ status: 'handed_over', contactEmail: null });
    const doc = await t.db
      .selectFrom('register_id_documents')
      .selectAll()
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    // Zoë is 22 on the day the card is ready: six years.
    expect(doc).toMatchObject({
      status: 'valid',
      issued_on: today,
      valid_until: addDays(`${Number(today.slice(0, 4)) + 6}${today.slice(4)}`, -1),
    });
    const old = await t.db
      .selectFrom('register_id_documents')
      .select('status')
      .where('id', '=', '01900000-0000-7000-8000-000000005505')
      .executeTakeFirstOrThrow();
    expect(old.status).toBe('invalidated');
    const photo = await t.db
      .selectFrom('case_attachments as ca')
      .innerJoin('attachments as a', 'a.id', 'ca.attachment_id')
      .select(['a.sha256', 'a.purged_at', 'a.authority_id'])
      .where('ca.case_id', '=', id)
      .where('a.kind', '=', 'photo')
      .executeTakeFirstOrThrow();
    expect(photo.purged_at).not.toBeNull();
    await deletePurgedFiles(t.db, t.config.dataDir);
    expect(fs.existsSync(attachmentPath(t.config.dataDir, photo.authority_id, photo.sha256))).toBe(false);
    expect(payment.receiptNumber).toMatch(/^RH1-Q-/);
  });

  it('waives the fee for a person in need with the reason on the receipt', async () => {
    const { id } = (await application(P.erikaMustermann, 'personalausweis-beantragen')).json();
    const waived = await clerk.post('/api/payments', {
      caseId: id,
      registerId: DESK_REGISTER_ID,
      method: 'waiver',
      waiverId: 'need',
      waiverReason: 'Bedürftigkeit nachgewiesen (Bescheid vorgelegt)',
    });
    expect(waived.statusCode, waived.body).toBe(201);
    expect(waived.json()).toMatchObject({ method: 'waiver', amountCents: 0 });
    const receipt = await clerk.post(`/api/cases/${id}/documents`, {
      kind: 'receipt',
      paymentId: waived.json().id,
    });
    const text = pdfToText((await clerk.get(`/api/documents/${receipt.json().id}/pdf`)).rawPayload);
    expect(text).toContain('Gebührenerlass');
    expect(text).toContain('Bedürftigkeit nachgewiesen');
    expect((await clerk.post(`/api/cases/${id}/transitions`, { to: 'submitted' })).json().status).toBe(
      'submitted',
    );
  });

  it('will not cancel a paid application before the entry is reversed', async () => {
    const { id } = (await application(P.juergenMuellerLuedenscheidt, 'reisepass-beantragen')).json();
    const paid = (
      await clerk.post('/api/payments', {
        caseId: id,
        registerId: DESK_REGISTER_ID,
        method: 'cash',
        amountCents: 7000,
      })
    ).json();
    const cancel = await clerk.post(`/api/cases/${id}/transitions`, {
      to: 'cancelled',
      reason: 'zurückgezogen',
    });
    expect(cancel.json().code).toBe('CASE_PAYMENT_TO_REVERSE');
    await clerk.post(`/api/payments/${paid.id}/reversal`, { reason: 'Antrag zurückgezogen' });
    const noReason = await clerk.post(`/api/cases/${id}/transitions`, { to: 'cancelled' });
    expect(noReason.json().code).toBe('CASE_TRANSITION_REASON_REQUIRED');
    expect(
      (await clerk.post(`/api/cases/${id}/transitions`, { to: 'cancelled', reason: 'zurückgezogen' })).json()
        .status,
    ).toBe('cancelled');
  });
});
