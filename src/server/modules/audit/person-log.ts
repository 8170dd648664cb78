import type { Executor } from '../../db/database';

/**
 * The reads and changes of one person's data as the audit trail records them, for the person's
 * own disclosure (#15): when, what, with which result, for which purpose — and who as role and
 * office (the authority, or the field kit), never the colleague's name. Art. 15 DSGVO gives the
 * person the processing and its purposes; the staff acting under the controller's authority are
 * not "recipients", and their names may be withheld to protect them (Art. 15 Abs. 4 DSGVO;
 * CJEU C-579/21, Pankki S, 22 June 2023). Read-only: the chain is not touched.
 */
export interface PersonAccess {
  occurredAt: string;
  action: string;
  result: 'success' | 'failure' | 'denied';
  role: string | null;
  office: string;
  kit: string | null;
  system: boolean;
  purpose: string | null;
}

export const ACCESS_LOG_LIMIT = 5000;

export async function accessesOfPerson(
  db: Executor,
  authorityId: string,
  personId: string,
): Promise<{ entries: PersonAccess[]; more: boolean }> {
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('authorities as au', 'au.id', 'a.authority_id')
    .leftJoin('kits as k', 'k.id', 'a.actor_kit_id')
    .select([
      'a.occurred_at',
      'a.action',
      'a.result',
      'a.actor_role',
      'a.actor_user_id',
      'a.actor_kit_id',
      'a.reason',
      'au.short_name as office',
      'k.name as kit',
    ])
    .where('a.subject_person_id', '=', personId)
    .where((eb) => eb.or([eb('a.authority_id', '=', authorityId), eb('a.authority_id', 'is', null)]))
    .orderBy('a.seq')
    .limit(ACCESS_LOG_LIMIT + 1)
    .execute();
  return {
    more: rows.length > ACCESS_LOG_LIMIT,
    entries: rows.slice(0, ACCESS_LOG_LIMIT).map((r) => ({
      occurredAt: r.occurred_at.toISOString(),
      action: r.action,
      result: r.result,
      role: r.actor_role,
      office: r.office ?? '',
      kit: r.kit ?? null,
      system: r.actor_user_id === null && r.actor_kit_id === null,
      purpose: r.reason,
    })),
  };
}
