import { sql } from 'kysely';
import type { CommandPayload, CommandType } from '../../../core/sync/commands';
import { addDays, type IsoDate, localDate } from '../../../core/time';
import { AppError } from '../../http/errors';
import { storeAttachment } from '../cases/attachments';
import { captureCase, handOver, loadCase, submitCase } from '../cases/service';
import type { ModuleContext } from '../module';
import {
  type CashRegisterView,
  closeCashRegister,
  ensureCashRegister,
  recordPayment,
  recordSuspense,
  reversePayment,
} from '../payments/service';
import { recordKitTicket } from '../queue/service';
import { type CommandContext, type CommandHandler, type CommandHandlers, problemOf } from './apply-commands';
import { registerEntityProvider, scope } from './changes';
import { KitUploadStore } from './uploads';

/**
 * The server side of the named kit commands (src/core/sync/commands.ts): each handler calls the
 * owning module's service inside the apply transaction, with the kit's ids and numbers — the
 * same rules as at the desk, never a copy of them.
 */
function handlerFor<T extends CommandType>(
  _type: T,
  apply: (payload: CommandPayload<T>, context: CommandContext) => Promise<Record<string, unknown>>,
): CommandHandler<CommandPayload<T>> {
  return { apply };
}

/** Runs `fn` in a savepoint; a business-rule failure is returned instead of undoing the command. */
async function attempt<T>(ctx: CommandContext, name: string, fn: () => Promise<T>): Promise<T | AppError> {
  await sql.raw(`savepoint ${name}`).execute(ctx.trx);
  try {
    const out = await fn();
    await sql.raw(`release savepoint ${name}`).execute(ctx.trx);
    return out;
  } catch (error) {
    await sql.raw(`rollback to savepoint ${name}`).execute(ctx.trx);
    if (error instanceof AppError && error.status < 500) return error;
    throw error;
  }
}

async function kitRegister(ctx: CommandContext) {
  return ensureCashRegister(ctx.trx, {
    authorityId: ctx.kit.authorityId,
    code: ctx.kit.prefix,
    name: `Kasse Bürgerkoffer ${ctx.kit.prefix}`,
    kind: 'kit',
    kitId: ctx.kit.kitId,
  });
}

/**
 * The business day of a kit's entry: the day the kit took the money, but never after the
 * server's today (a laptop clock ahead), and after the register's last cash report — an entry
 * that arrives after the kit closed its day belongs to its next report. `today` is moved along so
 * the payments module accepts that day.
 */
function kitEntryDay(register: CashRegisterView, at: Date): { businessDate: IsoDate; today: IsoDate } {
  const today = localDate(new Date());
  let day = localDate(at);
  if (day > today) day = today;
  // After the kit's report of today the entry is tomorrow's: the payments module must accept it.
  if (register.closedThrough && day <= register.closedThrough) {
    day = addDays(register.closedThrough, 1);
    if (day > today) return { businessDate: day, today: day };
  }
  return { businessDate: day, today };
}

/**
 * A kit receipt whose entry failed on a business rule is booked as an unassigned entry under
 * its number (ADR 11): the number is used and the money is in (or out of) the kit's box. Only a
 * receipt that cannot be booked at all (a number out of sequence) leaves the command rejected.
 */
async function bookAsSuspense(
  ctx: CommandContext,
  register: CashRegisterView,
  failure: AppError,
  entry: {
    id: string;
    caseId: string;
    caseNumber?: string | undefined;
    method: CommandPayload<'fee.pay'>['method'];
    amountCents: number;
    receiptNumber: string;
    terminalReference?: string | undefined;
    invoiceRecipient?: string | undefined;
    day: { businessDate: IsoDate; today: IsoDate };
  },
) {
  const problem = problemOf(failure.code, failure.params);
  const booked = await recordSuspense(ctx.trx, ctx.actor, {
    id: entry.id,
    authorityId: ctx.kit.authorityId,
    registerId: register.id,
    caseId: entry.caseId,
    method: entry.method,
    amountCents: entry.amountCents,
    receiptNumber: entry.receiptNumber,
    problem: { code: problem.code, de: problem.de, en: problem.en },
    reference: entry.caseNumber ?? null,
    terminalReference: entry.terminalReference ?? null,
    invoiceRecipient: entry.invoiceRecipient ?? null,
    businessDate: entry.day.businessDate,
    today: entry.day.today,
  });
  return {
    receiptNumber: booked.receiptNumber,
    amountCents: booked.amountCents,
    businessDate: booked.businessDate,
    suspense: { paymentId: booked.id, problem },
  };
}

