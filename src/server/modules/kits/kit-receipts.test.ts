import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { kitCaseNumber, kitReceiptNumber } from '../../../core/sync/kit-numbers';
import type { CommandResult } from '../../../core/sync/protocol';
import { addDays, localDate } from '../../../core/time';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { pngBytes, tempDataDir } from '../cases/test-support';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { DESK_REGISTER_ID } from '../payments/seed';
import { DEMO } from '../places/demo-ids';
import { DEMO_REGISTER } from '../register/demo-ids';
import { enrolTestKit, type TestKit } from './test-support';

/**
 * A kit's receipt numbers never block the kit (ADR 11): a fee the server cannot book to its case
 * is booked as an unassigned entry under the kit's number, so later receipts are accepted, the
 * register stays gap-free and the cash report balances; the clerk clears the entry later.
 */
const P = DEMO_REGISTER.persons;
const today = localDate(new Date());
const year = Number(today.slice(0, 4));
let t: TestApp;
let coordinator: Agent;
let clerk: Agent;

beforeAll(async () => {
  t = await createTestApp({ config: { dataDir: tempDataDir() } });
  coordinator = await t.login('coordinator');
  clerk = await t.login('clerk');
});
afterAll(async () => {
  await t?.close();
  if (t) fs.rmSync(t.config.dataDir, { recursive: true, force: true });
});

type Result = CommandResult & {
  result?: Record<string, unknown> & {
    suspense?: { paymentId: string; problem: { code: string; de: string; en: string } };
  };
  problem?: { code: string };
};

interface Entry {
  id: string;
  receiptNumber: string;
  kind: string;
  amountCents: number;
  businessDate: string;
  reversesId: string | null;
  reversedById: string | null;
  clearedFromId: string | null;
  problem: { code: string } | null;
  reference: string | null;
}

function certificate(kit: TestKit, caseId: string, n: number, personId: string) {
  return {
    type: 'case.capture',
    payload: {
      caseId,
      caseNumber: kitCaseNumber(kit.prefix, year, n),
      serviceId: SERVICE_IDS.meldebescheinigung,
      formKey: 'meldebescheinigung',
      personId,
      formData: { variant: 'simple', requester: 'self' },
      attachments: [],
      locationId: null,
      capturedAt: new Date().toISOString(),
    },
  };
}

function fee(
  kit: TestKit,
  caseId: string,
  receipt: number,
  options: { caseNumber?: number; paymentId?: string; paidAt?: string; amountCents?: number } = {},
) {
  return {
    type: 'fee.pay',
    payload: {
      paymentId: options.paymentId ?? uuidv7(),
      receiptNumber: kitReceiptNumber(kit.prefix, year, receipt),
      caseId,
      ...(options.caseNumber ? { caseNumber: kitCaseNumber(kit.prefix, year, options.caseNumber) } : {}),
      amountCents: options.amountCents ?? 500,
      method: 'cash',
      paidAt: options.paidAt ?? new Date().toISOString(),
    },
  };
}

function refund(kit: TestKit, paymentId: string, caseId: string, receipt: number) {
  return {
    type: 'fee.refund',
    payload: {
      refundId: uuidv7(),
      paymentId,
      receiptNumber: kitReceiptNumber(kit.prefix, year, receipt),
      caseId,
      amountCents: 500,
      method: 'cash',
      reason: 'Vorgang abgelehnt, Gebühr bar zurückgegeben (Test)',
      refundedAt: new Date().toISOString(),
    },
  };
}

async function kitRegisterId(kit: TestKit): Promise<string> {
  const registers = (await clerk.get('/api/cash-registers')).json().registers as {
    id: string;
    kitId: string | null;
  }[];
  return registers.find((r) => r.kitId === kit.kitId)!.id;
}

