import { type Expression, type SqlBool, sql } from 'kysely';
import type { IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { personsChangedForKits } from './kit-feed';

/**
 * Legal deletion in the resident register (§§ 13–16 BMG; rows of the retention schedule
 * `register.*`, ADR 21). Each function handles one batch of due records inside the caller's
 * transaction: it locks the rows it takes with SKIP LOCKED (two server processes never work on
 * the same rows) and changes only rows that are still due, so a repeat after a crash does
 * nothing twice. `cutoff` is the last day whose events are due (from `lastEventDue`).
 */

/** The day a person left the register's area: the day of death, or the last move-out. */
const leftOn = sql<string>`coalesce(p.deceased_on,
  (select max(r.moved_out_on) from register_residences r where r.person_id = p.id))`;

const former = (status: Expression<string>) =>
  sql<SqlBool>`${status} in ('moved_away', 'moved_abroad', 'deceased')`;

async function take(query: ReturnType<typeof personsDue>, limit: number): Promise<string[]> {
  const rows = await query.select('p.id').orderBy('p.id').limit(limit).forUpdate().skipLocked().execute();
  return rows.map((r) => r.id);
}

function personsDue(db: Executor, cutoff: IsoDate) {
  return db
    .selectFrom('register_persons as p')
    .where(former(sql.ref('p.status')))
    .where(leftOn, '<=', cutoff);
}

// --- register.religion (§ 14 Abs. 2 Satz 1 BMG) ----------------------------------------------

function religionDue(db: Executor, cutoff: IsoDate) {
  return personsDue(db, cutoff).where('p.religion', 'is not', null);
}

export async function countReligionDue(db: Executor, cutoff: IsoDate): Promise<number> {
  const r = await religionDue(db, cutoff)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function deleteReligion(trx: Executor, cutoff: IsoDate, limit: number): Promise<number> {
  const ids = await take(religionDue(trx, cutoff), limit);
  if (ids.length === 0) return 0;
  await trx
    .updateTable('register_persons')
    .set({ religion: null, updated_at: new Date() })
    .where('id', 'in', ids)
    .where('religion', 'is not', null)
    .execute();
  return ids.length;
}

// --- register.id_documents (§ 14 Abs. 2 Satz 2 und 3 BMG) -------------------------------------

function idDocumentsDue(db: Executor, cutoffExpired: IsoDate, cutoffDeceased: IsoDate) {
  return db
    .selectFrom('register_id_documents as d')
    .innerJoin('register_persons as p', 'p.id', 'd.person_id')
    .where((eb) =>
      eb.or([
        eb('d.valid_until', '<=', cutoffExpired),
        eb.and([eb('p.status', '=', 'deceased'), eb('p.deceased_on', '<=', cutoffDeceased)]),
      ]),
    );
}

export async function countIdDocumentsDue(
  db: Executor,
  cutoffExpired: IsoDate,
  cutoffDeceased: IsoDate,
): Promise<number> {
  const r = await idDocumentsDue(db, cutoffExpired, cutoffDeceased)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function deleteIdDocuments(
  trx: Executor,
  cutoffExpired: IsoDate,
  cutoffDeceased: IsoDate,
  limit: number,
): Promise<number> {
  const rows = await idDocumentsDue(trx, cutoffExpired, cutoffDeceased)
    .select(['d.id', 'd.person_id', 'd.authority_id'])
    .orderBy('d.id')
    .limit(limit)
    .forUpdate('d')
    .skipLocked()
    .execute();
  if (rows.length === 0) return 0;
  await trx
    .deleteFrom('register_id_documents')
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  // A kit that holds the person shows its ID documents: tell it.
  const byAuthority = new Map<string, string[]>();
  for (const r of rows)
    byAuthority.set(r.authority_id, [...(byAuthority.get(r.authority_id) ?? []), r.person_id]);
  for (const [authorityId, personIds] of byAuthority)
    await personsChangedForKits(trx, authorityId, personIds);
  return rows.length;
}

// --- register.restrict (§ 13 Abs. 2 BMG) -----------------------------------------------------

function restrictDue(db: Executor, cutoff: IsoDate) {
  return personsDue(db, cutoff).where('p.restricted_on', 'is', null);
}

export async function countRestrictDue(db: Executor, cutoff: IsoDate): Promise<number> {
  const r = await restrictDue(db, cutoff)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function restrictPersons(
  trx: Executor,
  cutoff: IsoDate,
  today: IsoDate,
  limit: number,
): Promise<number> {
  const ids = await take(restrictDue(trx, cutoff), limit);
  if (ids.length === 0) return 0;
  await trx
    .updateTable('register_persons')
    .set({ restricted_on: today, updated_at: new Date() })
    .where('id', 'in', ids)
    .where('restricted_on', 'is', null)
    .execute();
  return ids.length;
}

// --- register.delete (§ 13 Abs. 2 Satz 1, § 16 BMG) ------------------------------------------

function deleteDue(db: Executor, cutoff: IsoDate) {
  return personsDue(db, cutoff).where('p.restricted_on', 'is not', null);
}

export async function countDeleteDue(db: Executor, cutoff: IsoDate): Promise<number> {
  const r = await deleteDue(db, cutoff)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Deletes the persons' register entries with their history, residences, blocks and ID documents.
 * `beforeDelete` lets the caller detach what other modules hold (a case's link to the person).
 * Audit rows that name the person stay as they are: they hold the id, not the record, and the
 * chain stays verifiable (ADR 21).
 */
export async function deletePersons(
  trx: Executor,
  cutoff: IsoDate,
  limit: number,
  beforeDelete: (trx: Executor, personIds: string[]) => Promise<void>,
): Promise<number> {
  const ids = await take(deleteDue(trx, cutoff), limit);
  if (ids.length === 0) return 0;
  await beforeDelete(trx, ids);
  const households = await trx
    .selectFrom('register_persons')
    .select('household_id')
    .where('id', 'in', ids)
    .where('household_id', 'is not', null)
    .execute();
  await trx.deleteFrom('register_events').where('person_id', 'in', ids).execute();
  await trx.deleteFrom('register_blocks').where('person_id', 'in', ids).execute();
  await trx.deleteFrom('register_id_documents').where('person_id', 'in', ids).execute();
  await trx.deleteFrom('register_residences').where('person_id', 'in', ids).execute();
  await trx.deleteFrom('register_persons').where('id', 'in', ids).execute();
  const emptied = [...new Set(households.map((h) => h.household_id!))];
  if (emptied.length > 0) {
    await trx
      .deleteFrom('register_households')
      .where('id', 'in', emptied)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('register_persons')
              .select('id')
              .whereRef('household_id', '=', 'register_households.id'),
          ),
        ),
      )
      .execute();
  }
  return ids.length;
}