async function caseChanged(ctx: CommandContext, caseId: string) {
  await ctx.recordChanges([{ entity: 'case', entityId: caseId, scopes: [scope.kit(ctx.kit.kitId)] }]);
}

/**
 * Further kit commands registered by other code (a module that adds a kit command, the
 * benchmark's own). Registered before the app is built; the names must not clash.
 */
const extraHandlers: CommandHandlers = {};
export function registerKitCommandHandler(type: string, handler: CommandHandler): void {
  extraHandlers[type] = handler;
}

export function kitCommandHandlers(context: ModuleContext): CommandHandlers {
  const uploads = new KitUploadStore(context.config.dataDir);
  registerEntityProvider('case', async (executor, ids, kit) => {
    const out = new Map<string, unknown | null>();
    for (const id of ids) {
      try {
        const c = await loadCase(executor, kit.authorityId, id);
        out.set(id, {
          number: c.number,
          localNumber: c.localNumber,
          status: c.status,
          version: c.version,
          serviceId: c.serviceId,
        });
      } catch {
        out.set(id, null);
      }
    }
    return out;
  });

  return {
    ...extraHandlers,
    'case.capture': handlerFor('case.capture', async (p, ctx) => {
      for (const a of p.attachments) {
        const bytes = await uploads.read(ctx.kit.authorityId, a.sha256);
        await storeAttachment(ctx.trx, context.config.dataDir, ctx.actor, {
          authorityId: ctx.kit.authorityId,
          kind: a.kind,
          mediaType: a.mime,
          bytes,
          sha256: a.sha256,
        });
      }
      const capturedAt = new Date(p.capturedAt);
      const options = { today: localDate(capturedAt), publicUrl: context.config.publicUrl };
      const captured = await captureCase(
        ctx.trx,
        ctx.actor,
        {
          id: p.caseId,
          authorityId: ctx.kit.authorityId,
          serviceId: p.serviceId,
          personId: p.personId,
          formData: p.formData,
          channel: 'kit',
          locationId: p.locationId ?? null,
          localNumber: p.caseNumber,
          accessCode: p.accessCode ?? null,
          capturedAt,
        },
        options,
      );
      let status: string = captured.status;
      let submitProblem: string | undefined;
      if (captured.fee?.status !== 'open') {
        const submitted = await attempt(ctx, 'kit_submit', () =>
          submitCase(ctx.trx, ctx.actor, { authorityId: ctx.kit.authorityId, caseId: captured.id }, options),
        );
        if (submitted instanceof AppError) submitProblem = submitted.code;
        else status = submitted.status;
      }
      await caseChanged(ctx, captured.id);
      return {
        caseNumber: captured.number,
        localNumber: captured.localNumber,
        accessCode: captured.accessCode,
        status,
        feeCents: captured.fee?.amountCents ?? 0,
        ...(submitProblem ? { submitProblem } : {}),
      };
    }),

    'fee.pay': handlerFor('fee.pay', async (p, ctx) => {
      const register = await kitRegister(ctx);
      const paidAt = new Date(p.paidAt);
      const day = kitEntryDay(register, paidAt);
      const payment = await attempt(ctx, 'kit_fee', () =>
        recordPayment(ctx.trx, ctx.actor, {
          id: p.paymentId,
          authorityId: ctx.kit.authorityId,
          caseId: p.caseId,
          registerId: register.id,
          method: p.method,
          amountCents: p.amountCents,
          ...(p.waiverId ? { waiverId: p.waiverId } : {}),
          ...(p.waiverReason ? { waiverReason: p.waiverReason } : {}),
          ...(p.terminalReference ? { terminalReference: p.terminalReference } : {}),
          ...(p.invoiceRecipient ? { invoiceRecipient: p.invoiceRecipient } : {}),
          receiptNumber: p.receiptNumber,
          businessDate: day.businessDate,
          today: day.today,
        }),
      );
      if (payment instanceof AppError) {
        // The kit printed this receipt and took the money: the entry must exist, unassigned.
        return bookAsSuspense(ctx, register, payment, { ...p, id: p.paymentId, day });
      }
      // The money is booked whatever happens next; a case that cannot be submitted now stays
      // captured on the town hall's worklist, and the kit is told why.
      const submitted = await attempt(ctx, 'kit_submit', () =>
        submitCase(
          ctx.trx,
          ctx.actor,
          { authorityId: ctx.kit.authorityId, caseId: p.caseId },
          { today: localDate(paidAt), publicUrl: context.config.publicUrl },
        ),
      );
      await caseChanged(ctx, p.caseId);
      return {
        receiptNumber: payment.receiptNumber,
        amountCents: payment.amountCents,
        ...(submitted instanceof AppError ? { submitProblem: submitted.code } : { status: submitted.status }),
      };
    }),

    'fee.refund': handlerFor('fee.refund', async (p, ctx) => {
      const register = await kitRegister(ctx);
      const day = kitEntryDay(register, new Date(p.refundedAt));
      const refund = await attempt(ctx, 'kit_refund', async () => {
        const original = await ctx.trx
          .selectFrom('payments')
          .select(['kind', 'register_id', 'amount_cents', 'method'])
          .where('id', '=', p.paymentId)
          .where('authority_id', '=', ctx.kit.authorityId)
          .executeTakeFirst();
        if (!original) throw new AppError('PAYMENT_NOT_FOUND');
        // On site the kit pays back only its own unassigned entries; the rest is the town hall's.
        if (original.kind !== 'suspense' || original.register_id !== register.id)
          throw new AppError('PAYMENT_NOT_SUSPENSE');
        if (original.amount_cents !== p.amountCents || original.method !== p.method)
          throw new AppError('PAYMENT_AMOUNT_MISMATCH', {
            expected: `${(original.amount_cents / 100).toFixed(2).replace('.', ',')} €`,
          });
        return reversePayment(ctx.trx, ctx.actor, {
          id: p.refundId,
          authorityId: ctx.kit.authorityId,
          paymentId: p.paymentId,
          registerId: register.id,
          reason: p.reason,
          receiptNumber: p.receiptNumber,
          businessDate: day.businessDate,
          today: day.today,
        });
      });
      if (refund instanceof AppError) {
        // The money left the kit's box under this receipt: booked as an unassigned payout.
        return bookAsSuspense(ctx, register, refund, {
          ...p,
          id: p.refundId,
          amountCents: -p.amountCents,
          day,
        });
      }
      return {
        receiptNumber: refund.receiptNumber,
        amountCents: refund.amountCents,
        businessDate: refund.businessDate,
      };
    }),

    'case.handOver': handlerFor('case.handOver', async (p, ctx) => {
      if (p.signature) {
        const bytes = await uploads.read(ctx.kit.authorityId, p.signature.sha256);
        await storeAttachment(ctx.trx, context.config.dataDir, ctx.actor, {
          authorityId: ctx.kit.authorityId,
          kind: 'signature',
          mediaType: p.signature.mime,
          bytes,
          sha256: p.signature.sha256,
        });
      }
      const result = await handOver(ctx.trx, ctx.actor, {
        authorityId: ctx.kit.authorityId,
        caseId: p.caseId,
        handedTo: p.handedTo,
        authorisedName: p.authorisedName ?? null,
        note: p.note ?? null,
        signature: p.signature?.sha256 ?? null,
        handedOverAt: new Date(p.handedOverAt),
        ...(ctx.command.baseVersion !== undefined ? { baseVersion: ctx.command.baseVersion } : {}),
      });
      await caseChanged(ctx, p.caseId);
      return { status: result.status, version: result.version };
    }),

    'ticket.record': handlerFor('ticket.record', async (p, ctx) => {
      const ticket = await recordKitTicket(ctx.trx, ctx.actor, ctx.kit.authorityId, {
        kitId: ctx.kit.kitId,
        kitRef: p.ticketId,
        locationId: p.locationId,
        date: p.date,
        code: p.code,
        kind: p.kind,
        appointmentId: p.appointmentId ?? null,
        serviceIds: p.serviceIds ?? [],
        status: p.status,
        arrivedAt: p.arrivedAt,
        firstCalledAt: p.firstCalledAt ?? null,
        servedAt: p.servedAt ?? null,
        finishedAt: p.finishedAt ?? null,
      });
      return { ticketId: ticket.id, code: ticket.code };
    }),

    'cash.close': handlerFor('cash.close', async (p, ctx) => {
      const register = await kitRegister(ctx);
      const closing = await closeCashRegister(ctx.trx, ctx.actor, {
        id: p.reportId,
        authorityId: ctx.kit.authorityId,
        registerId: register.id,
        businessDate: p.businessDate,
        countedCashCents: p.countedCashCents ?? null,
        expectedTotals: p.totals,
      });
      return { reportId: closing.id, businessDate: p.businessDate };
    }),
  };
}
