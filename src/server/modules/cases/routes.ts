import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { serviceBehaviour } from '../../../core/cases/services';
import { getFormDefinition } from '../../../core/forms/registry';
import { localDate } from '../../../core/time';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { requestLocale } from '../../http/problem';
import { IdParams, problems, StaffSecurity } from '../../http/schema';
import { auditActor, recordAudit } from '../audit/service';
import { listPublishedServices } from '../catalog/service';
import { linkCaseToTicket, ticketForCase } from '../queue/ticket-cases';
import { loadPersonRecord, summaries } from '../register/service';
import {
  ATTACHMENT_MAX_BYTES,
  attachmentsBySha,
  readAttachmentBytes,
  storeAttachment,
  toAttachmentView,
} from './attachments';
import { documentPdf, issueDocument, verifyDocument } from './documents/service';
import { contextOptions } from './form-context';
import { idExportPackage } from './id-export';
import {
  AttachmentQuery,
  AttachmentSchema,
  CaptureBody,
  CaptureResultSchema,
  CaseDetailSchema,
  CaseSummarySchema,
  CitizenStatusSchema,
  CodeParams,
  FormContextQuery,
  FormContextSchema,
  HandOverBody,
  IssueDocumentBody,
  IssuedDocumentSchema,
  NoteBody,
  ServiceForDeskSchema,
  Sha256Params,
  StatusBody,
  TransitionBody,
  VerificationSchema,
  WorklistQuery,
} from './schemas';
import {
  addNote,
  captureCase,
  citizenStatus,
  handOver,
  listCases,
  loadCaseService,
  readCase,
  transitionCase,
} from './service';

const CLERK = requireStaff(['clerk']);

