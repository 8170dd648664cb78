import { sql } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import type { IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';

/**
 * The kits' transmission log (#15): whose register data went to which kit, when, and how
 * (prepare the day, or a pull of changes). The audit trail records each delivery with counts;
 * this log answers the question a resident asks in a disclosure — "which kits got my data?" —
 * without an audit row per person. It is kept like protocol data under § 40 Abs. 5 BMG: until
 * the end of the calendar year after the delivery (retention row `kits.transmission_log`).
 */
export async function recordKitDelivery(
  db: Executor,
  input: { authorityId: string; kitId: string; kind: 'prepare' | 'pull'; personIds: string[] },
): Promise<void> {
  const personIds = [...new Set(input.personIds)];
  if (personIds.length === 0) return;
  await db
    .insertInto('kit_deliveries')
    .values({
      id: uuidv7(),
      authority_id: input.authorityId,
      kit_id: input.kitId,
      kind: input.kind,
      person_ids: personIds,
    })
    .execute();
}

export interface KitDeliveryView {
  kitId: string;
  kitName: string;
  kind: 'prepare' | 'pull';
  deliveredAt: string;
}

/** The deliveries that carried this person's data, newest first. */
export async function deliveriesOfPerson(
  db: Executor,
  authorityId: string,
  personId: string,
): Promise<KitDeliveryView[]> {
  const rows = await db
    .selectFrom('kit_deliveries as d')
    .innerJoin('kits as k', 'k.id', 'd.kit_id')
    .select(['d.kit_id', 'k.name', 'd.kind', 'd.delivered_at'])
    .where('d.authority_id', '=', authorityId)
    .where(sql<boolean>`d.person_ids @> array[${personId}]::uuid[]`)
    .orderBy('d.delivered_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    kitId: r.kit_id,
    kitName: r.name,
    kind: r.kind,
    deliveredAt: r.delivered_at.toISOString(),
  }));
}

const dayOf = (column: string) => sql<string>`(${sql.ref(column)} at time zone 'Europe/Berlin')::date`;

export async function countTransmissionLogDue(db: Executor, cutoff: IsoDate): Promise<number> {
  const [d, c] = await Promise.all([
    db
      .selectFrom('kit_deliveries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(dayOf('delivered_at'), '<=', cutoff)
      .executeTakeFirst(),
    db
      .selectFrom('applied_commands')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(dayOf('applied_at'), '<=', cutoff)
      .executeTakeFirst(),
  ]);
  return Number(d?.n ?? 0) + Number(c?.n ?? 0);
}

/**
 * Deletes one batch of old deliveries and applied kit commands. A kit that sent one of those
 * commands again would get KIT_SEQ_MISMATCH, never a second effect: the kit's sequence number
 * is past it.
 */
export async function deleteTransmissionLog(trx: Executor, cutoff: IsoDate, limit: number): Promise<number> {
  const deliveries = await trx
    .selectFrom('kit_deliveries')
    .select('id')
    .where(dayOf('delivered_at'), '<=', cutoff)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (deliveries.length > 0)
    await trx
      .deleteFrom('kit_deliveries')
      .where(
        'id',
        'in',
        deliveries.map((d) => d.id),
      )
      .execute();
  const commands = await trx
    .selectFrom('applied_commands')
    .select('command_id')
    .where(dayOf('applied_at'), '<=', cutoff)
    .orderBy('command_id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (commands.length > 0)
    await trx
      .deleteFrom('applied_commands')
      .where(
        'command_id',
        'in',
        commands.map((c) => c.command_id),
      )
      .execute();
  return deliveries.length + commands.length;
}
