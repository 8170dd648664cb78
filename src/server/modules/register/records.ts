import { uuidv7 } from '../../../core/ids';
import type { IdDocumentKind, TransferBlockKind } from '../../../core/register/vocabulary';
import { addDays, type IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import type { AuditActor } from '../audit/service';
import { personsChangedForKits } from './kit-feed';
import { bumpPersonVersion, recordRegisterEvent } from './moves';
import type { StoredBlockKind } from './tables';
import { isBlockActive } from './views';

/** Blocks (Auskunfts- and Übermittlungssperren) and ID documents in a person's record. */

/** § 51 Abs. 4 BMG: an information block lasts two years and can be extended. */
export const INFORMATION_BLOCK_YEARS = 2;

function plusYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-') as [string, string, string];
  return `${Number(y) + years}-${m}-${m === '02' && d === '29' ? '28' : d}`;
}

async function personIn(trx: Executor, authorityId: string, personId: string) {
  const p = await trx
    .selectFrom('register_persons')
    .select(['id', 'status'])
    .where('authority_id', '=', authorityId)
    .where('id', '=', personId)
    .forUpdate()
    .executeTakeFirst();
  if (!p) throw new AppError('REGISTER_PERSON_NOT_FOUND');
  return p;
}

/**
 * A change of a person's record: a new version, the kits that may hold the person told (change
 * feed), and the event in the register history and the audit trail.
 */
async function personChanged(
  trx: Executor,
  actor: AuditActor,
  event: Parameters<typeof recordRegisterEvent>[2],
): Promise<void> {
  await bumpPersonVersion(trx, event.personId);
  await personsChangedForKits(trx, event.authorityId, [event.personId]);
  await recordRegisterEvent(trx, actor, event);
}

/**
 * Enters an information block (§ 51 BMG) for two years, or extends an active one by two years
 * from today. Returns the date it ends.
 */
export async function enterInformationBlock(
  trx: Executor,
  actor: AuditActor,
  input: { authorityId: string; personId: string; today: IsoDate; caseId: string | null; reason: string },
): Promise<{ validUntil: IsoDate; extended: boolean }> {
  await personIn(trx, input.authorityId, input.personId);
  const validUntil = addDays(plusYears(input.today, INFORMATION_BLOCK_YEARS), -1);
  const active = await trx
    .selectFrom('register_blocks')
    .select(['id', 'valid_until'])
    .where('person_id', '=', input.personId)
    .where('kind', '=', 'information_block')
    .where('lifted_on', 'is', null)
    .executeTakeFirst();
  if (active) {
    await trx
      .updateTable('register_blocks')
      .set({ valid_until: validUntil, case_id: input.caseId })
      .where('id', '=', active.id)
      .execute();
  } else {
    await trx
      .insertInto('register_blocks')
      .values({
        id: uuidv7(),
        authority_id: input.authorityId,
        person_id: input.personId,
        kind: 'information_block',
        valid_from: input.today,
        valid_until: validUntil,
        reason: input.reason,
        case_id: input.caseId,
        lifted_on: null,
      })
      .execute();
  }
  await personChanged(trx, actor, {
    authorityId: input.authorityId,
    personId: input.personId,
    kind: active ? 'block_extended' : 'block_entered',
    occurredOn: input.today,
    caseId: input.caseId,
    details: { block: 'information_block', validUntil },
  });
  return { validUntil, extended: !!active };
}

/** Enters objections to data transfers (free, without end); an objection already on record stays. */
export async function enterTransferBlocks(
  trx: Executor,
  actor: AuditActor,
  input: {
    authorityId: string;
    personId: string;
    kinds: TransferBlockKind[];
    today: IsoDate;
    caseId: string | null;
  },
): Promise<{ entered: TransferBlockKind[] }> {
  await personIn(trx, input.authorityId, input.personId);
  const existing = await trx
    .selectFrom('register_blocks')
    .select('kind')
    .where('person_id', '=', input.personId)
    .where('lifted_on', 'is', null)
    .execute();
  const have = new Set(existing.map((e) => e.kind));
  const entered = [...new Set(input.kinds)].filter((k) => !have.has(k));
  for (const kind of entered) {
    await trx
      .insertInto('register_blocks')
      .values({
        id: uuidv7(),
        authority_id: input.authorityId,
        person_id: input.personId,
        kind,
        valid_from: input.today,
        valid_until: null,
        reason: null,
        case_id: input.caseId,
        lifted_on: null,
      })
      .execute();
  }
  if (entered.length > 0) {
    await personChanged(trx, actor, {
      authorityId: input.authorityId,
      personId: input.personId,
      kind: 'block_entered',
      occurredOn: input.today,
      caseId: input.caseId,
      details: { blocks: entered },
    });
  }
  return { entered };
}

/**
 * Lifts a block before its end: an information block when its grounds have ceased (§ 51 Abs. 4
 * BMG) or an objection to data transfers the person withdraws. (The conditional block of § 52
 * BMG is not stored: it follows the address of a care home, shelter or clinic and ends with the
 * move.) The reason is kept with the register event and the audit trail.
 */