async function day(registerId: string, date = today) {
  const res = await clerk.get(`/api/cash-registers/${registerId}/days/${date}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { entries: Entry[]; totals: { cash: number }; closing: { entries: number } | null };
}

/** Receipt numbers 1…n of a register's entries, in order: gap-free. */
function numbers(entries: Entry[]): number[] {
  return entries.map((e) => Number(/-(\d+)$/.exec(e.receiptNumber)![1]));
}

async function moveAbroad(personId: string) {
  const sig = await clerk.inject({
    method: 'POST',
    url: '/api/attachments?kind=signature',
    headers: { 'content-type': 'image/png' },
    payload: pngBytes(400, 120, personId.charCodeAt(35)),
  });
  const captured = await clerk.post('/api/cases', {
    serviceId: SERVICE_IDS['abmeldung-einer-wohnung'],
    personId,
    formData: {
      scope: 'abroad',
      moveOutDate: today,
      destinationCountry: 'AT',
      destinationAddress: 'Musterplatz 1, 1010 Wien (fiktiv)',
      signature: sig.json().sha256,
    },
  });
  expect(captured.statusCode, captured.body).toBe(201);
  const done = await clerk.post(`/api/cases/${captured.json().id}/transitions`, { to: 'submitted' });
  expect(done.json().status).toBe('completed');
}

async function deskCertificate(personId: string): Promise<{ id: string; number: string }> {
  const res = await clerk.post('/api/cases', {
    serviceId: SERVICE_IDS.meldebescheinigung,
    personId,
    formData: { variant: 'simple', requester: 'self' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, number: res.json().number };
}

describe('receipt numbers never block a kit (#6, ADR 11)', () => {
  it('books the fee of a rejected case as an unassigned entry: gap-free, later receipts accepted, the report balances, the clerk assigns it', async () => {
    const kit = await enrolTestKit(coordinator, clerk, { municipalityIds: [DEMO.municipalityMeerane] });
    const zoe = uuidv7();
    const juergen = uuidv7();
    // The kit served Zoe Weiß offline; meanwhile she deregistered at the town hall (moving abroad).
    await moveAbroad(P.zoeWeiss);
    const pushed = await kit.push([
      certificate(kit, zoe, 1, P.zoeWeiss),
      fee(kit, zoe, 1, { caseNumber: 1 }),
      certificate(kit, juergen, 2, P.juergenMuellerLuedenscheidt),
      fee(kit, juergen, 2, { caseNumber: 2 }),
    ]);
    const [capture, paid, second, secondPaid] = pushed.results as Result[];
    expect(capture).toMatchObject({ outcome: 'rejected', problem: { code: 'REGISTER_PERSON_NOT_RESIDENT' } });
    // The receipt was printed and the money taken: booked, not lost and not blocking.
    expect(paid).toMatchObject({
      outcome: 'applied',
      result: {
        receiptNumber: kitReceiptNumber(kit.prefix, year, 1),
        amountCents: 500,
        suspense: { problem: { code: 'PAYMENT_CLAIM_NOT_FOUND' } },
      },
    });
    expect(paid!.result!.suspense!.problem.de).toContain('keine Gebühr');
    expect(second!.outcome).toBe('applied');
    expect(secondPaid).toMatchObject({
      outcome: 'applied',
      result: { receiptNumber: kitReceiptNumber(kit.prefix, year, 2), status: 'completed' },
    });
    expect(secondPaid!.result!.suspense).toBeUndefined();

    const registerId = await kitRegisterId(kit);
    const before = await day(registerId);
    expect(numbers(before.entries)).toEqual([1, 2]);
    expect(before.entries.map((e) => e.kind)).toEqual(['suspense', 'payment']);
    expect(before.entries[0]).toMatchObject({
      id: paid!.result!.suspense!.paymentId,
      reference: kitCaseNumber(kit.prefix, year, 1),
      problem: { code: 'PAYMENT_CLAIM_NOT_FOUND' },
    });
    expect(before.totals.cash).toBe(1000);

    // The kit's cash report counts what it took: the server agrees.
    const closed = await kit.push([
      {
        type: 'cash.close',
        payload: {
          reportId: uuidv7(),
          businessDate: today,
          countedCashCents: 1000,
          totals: { cash: 1000, card: 0, invoice: 0, waiver: 0 },
          closedAt: new Date().toISOString(),
        },
      },
    ]);
    expect(closed.results[0]!.outcome).toBe('applied');
    expect((await day(registerId)).closing).toMatchObject({ entries: 2 });

    // A fee taken after the kit's report belongs to its next report (the next day).
    const late = uuidv7();
    const after = (
      await kit.push([certificate(kit, late, 3, P.juergenMuellerLuedenscheidt), fee(kit, late, 3)])
    ).results as Result[];
    expect(after[1]).toMatchObject({
      outcome: 'applied',
      result: { receiptNumber: kitReceiptNumber(kit.prefix, year, 3) },
    });
    const next = await day(registerId, addDays(today, 1));
    expect(numbers(next.entries)).toEqual([3]);

    // At the town hall: the open entry is listed with why and where it came from …
    const open = (await clerk.get('/api/payments/suspense')).json().entries as (Entry & {
      register: { code: string };
    })[];
    const listed = open.find((e) => e.id === paid!.result!.suspense!.paymentId)!;
    expect(listed).toMatchObject({ amountCents: 500, register: { code: kit.prefix } });
    // … and assigned to the case the citizen really needed, captured again at the desk.
    const target = await deskCertificate(P.juergenMuellerLuedenscheidt);
    const wrongAmount = await clerk.post(`/api/payments/${listed.id}/assignment`, {
      caseNumber: 'RH1-1999-99999',
      registerId: DESK_REGISTER_ID,
    });
    expect(wrongAmount.json().code).toBe('CASE_NOT_FOUND');
    const assigned = await clerk.post(`/api/payments/${listed.id}/assignment`, {
      caseNumber: target.number,
      registerId: DESK_REGISTER_ID,
      note: 'Bürgerin am Telefon bestätigt (Test)',
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const { reversal, payment } = assigned.json() as { reversal: Entry; payment: Entry };
    expect(reversal).toMatchObject({ kind: 'reversal', reversesId: listed.id, amountCents: -500 });
    expect(payment).toMatchObject({ kind: 'payment', clearedFromId: listed.id, amountCents: 500 });
    // A transfer moves no cash: the desk's day is unchanged by it.
    expect(reversal.amountCents + payment.amountCents).toBe(0);
    const caseNow = (await clerk.get(`/api/cases/${target.id}`)).json();
    expect(caseNow.fee.status).toBe('paid');
    const again = await clerk.post(`/api/payments/${listed.id}/assignment`, {
      caseNumber: target.number,
      registerId: DESK_REGISTER_ID,
    });
    expect(again.json().code).toBe('PAYMENT_SUSPENSE_CLEARED');
    const stillOpen = (await clerk.get('/api/payments/suspense')).json().entries as Entry[];
    expect(stillOpen.some((e) => e.id === listed.id)).toBe(false);
    const history = (await clerk.get('/api/payments/suspense?cleared=true')).json().entries as (Entry & {
      clearing: { assignedCaseId: string } | null;
    })[];
    expect(history.find((e) => e.id === listed.id)!.clearing).toMatchObject({ assignedCaseId: target.id });

    // Every step is on record.
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_kit_id', 'result', 'error_code'])
      .where('resource_id', '=', listed.id)
      .orderBy('seq')
      .execute();
    expect(audit.filter((a) => a.result === 'success').map((a) => a.action)).toEqual([
      'payment.suspense',
      'payment.assign',
    ]);
    expect(audit[0]!.actor_kit_id).toBe(kit.kitId);
    // The refused attempts are on record as well.
    expect(audit.filter((a) => a.result !== 'success').map((a) => a.error_code)).toEqual([
      'CASE_NOT_FOUND',
      'PAYMENT_SUSPENSE_CLEARED',
    ]);
  });

  it('pays an unassigned entry back on site with the next kit receipt; a refund that cannot be booked is booked unassigned too', async () => {
    const kit = await enrolTestKit(coordinator, clerk, { municipalityIds: [DEMO.municipalityMeerane] });
    const ghost = uuidv7();
    const paymentId = uuidv7();
    const first = (
      await kit.push([
        // A resident unknown to the server: the case is rejected.
        certificate(kit, ghost, 1, '01900000-0000-7000-8000-00000000dead'),
        fee(kit, ghost, 1, { paymentId }),
      ])
    ).results as Result[];
    expect(first[0]!.outcome).toBe('rejected');
    expect(first[1]!.result!.suspense!.paymentId).toBe(paymentId);

    const refunds = (
      await kit.push([
        refund(kit, paymentId, ghost, 2),
        // The same money paid back twice (two tabs, two clerks): the second payout is unexplained.
        refund(kit, paymentId, ghost, 3),
        certificate(kit, uuidv7(), 2, P.juergenMuellerLuedenscheidt),
      ])
    ).results as Result[];
    expect(refunds[0]).toMatchObject({
      outcome: 'applied',
      result: { receiptNumber: kitReceiptNumber(kit.prefix, year, 2), amountCents: -500 },
    });
    expect(refunds[0]!.result!.suspense).toBeUndefined();
    expect(refunds[1]).toMatchObject({
      outcome: 'applied',
      result: {
        receiptNumber: kitReceiptNumber(kit.prefix, year, 3),
        amountCents: -500,
        suspense: { problem: { code: 'PAYMENT_ALREADY_REVERSED' } },
      },
    });
    expect(refunds[2]!.outcome).toBe('applied');

    const registerId = await kitRegisterId(kit);
    const entries = (await day(registerId)).entries;
    expect(numbers(entries)).toEqual([1, 2, 3]);
    expect(entries.map((e) => [e.kind, e.amountCents])).toEqual([
      ['suspense', 500],
      ['reversal', -500],
      ['suspense', -500],
    ]);
    expect(entries[0]!.reversedById).toBe(entries[1]!.id);
    // The kit's box: +5 € taken, −5 € paid back, −5 € paid out once more.
    expect((await day(registerId)).totals.cash).toBe(-500);
    // The negative entry waits for the town hall; it cannot be assigned to a case.
    const open = (await clerk.get('/api/payments/suspense')).json().entries as Entry[];
    const payout = open.find((e) => e.id === entries[2]!.id)!;
    expect(payout.amountCents).toBe(-500);
    const target = await deskCertificate(P.erikaMustermann);
    const refused = await clerk.post(`/api/payments/${payout.id}/assignment`, {
      caseNumber: target.number,
      registerId: DESK_REGISTER_ID,
    });
    expect(refused.json().code).toBe('PAYMENT_SUSPENSE_NOT_ASSIGNABLE');
    // The citizen brought the money back: the desk reverses the payout.
    const back = await clerk.post(`/api/payments/${payout.id}/reversal`, {
      reason: 'Doppelt erstatteten Betrag zurückerhalten (Test)',
      registerId: DESK_REGISTER_ID,
    });
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json()).toMatchObject({ kind: 'reversal', amountCents: 500, reversesId: payout.id });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('result', '=', 'success')
      .where('resource_id', 'in', [entries[1]!.id, entries[2]!.id, back.json().id])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'payment.reverse',
      'payment.reverse',
      'payment.suspense',
    ]);
  });

  it('books a fee taken with a laptop clock ahead on the server’s today', async () => {
    const kit = await enrolTestKit(coordinator, clerk, { municipalityIds: [DEMO.municipalityMeerane] });
    const caseId = uuidv7();
    const ahead = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const out = (
      await kit.push([
        certificate(kit, caseId, 1, P.juergenMuellerLuedenscheidt),
        fee(kit, caseId, 1, { paidAt: ahead }),
      ])
    ).results as Result[];
    expect(out[1]).toMatchObject({ outcome: 'applied', result: { status: 'completed' } });
    const entries = (await day(await kitRegisterId(kit))).entries;
    expect(entries.map((e) => [e.kind, e.businessDate])).toEqual([['payment', today]]);
  });
});
