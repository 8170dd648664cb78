import { sql } from 'kysely';
import type { CommandPayload, CommandType } from '../../../core/sync/commands';
import { localDate } from '../../../core/time';
import { AppError } from '../../http/errors';
import { storeAttachment } from '../cases/attachments';
import { captureCase, handOver, loadCase, submitCase } from '../cases/service';
import type { ModuleContext } from '../module';
import { closeCashRegister, ensureCashRegister, recordPayment } from '../payments/service';
import { recordKitTicket } from '../queue/service';
import type { CommandContext, CommandHandler, CommandHandlers } from './apply-commands';
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
      const payment = await recordPayment(ctx.trx, ctx.actor, {
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
        businessDate: localDate(paidAt),
      });
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
