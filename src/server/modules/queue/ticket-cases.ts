import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';

/**
 * Queue ↔ casework (#10): a case captured while serving a ticket is linked to it, so the served
 * ticket shows the cases done and the case belongs to the office day's location. The cases
 * module calls these inside the transaction that captures the case; the queue never reads the
 * cases' tables.
 */
export interface TicketForCase {
  id: string;
  code: string;
  locationId: string;
}

/** The ticket a case is captured for (the clerk's authority only). */
export async function ticketForCase(
  trx: Executor,
  authorityId: string,
  ticketId: string,
): Promise<TicketForCase> {
  const row = await trx
    .selectFrom('tickets')
    .select(['id', 'code', 'location_id'])
    .where('id', '=', ticketId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!row) throw new AppError('TICKET_NOT_FOUND', {}, [{ path: '/ticketId', code: 'unknown' }]);
  return { id: row.id, code: row.code, locationId: row.location_id };
}

/** Links a captured case to its ticket; a repeated capture of the same case links it once. */
export async function linkCaseToTicket(
  trx: Executor,
  actor: AuditActor,
  link: { authorityId: string; ticket: TicketForCase; caseId: string; caseNumber: string; serviceId: string },
): Promise<void> {
  const inserted = await trx
    .insertInto('ticket_cases')
    .values({
      ticket_id: link.ticket.id,
      case_id: link.caseId,
      authority_id: link.authorityId,
      case_number: link.caseNumber,
      service_id: link.serviceId,
      linked_by: actor.userId,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('case_id')
    .executeTakeFirst();
  if (!inserted) return;
  await recordAudit(trx, actor, {
    action: 'ticket.case_linked',
    resourceType: 'ticket',
    resourceId: link.ticket.id,
    details: { code: link.ticket.code, caseId: link.caseId, caseNumber: link.caseNumber },
  });
}

export interface TicketCase {
  id: string;
  number: string;
  serviceId: string;
}

/** The cases done per ticket, in the order they were captured. */
export async function casesOfTickets(db: Executor, ticketIds: string[]): Promise<Map<string, TicketCase[]>> {
  const out = new Map<string, TicketCase[]>();
  if (ticketIds.length === 0) return out;
  const rows = await db
    .selectFrom('ticket_cases')
    .select(['ticket_id', 'case_id', 'case_number', 'service_id'])
    .where('ticket_id', 'in', ticketIds)
    .orderBy('linked_at')
    .execute();
  for (const r of rows) {
    const list = out.get(r.ticket_id) ?? [];
    list.push({ id: r.case_id, number: r.case_number, serviceId: r.service_id });
    out.set(r.ticket_id, list);
  }
  return out;
}
