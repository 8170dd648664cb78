import { caseNumberPrefix, formatCaseNumber } from '../../../core/cases/numbers';
import type { Executor } from '../../db/database';

/**
 * The next official case number of an authority in a year (MEE-2026-000123). The counter row is
 * locked by the update until the transaction ends, so numbers are unique and without gaps
 * between committed cases.
 */
export async function nextCaseNumber(trx: Executor, authorityId: string, year: number): Promise<string> {
  const counter = await trx
    .insertInto('case_counters')
    .values({ authority_id: authorityId, year, last_seq: 1 })
    .onConflict((oc) =>
      oc
        .columns(['authority_id', 'year'])
        .doUpdateSet((eb) => ({ last_seq: eb('case_counters.last_seq', '+', 1) })),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  const authority = await trx
    .selectFrom('authorities')
    .select(['short_name', 'number_prefix'])
    .where('id', '=', authorityId)
    .executeTakeFirstOrThrow();
  return formatCaseNumber(
    authority.number_prefix ?? caseNumberPrefix(authority.short_name),
    year,
    counter.last_seq,
  );
}
