import { sql } from 'kysely';
import type { IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';

/**
 * Legal deletion of the cash book (row `payments.cash_records` of the retention schedule, ADR 21):
 * entries whose business day lies on or before `cutoff`, the daily closings of those days and the
 * fee claims no entry points to any more. Entries stay append-only for everything else: the
 * guard trigger lets a delete through only inside a transaction that announced the retention run
 * (`set local bk.retention = 'cash'`). An entry that a later, still kept entry reverses or clears
 * stays until that one goes (the cash book never points into the void). Newest first, so a
 * reversal is always deleted before (or with) what it reverses.
 */

function entriesDue(db: Executor, cutoff: IsoDate) {
  return db
    .selectFrom('payments as p')
    .where('p.business_date', '<=', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('payments as later')
            .select('later.id')
            .where((eb) =>
              eb.or([
                eb('later.reverses_id', '=', eb.ref('p.id')),
                eb('later.cleared_from_id', '=', eb.ref('p.id')),
              ]),
            )
            .where('later.business_date', '>', cutoff),
        ),
      ),
    );
}

export async function countCashRecordsDue(db: Executor, cutoff: IsoDate): Promise<number> {
  const r = await entriesDue(db, cutoff)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Deletes one batch of entries; `beforeDelete` removes what points at them from other modules
 * (the receipts printed for them). Closings and claims that nothing points to any more go last.
 */
export async function deleteCashRecords(
  trx: Executor,
  cutoff: IsoDate,
  limit: number,
  beforeDelete: (trx: Executor, paymentIds: string[]) => Promise<void>,
): Promise<number> {
  const rows = await entriesDue(trx, cutoff)
    .select(['p.id'])
    .orderBy('p.recorded_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    await beforeDelete(trx, ids);
    await sql`set local bk.retention = 'cash'`.execute(trx);
    // Referencing entries of this batch first, then the rest (one statement per step).
    await trx
      .deleteFrom('payments')
      .where('id', 'in', ids)
      .where((eb) => eb.or([eb('reverses_id', 'is not', null), eb('cleared_from_id', 'is not', null)]))
      .execute();
    await trx.deleteFrom('payments').where('id', 'in', ids).execute();
    await sql`set local bk.retention = ''`.execute(trx);
  }
  await trx
    .deleteFrom('cash_closings')
    .where('business_date', '<=', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('payments').select('id').whereRef('closing_id', '=', 'cash_closings.id'))),
    )
    .execute();
  await trx
    .deleteFrom('fee_claims')
    .where(sql<string>`(updated_at at time zone 'Europe/Berlin')::date`, '<=', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('payments').select('id').whereRef('claim_id', '=', 'fee_claims.id'))),
    )
    .execute();
  return ids.length;
}