export const casesRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  // Links in notices and on documents lead to the portal of the staff member's authority (ADR 27).
  const portalUrl = (request: FastifyRequest) =>
    app.authorities.portalUrl(request.staff?.authorityId, config.publicUrl);
  const options = async (request: FastifyRequest) => ({
    locale: requestLocale(request),
    publicUrl: await portalUrl(request),
  });

  // Raw uploads (photo, signature, scan) are read as bytes, only on the attachment route below.
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'application/pdf'],
    { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/api/cases/services',
    {
      preHandler: CLERK,
      schema: {
        tags: ['cases'],
        summary: 'Services a clerk can start a case for (published, with a form)',
        security: StaffSecurity,
        response: { 200: Type.Object({ services: Type.Array(ServiceForDeskSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const services = await listPublishedServices(db, { authorityId: request.staff!.authorityId });
      return {
        services: services.flatMap((s) => {
          const behaviour = s.formKey ? serviceBehaviour(s.formKey) : undefined;
          if (!s.formKey || !behaviour || !getFormDefinition(s.formKey)) return [];
          return [
            {
              id: s.id,
              slug: s.slug,
              name: s.name,
              shortText: s.shortText,
              formKey: s.formKey,
              channels: s.channels,
              fees: s.fees,
              flow: behaviour.flow,
              person: behaviour.person,
              germanOnly: !!behaviour.germanOnly,
              offline: behaviour.offline,
            },
          ];
        }),
      };
    },
  );

  app.get(
    '/api/cases/form-context',
    {
      preHandler: CLERK,
      config: { audit: { action: 'case.form_context', resourceType: 'case' } },
      schema: {
        tags: ['cases'],
        summary:
          'What the form of a service needs for a person: options (municipalities, household, fee options)',
        security: StaffSecurity,
        querystring: FormContextQuery,
        response: { 200: FormContextSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const authorityId = request.staff!.authorityId;
      const today = localDate(new Date());
      const { service, behaviour } = await loadCaseService(db, authorityId, request.query.serviceId);
      const personId = request.query.personId;
      const person = personId ? await loadPersonRecord(db, authorityId, personId, today) : null;
      if (person) {
        const actor = auditActor(request);
        await recordAudit(
          db,
          { ...actor, reason: actor.reason ?? `Antragsaufnahme: ${service.name.de}` },
          {
            action: 'register.read',
            resourceType: 'person',
            resourceId: person.id,
            subjectPersonId: person.id,
            details: { service: service.slug },
          },
        );
      }
      return {
        service: {
          id: service.id,
          slug: service.slug,
          name: service.name,
          shortText: service.shortText,
          formKey: service.formKey!,
          channels: service.channels,
          fees: service.fees,
          flow: behaviour.flow,
          person: behaviour.person,
          germanOnly: !!behaviour.germanOnly,
          offline: behaviour.offline,
        },
        today,
        hasPerson: !!person,
        personBirthDate: person?.birthDate ?? null,
        person: person ? ((await summaries(db, authorityId, [person.id], today))[0] ?? null) : null,
        options: await contextOptions(db, authorityId, person, service),
      };
    },
  );

  app.post(
    '/api/cases',
    {
      preHandler: CLERK,
      config: { audit: { action: 'case.capture', resourceType: 'case' } },
      schema: {
        tags: ['cases'],
        summary:
          'Capture a case: a service for a person with the form data (validated by the form definition)',
        security: StaffSecurity,
        body: CaptureBody,
        response: { 201: CaptureResultSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const authorityId = request.staff!.authorityId;
      const result = await inTransaction(db, async (trx) => {
        const ticket = body.ticketId ? await ticketForCase(trx, authorityId, body.ticketId) : null;
        const captured = await captureCase(
          trx,
          auditActor(request),
          {
            ...(body.id ? { id: body.id } : {}),
            authorityId,
            serviceId: body.serviceId,
            personId: body.personId,
            formData: body.formData,
            channel: body.channel ?? 'town_hall',
            locationId: body.locationId ?? ticket?.locationId ?? null,
            submit: body.submit ?? false,
          },
          await options(request),
        );
        if (ticket) {
          await linkCaseToTicket(trx, auditActor(request), {
            authorityId,
            ticket,
            caseId: captured.id,
            caseNumber: captured.number,
            serviceId: body.serviceId,
          });
        }
        return captured;
      });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/api/cases',
    {
      preHandler: CLERK,
      schema: {
        tags: ['cases'],
        summary: 'Worklist: open cases (or by state, person or number), newest change first',
        security: StaffSecurity,
        querystring: WorklistQuery,
        response: { 200: Type.Object({ cases: Type.Array(CaseSummarySchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({
      cases: await listCases(db, auditActor(request), request.staff!.authorityId, request.query),
    }),
  );

  app.get(
    '/api/cases/:id',
    {
      preHandler: CLERK,
      config: { audit: { action: 'case.read', resourceType: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'A case with its fee, payments, transitions, notes, files and documents',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: CaseDetailSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) =>
      readCase(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        requestLocale(request),
      ),
  );

  app.post(
    '/api/cases/:id/transitions',
    {
      preHandler: CLERK,
      config: { audit: { action: 'case.transition', resourceType: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'Move a case on: submit, in progress, ready for pick-up, completed, rejected or cancelled',
        security: StaffSecurity,
        params: IdParams,
        body: TransitionBody,
        response: { 200: CaseDetailSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const authorityId = request.staff!.authorityId;
      const opts = await options(request);
      await inTransaction(db, (trx) =>
        transitionCase(
          trx,
          auditActor(request),
          { authorityId, caseId: request.params.id, ...request.body },
          opts,
        ),
      );
      return readCase(db, auditActor(request), authorityId, request.params.id, requestLocale(request));
    },
  );

  app.post(
    '/api/cases/:id/hand-over',
    {
      preHandler: CLERK,
      config: { audit: { action: 'case.hand_over', resourceType: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'Hand a ready ID document to the applicant or an authorised person',
        security: StaffSecurity,
        params: IdParams,
        body: HandOverBody,
        response: { 200: CaseDetailSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const authorityId = request.staff!.authorityId;
      const opts = await options(request);
      await inTransaction(db, (trx) =>
        handOver(trx, auditActor(request), { authorityId, caseId: request.params.id, ...request.body }, opts),
      );
      return readCase(db, auditActor(request), authorityId, request.params.id, requestLocale(request));
    },
  );

  app.post(
    '/api/cases/:id/notes',
    {
      preHandler: CLERK,
      config: { audit: { action: 'case.note', resourceType: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'Add a note to a case',
        security: StaffSecurity,
        params: IdParams,
        body: NoteBody,
        response: { 201: Type.Object({ id: Type.String() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const note = await inTransaction(db, (trx) =>
        addNote(trx, auditActor(request), {
          authorityId: request.staff!.authorityId,
          caseId: request.params.id,
          text: request.body.text,
        }),
      );
      return reply.code(201).send(note);
    },
  );

  app.post(
    '/api/cases/:id/documents',
    {
      preHandler: CLERK,
      config: { audit: { action: 'document.issue', resourceType: 'document' } },
      schema: {
        tags: ['cases'],
        summary: 'Issue a document (receipt, confirmation, certificate, summary) with a verification code',
        security: StaffSecurity,
        params: IdParams,
        body: IssueDocumentBody,
        response: { 201: IssuedDocumentSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const doc = await inTransaction(db, (trx) =>
        issueDocument(trx, auditActor(request), {
          authorityId: request.staff!.authorityId,
          caseId: request.params.id,
          kind: request.body.kind,
          paymentId: request.body.paymentId ?? null,
        }),
      );
      return reply.code(201).send(doc);
    },
  );

  app.get(
    '/api/documents/:id/pdf',
    {
      preHandler: CLERK,
      config: { audit: { action: 'document.print', resourceType: 'document' } },
      schema: {
        tags: ['cases'],
        summary: 'The PDF of an issued document (A4, with verification QR code)',
        security: StaffSecurity,
        params: IdParams,
        response: { ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const pdf = await documentPdf(db, auditActor(request), request.staff!.authorityId, request.params.id, {
        publicUrl: await portalUrl(request),
        dataDir: config.dataDir,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${pdf.filename}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf.bytes));
    },
  );

  app.post(
    '/api/cases/:id/id-export',
    {
      preHandler: CLERK,
      config: { audit: { action: 'case.id_export', resourceType: 'case' } },
      schema: {
        tags: ['cases'],
        summary:
          'Export package (JSON + photo + signature) for the certified ID-document software; marks the case in progress',
        security: StaffSecurity,
        params: IdParams,
        response: { ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const authorityId = request.staff!.authorityId;
      const actor = auditActor(request);
      const pkg = await inTransaction(db, async (trx) => {
        const exported = await idExportPackage(trx, actor, {
          authorityId,
          caseId: request.params.id,
          dataDir: config.dataDir,
          today: localDate(new Date()),
        });
        const row = await trx
          .selectFrom('cases')
          .select('status')
          .where('id', '=', request.params.id)
          .executeTakeFirstOrThrow();
        if (row.status === 'submitted')
          await transitionCase(
            trx,
            actor,
            { authorityId, caseId: request.params.id, to: 'in_progress' },
            await options(request),
          );
        return exported;
      });
      return reply
        .header('content-type', 'application/x-tar')
        .header('content-disposition', `attachment; filename="${pkg.filename}"`)
        .header('cache-control', 'no-store')
        .send(pkg.bytes);
    },
  );

  app.post(
    '/api/attachments',
    {
      preHandler: CLERK,
      config: { audit: { action: 'attachment.store', resourceType: 'attachment' } },
      bodyLimit: ATTACHMENT_MAX_BYTES,
      schema: {
        tags: ['cases'],
        summary: 'Upload a photo, signature or scan (raw JPEG, PNG or PDF body); stored by its SHA-256',
        security: StaffSecurity,
        querystring: AttachmentQuery,
        response: { 201: AttachmentSchema, ...problems(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED');
      const stored = await storeAttachment(db, config.dataDir, auditActor(request), {
        ...(request.query.id ? { id: request.query.id } : {}),
        authorityId: request.staff!.authorityId,
        kind: request.query.kind,
        mediaType: String(request.headers['content-type'] ?? ''),
        bytes: body,
      });
      return reply.code(201).send(stored);
    },
  );

  app.get(
    '/api/attachments/:sha256',
    {
      preHandler: CLERK,
      schema: {
        tags: ['cases'],
        summary: 'A stored photo, signature or scan (audited)',
        security: StaffSecurity,
        params: Sha256Params,
        response: { ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const authorityId = request.staff!.authorityId;
      const row = (await attachmentsBySha(db, authorityId, [request.params.sha256])).get(
        request.params.sha256,
      );
      const bytes = row ? await readAttachmentBytes(config.dataDir, authorityId, row.sha256) : null;
      if (!row || !bytes) throw new AppError('ATTACHMENT_NOT_FOUND');
      await recordAudit(db, auditActor(request), {
        action: 'attachment.read',
        resourceType: 'attachment',
        resourceId: row.id,
        details: toAttachmentView(row),
      });
      return reply
        .header('content-type', row.media_type)
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );

  // --- Public: the citizen's status page and the document check behind the QR code ---

  app.post(
    '/api/status',
    {
      config: { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['cases'],
        summary: 'State of a case for the citizen, by case number and access code (from the receipt)',
        body: StatusBody,
        response: { 200: CitizenStatusSchema, ...problems(400, 404, 429) },
      },
    },
    async (request) => citizenStatus(db, request.body.caseNumber, request.body.accessCode),
  );

  app.get(
    '/api/verify/:code',
    {
      config: { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['cases'],
        summary: 'Whether a printed document with this verification code was issued by us (minimal data)',
        params: CodeParams,
        response: { 200: VerificationSchema, ...problems(400, 404, 429) },
      },
    },
    async (request) => verifyDocument(db, request.params.code),
  );
};
