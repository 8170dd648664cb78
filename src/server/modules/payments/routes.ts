import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { IdParams, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import { findCaseByNumber } from '../cases/service';
import {
  AssignmentSchema,
  AssignSuspenseBody,
  CashClosingSchema,
  CashRegisterSchema,
  CloseRegisterBody,
  PaymentSchema,
  RecordPaymentBody,
  RegisterDayParams,
  RegisterDaySchema,
  ReversePaymentBody,
  SuspenseEntrySchema,
  SuspenseQuery,
} from './schemas';
import {
  assignSuspense,
  closeCashRegister,
  listCashRegisters,
  listSuspense,
  recordPayment,
  registerDay,
  reversePayment,
} from './service';

export const paymentsRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/cash-registers',
    {
      preHandler: requireStaff(['clerk']),
      schema: {
        tags: ['payments'],
        summary: 'Cash registers of the authority (town-hall desks and kits)',
        security: StaffSecurity,
        response: { 200: Type.Object({ registers: Type.Array(CashRegisterSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ registers: await listCashRegisters(db, request.staff!.authorityId) }),
  );

  app.get(
    '/api/cash-registers/:id/days/:date',
    {
      preHandler: requireStaff(['clerk']),
      schema: {
        tags: ['payments'],
        summary: 'A register\u2019s entries and totals of one day, with its cash report if closed',
        security: StaffSecurity,
        params: RegisterDayParams,
        response: { 200: RegisterDaySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => registerDay(db, request.staff!.authorityId, request.params.id, request.params.date),
  );

  app.post(
    '/api/payments',
    {
      preHandler: requireStaff(['clerk']),
      config: { audit: { action: 'payment.record', resourceType: 'payment' } },
      schema: {
        tags: ['payments'],
        summary: 'Take a case\u2019s fee: cash, card (terminal reference), invoice or waiver (with reason)',
        security: StaffSecurity,
        body: RecordPaymentBody,
        response: { 201: PaymentSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const payment = await inTransaction(db, (trx) =>
        recordPayment(trx, auditActor(request), { ...request.body, authorityId: request.staff!.authorityId }),
      );
      return reply.code(201).send(payment);
    },
  );

  app.post(
    '/api/payments/:id/reversal',
    {
      preHandler: requireStaff(['clerk']),
      config: { audit: { action: 'payment.reverse', resourceType: 'payment' } },
      schema: {
        tags: ['payments'],
        summary: 'Reverse an entry (Storno): a new entry with the negative amount; the original stays',
        security: StaffSecurity,
        params: IdParams,
        body: ReversePaymentBody,
        response: { 201: PaymentSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const payment = await inTransaction(db, (trx) =>
        reversePayment(trx, auditActor(request), {
          ...request.body,
          paymentId: request.params.id,
          authorityId: request.staff!.authorityId,
        }),
      );
      return reply.code(201).send(payment);
    },
  );

  app.get(
    '/api/payments/suspense',
    {
      preHandler: requireStaff(['clerk']),
      schema: {
        tags: ['payments'],
        summary:
          'Unassigned entries (ungeklärte Einzahlungen) to clear: a kit receipt not booked to its case',
        security: StaffSecurity,
        querystring: SuspenseQuery,
        response: {
          200: Type.Object({ entries: Type.Array(SuspenseEntrySchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => ({
      entries: await listSuspense(db, request.staff!.authorityId, {
        includeCleared: request.query.cleared === true,
      }),
    }),
  );

  app.post(
    '/api/payments/:id/assignment',
    {
      preHandler: requireStaff(['clerk']),
      config: { audit: { action: 'payment.assign', resourceType: 'payment' } },
      schema: {
        tags: ['payments'],
        summary:
          'Assign an unassigned entry to a case with an open fee: a reversal of it and a payment to the case (no cash moves)',
        security: StaffSecurity,
        params: IdParams,
        body: AssignSuspenseBody,
        response: { 201: AssignmentSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const authorityId = request.staff!.authorityId;
      const { caseNumber, note, ...body } = request.body;
      const assignment = await inTransaction(db, async (trx) => {
        const target = await findCaseByNumber(trx, authorityId, caseNumber);
        if (!target) throw new AppError('CASE_NOT_FOUND', {}, [{ path: '/caseNumber', code: 'not_found' }]);
        return assignSuspense(trx, auditActor(request), {
          ...body,
          authorityId,
          paymentId: request.params.id,
          caseId: target.id,
          reason: `Zugeordnet zu Vorgang ${target.number}${note?.trim() ? ` – ${note.trim()}` : ''}`,
        });
      });
      return reply.code(201).send(assignment);
    },
  );

  app.post(
    '/api/cash-registers/:id/closings',
    {
      preHandler: requireStaff(['clerk']),
      config: { audit: { action: 'cash.close', resourceType: 'cash_register' } },
      schema: {
        tags: ['payments'],
        summary: 'Kassenabschluss: close the register through a day; no entries for it afterwards',
        security: StaffSecurity,
        params: IdParams,
        body: CloseRegisterBody,
        response: { 201: CashClosingSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const closing = await inTransaction(db, (trx) =>
        closeCashRegister(trx, auditActor(request), {
          ...request.body,
          registerId: request.params.id,
          authorityId: request.staff!.authorityId,
        }),
      );
      return reply.code(201).send(closing);
    },
  );
};
