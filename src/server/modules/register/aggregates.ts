import { sql } from 'kysely';
import type { IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { type AuditActor, recordAudit } from '../audit/service';

export interface VillageRegisterCounts {
  villageId: string;
  /** Persons with their main or sole residence in the village today. */
  residents: number;
  /** Valid ID cards and passports of those residents whose last day falls in the window. */
  expiringIds: number;
}

/**
 * Counts per village for planning (#14, tour planner): residents and expiring ID cards/passports.
 * Only numbers leave the register — no person, no document, no date of birth. The read is audited
 * with the window and the totals.
 */
export async function villageCounts(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  window: { from: IsoDate; to: IsoDate; purpose: string },
): Promise<VillageRegisterCounts[]> {
  const rows = await sql<{ village_id: string; residents: number; expiring: number }>`
    select w.village_id,
           count(distinct r.person_id)::int as residents,
           count(distinct d.id)::int as expiring
      from register_residences r
      join register_dwellings w on w.id = r.dwelling_id and w.authority_id = ${authorityId}
      join register_persons p on p.id = r.person_id and p.authority_id = ${authorityId}
      left join register_id_documents d
        on d.person_id = r.person_id
       and d.authority_id = ${authorityId}
       and d.kind in ('id_card', 'passport')
       and d.status = 'valid'
       and d.valid_until between ${window.from} and ${window.to}
     where r.authority_id = ${authorityId}
       and r.kind in ('main', 'sole')
       and r.moved_out_on is null
       and r.deregistered_on is null
       and p.status = 'resident'
       and w.village_id is not null
     group by w.village_id`.execute(trx);
  const counts = rows.rows.map((r) => ({
    villageId: r.village_id,
    residents: Number(r.residents),
    expiringIds: Number(r.expiring),
  }));
  await recordAudit(trx, actor, {
    action: 'register.village_counts',
    resourceType: 'register',
    authorityId,
    details: {
      purpose: window.purpose,
      from: window.from,
      to: window.to,
      villages: counts.length,
      residents: counts.reduce((s, c) => s + c.residents, 0),
      expiringIds: counts.reduce((s, c) => s + c.expiringIds, 0),
    },
  });
  return counts;
}
