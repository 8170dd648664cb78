import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../../core/time';
import { inTransaction } from '../../db/transaction';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { type AuditActor, SYSTEM_ACTOR } from '../audit/service';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { DEMO } from '../places/demo-ids';
import { DEMO_REGISTER } from '../register/demo-ids';
import { DESK_REGISTER_ID } from './seed';
import { closeCashRegister, ensureCashRegister, recordPayment } from './service';

const P = DEMO_REGISTER.persons;
const today = localDate(new Date());
let t: TestApp;
let clerk: Agent;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk');
});
afterAll(async () => t?.close());

/** A Meldebescheinigung: its fee is not confirmed in the catalogue, so the clerk fixes it. */
async function certificateCase(personId: string = P.zoeWeiss): Promise<string> {
  const res = await clerk.post('/api/cases', {
    serviceId: SERVICE_IDS.meldebescheinigung,
    personId,
    formData: { variant: 'simple', requester: 'self' },
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json().fee).toMatchObject({ status: 'open', amountUnconfirmed: true });
  return res.json().id;
}

function pay(caseId: string, body: Record<string, unknown> = {}) {
  return clerk.post('/api/payments', {
    caseId,
    registerId: DESK_REGISTER_ID,
    method: 'cash',
    amountCents: 500,
    ...body,
  });
}

describe('fees and cash', () => {
  it('numbers receipts without gaps per register and year, even when an entry fails', async () => {
    const a = await pay(await certificateCase());
    const failed = await pay(await certificateCase(), { method: 'card' });
    expect(failed.statusCode).toBe(400);
    expect(failed.json().code).toBe('PAYMENT_TERMINAL_REFERENCE_REQUIRED');
    const b = await pay(await certificateCase(), { method: 'card', terminalReference: 'TID 4711 / 0815' });
    const n = (r: typeof a) => Number(/-(\d+)$/.exec(r.json().receiptNumber)![1]);
    expect(a.json().receiptNumber).toMatch(new RegExp(`^RH1-Q-${today.slice(0, 4)}-\\d{4}$`));
    expect(n(b)).toBe(n(a) + 1);
  });

  it('takes the computed fee only, and never twice', async () => {
    const caseId = await certificateCase();
    const missing = await clerk.post('/api/payments', {
      caseId,
      registerId: DESK_REGISTER_ID,
      method: 'cash',
    });
    expect(missing.json().code).toBe('PAYMENT_AMOUNT_REQUIRED');
    expect((await pay(caseId)).statusCode).toBe(201);
    const again = await pay(caseId);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PAYMENT_ALREADY_SETTLED');
  });

  it('insists on a waiver the fee schedule knows, with a reason', async () => {
    const caseId = await certificateCase(P.erikaMustermann);
    const noReason = await clerk.post('/api/payments', {
      caseId,
      registerId: DESK_REGISTER_ID,
      method: 'waiver',
      waiverId: 'need',
    });
    expect(noReason.json().code).toBe('PAYMENT_WAIVER_REASON_REQUIRED');
    const unknown = await clerk.post('/api/payments', {
      caseId,
      registerId: DESK_REGISTER_ID,
      method: 'waiver',
      waiverId: 'friendship',
      waiverReason: 'x',
    });
    expect(unknown.json().code).toBe('PAYMENT_WAIVER_UNKNOWN');
  });

  it('corrects by reversal entries only; the original stays unchanged and cannot be edited', async () => {
    const caseId = await certificateCase();
    const paid = (await pay(caseId)).json();
    const reversal = await clerk.post(`/api/payments/${paid.id}/reversal`, {
      reason: 'falscher Betrag kassiert',
    });
    expect(reversal.statusCode, reversal.body).toBe(201);
    expect(reversal.json()).toMatchObject({ kind: 'reversal', reversesId: paid.id, amountCents: -500 });
    expect((await clerk.post(`/api/payments/${paid.id}/reversal`, { reason: 'nochmal' })).json().code).toBe(
      'PAYMENT_ALREADY_REVERSED',
    );
    // The fee is due again and can be taken anew.
    expect((await pay(caseId, { amountCents: 700 })).statusCode).toBe(201);
    // The database itself refuses to change or delete an entry.
    await expect(
      sql`update payments set amount_cents = 1 where id = ${paid.id}`.execute(t.db),
    ).rejects.toThrow(/reversal/);
    await expect(sql`delete from payments where id = ${paid.id}`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('closes the day with a cash report; afterwards the register takes no entries for that day', async () => {
    const caseId = await certificateCase();
    await pay(caseId, { amountCents: 300 });
    const before = (await clerk.get(`/api/cash-registers/${DESK_REGISTER_ID}/days/${today}`)).json();
    const closing = await clerk.post(`/api/cash-registers/${DESK_REGISTER_ID}/closings`, {
      businessDate: today,
      countedCashCents: before.totals.cash,
    });
    expect(closing.statusCode, closing.body).toBe(201);
    expect(closing.json().totals).toEqual(before.totals);
    expect(closing.json().entries).toBe(before.entries.length);

    const late = await pay(await certificateCase());
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CASH_REGISTER_CLOSED');
    const reverse = await clerk.post(`/api/payments/${before.entries[0].id}/reversal`, { reason: 'zu spät' });
    expect(reverse.json().code).toBe('CASH_REGISTER_CLOSED');
    expect(
      (await clerk.post(`/api/cash-registers/${DESK_REGISTER_ID}/closings`, { businessDate: today })).json()
        .code,
    ).toBe('CASH_DAY_ALREADY_CLOSED');
    const day = (await clerk.get(`/api/cash-registers/${DESK_REGISTER_ID}/days/${today}`)).json();
    expect(day.closing).toBeTruthy();
    expect(day.entries.every((e: { closed: boolean }) => e.closed)).toBe(true);
  });
});

describe('a kit register offline', () => {
  const kitId = '01900000-0000-7000-8000-00000000a001';
  const kitActor: AuditActor = {
    ...SYSTEM_ACTOR,
    authorityId: DEMO.authorityMeerane,
    username: 'kit-clerk',
    kitId,
  };

  async function kitCase(): Promise<string> {
    return certificateCase(P.juergenMuellerLuedenscheidt);
  }

  it('accepts the kit\u2019s own receipt number only as the next in its sequence, and is idempotent', async () => {
    const register = await inTransaction(t.db, (trx) =>
      ensureCashRegister(trx, {
        authorityId: DEMO.authorityMeerane,
        code: 'K7',
        name: 'Bürgerkoffer 7',
        kind: 'kit',
        kitId,
      }),
    );
    const year = today.slice(0, 4);
    const caseA = await kitCase();
    const paymentId = '01900000-0000-7000-8000-00000000a101';
    const input = {
      id: paymentId,
      authorityId: DEMO.authorityMeerane,
      caseId: caseA,
      registerId: register.id,
      method: 'cash' as const,
      amountCents: 500,
      receiptNumber: `K7-Q-${year}-0001`,
      businessDate: addDays(today, -1),
    };
    const first = await inTransaction(t.db, (trx) => recordPayment(trx, kitActor, input));
    expect(first.receiptNumber).toBe(`K7-Q-${year}-0001`);
    // The same command again (a lost reply): the stored entry, no second one.
    const again = await inTransaction(t.db, (trx) => recordPayment(trx, kitActor, input));
    expect(again.id).toBe(first.id);
    // PGlite serves one connection: cases are captured over HTTP before a transaction is opened here.
    const caseB = await kitCase();
    const skipped = inTransaction(t.db, (trx) =>
      recordPayment(trx, kitActor, {
        ...input,
        id: undefined,
        caseId: caseB,
        receiptNumber: `K7-Q-${year}-0003`,
      }),
    );
    await expect(skipped).rejects.toMatchObject({
      code: 'PAYMENT_RECEIPT_NUMBER_OUT_OF_SEQUENCE',
      params: { expected: `K7-Q-${year}-0002` },
    });
    // The desk cannot book into a kit's register.
    const desk = await pay(await kitCase(), { registerId: register.id });
    expect(desk.json().code).toBe('CASH_REGISTER_NOT_FOR_THIS_DEVICE');
    // The kit's cash report must agree with what the server holds.
    await expect(
      inTransaction(t.db, (trx) =>
        closeCashRegister(trx, kitActor, {
          authorityId: DEMO.authorityMeerane,
          registerId: register.id,
          businessDate: addDays(today, -1),
          expectedTotals: { cash: 9999 },
        }),
      ),
    ).rejects.toMatchObject({ code: 'CASH_CLOSING_TOTALS_MISMATCH' });
    const closing = await inTransaction(t.db, (trx) =>
      closeCashRegister(trx, kitActor, {
        authorityId: DEMO.authorityMeerane,
        registerId: register.id,
        businessDate: addDays(today, -1),
        expectedTotals: { cash: 500, card: 0, invoice: 0 },
      }),
    );
    expect(closing).toMatchObject({ entries: 1, firstReceipt: `K7-Q-${year}-0001` });
  });
});
