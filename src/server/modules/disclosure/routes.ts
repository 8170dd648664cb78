import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { requireStaff } from '../../http/auth';
import { IdParams, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import { renderDisclosurePdf } from './pdf';
import { DisclosureRequestBody, DisclosureSchema } from './schemas';
import { buildDisclosure } from './service';

/**
 * The disclosure to a resident (Art. 15 DSGVO, § 10 BMG): staff only (clerks of the authority),
 * produced on request, audited, never stored or served to the public. Two formats: the PDF for the
 * person, the JSON (schema buergerkoffer.disclosure/1) as the machine-readable copy.
 */
export const disclosureRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const options = (format: 'json' | 'pdf') => ({
    preHandler: requireStaff(['clerk']),
    config: { audit: { action: 'register.disclosure', resourceType: 'person' } },
    schema: {
      tags: ['register'],
      summary:
        format === 'pdf'
          ? 'Produce the disclosure of a resident’s data as a tagged PDF (clerk; audited)'
          : 'Produce the disclosure of a resident’s data as JSON, schema buergerkoffer.disclosure/1 (clerk; audited)',
      security: StaffSecurity,
      params: IdParams,
      body: DisclosureRequestBody,
      response: {
        ...(format === 'json' ? { 200: DisclosureSchema } : {}),
        ...problems(400, 401, 403, 404, 409),
      },
    },
  });
  const produce = (
    request: {
      staff?: { authorityId: string } | null;
      params: { id: string };
      body: typeof DisclosureRequestBody.static;
    },
    actor: ReturnType<typeof auditActor>,
    format: 'json' | 'pdf',
  ) =>
    inTransaction(db, (trx) =>
      buildDisclosure(
        trx,
        { ...actor, reason: request.body.purpose.trim().slice(0, 500) },
        {
          ...request.body,
          authorityId: request.staff!.authorityId,
          personId: request.params.id,
          format,
        },
      ),
    );

  app.post('/api/register/persons/:id/disclosure', options('json'), async (request, reply) => {
    const disclosure = await produce(request, auditActor(request), 'json');
    return reply
      .header(
        'content-disposition',
        `attachment; filename="Auskunft-${disclosure.generatedAt.slice(0, 10)}.json"`,
      )
      .header('cache-control', 'no-store')
      .send(disclosure);
  });

  app.post('/api/register/persons/:id/disclosure/pdf', options('pdf'), async (request, reply) => {
    const disclosure = await produce(request, auditActor(request), 'pdf');
    const bytes = await renderDisclosurePdf(disclosure);
    return reply
      .header('content-type', 'application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="Auskunft-${disclosure.generatedAt.slice(0, 10)}.pdf"`,
      )
      .header('cache-control', 'no-store')
      .send(Buffer.from(bytes));
  });
};