export async function liftBlock(
  trx: Executor,
  actor: AuditActor,
  input: { authorityId: string; personId: string; blockId: string; today: IsoDate; reason: string },
): Promise<{ kind: StoredBlockKind; liftedOn: IsoDate }> {
  await personIn(trx, input.authorityId, input.personId);
  const block = await trx
    .selectFrom('register_blocks')
    .selectAll()
    .where('id', '=', input.blockId)
    .where('person_id', '=', input.personId)
    .where('authority_id', '=', input.authorityId)
    .forUpdate()
    .executeTakeFirst();
  if (!block || !isBlockActive(block, input.today)) throw new AppError('REGISTER_BLOCK_NOT_FOUND');
  await trx
    .updateTable('register_blocks')
    .set({ lifted_on: input.today })
    .where('id', '=', block.id)
    .execute();
  await personChanged(trx, actor, {
    authorityId: input.authorityId,
    personId: input.personId,
    kind: 'block_lifted',
    occurredOn: input.today,
    caseId: null,
    details: { block: block.kind, reason: input.reason },
  });
  return { kind: block.kind, liftedOn: input.today };
}

/** Notes an ID document applied for (status "applied") in the person's record. */
export async function recordIdDocumentApplied(
  trx: Executor,
  actor: AuditActor,
  input: { authorityId: string; personId: string; kind: IdDocumentKind; today: IsoDate; caseId: string },
): Promise<string> {
  await personIn(trx, input.authorityId, input.personId);
  const id = uuidv7();
  await trx
    .insertInto('register_id_documents')
    .values({
      id,
      authority_id: input.authorityId,
      person_id: input.personId,
      kind: input.kind,
      serial_number: null,
      issued_on: null,
      valid_until: null,
      issuing_authority: null,
      status: 'applied',
      case_id: input.caseId,
    })
    .execute();
  await personChanged(trx, actor, {
    authorityId: input.authorityId,
    personId: input.personId,
    kind: 'document_applied',
    occurredOn: input.today,
    caseId: input.caseId,
    details: { document: input.kind },
  });
  return id;
}

/**
 * A document is issued (handed over, or a temporary one made on the spot): it becomes valid and
 * earlier documents of the same kind become invalid.
 */
export async function recordIdDocumentIssued(
  trx: Executor,
  actor: AuditActor,
  input: {
    authorityId: string;
    personId: string;
    kind: IdDocumentKind;
    caseId: string;
    issuedOn: IsoDate;
    validUntil: IsoDate;
    serialNumber: string | null;
    issuingAuthority: string;
  },
): Promise<void> {
  await personIn(trx, input.authorityId, input.personId);
  const sameKind: IdDocumentKind[] =
    input.kind === 'id_card' || input.kind === 'temporary_id_card'
      ? ['id_card', 'temporary_id_card']
      : ['passport', 'temporary_passport'];
  await trx
    .updateTable('register_id_documents')
    .set({ status: 'invalidated', updated_at: new Date() })
    .where('person_id', '=', input.personId)
    .where('kind', 'in', sameKind)
    .where('status', '=', 'valid')
    .execute();
  const applied = await trx
    .selectFrom('register_id_documents')
    .select('id')
    .where('person_id', '=', input.personId)
    .where('case_id', '=', input.caseId)
    .where('status', '=', 'applied')
    .executeTakeFirst();
  const values = {
    serial_number: input.serialNumber,
    issued_on: input.issuedOn,
    valid_until: input.validUntil,
    issuing_authority: input.issuingAuthority,
    status: 'valid' as const,
  };
  if (applied) {
    await trx
      .updateTable('register_id_documents')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', applied.id)
      .execute();
  } else {
    await trx
      .insertInto('register_id_documents')
      .values({
        id: uuidv7(),
        authority_id: input.authorityId,
        person_id: input.personId,
        kind: input.kind,
        case_id: input.caseId,
        ...values,
      })
      .execute();
  }
  await personChanged(trx, actor, {
    authorityId: input.authorityId,
    personId: input.personId,
    kind: 'document_issued',
    occurredOn: input.issuedOn,
    caseId: input.caseId,
    details: { document: input.kind, validUntil: input.validUntil },
  });
}

/** An application was withdrawn or rejected: the "applied" entry goes. */
export async function recordIdDocumentWithdrawn(
  trx: Executor,
  input: { personId: string; caseId: string },
): Promise<void> {
  const withdrawn = await trx
    .updateTable('register_id_documents')
    .set({ status: 'invalidated', updated_at: new Date() })
    .where('person_id', '=', input.personId)
    .where('case_id', '=', input.caseId)
    .where('status', '=', 'applied')
    .returning('authority_id')
    .execute();
  if (withdrawn[0]) await personsChangedForKits(trx, withdrawn[0].authority_id, [input.personId]);
}
