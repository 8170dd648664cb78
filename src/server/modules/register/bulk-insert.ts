import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { GeneratedBatch } from './generator';

/**
 * Many rows in one statement: each column travels as one array parameter and
 * `unnest` turns the arrays back into rows. Works the same on PGlite and PostgreSQL and loads
 * tens of thousands of rows per second — the demo seed and `npm run generate` use it.
 */
async function insertColumns(
  executor: Executor,
  table: string,
  columns: [name: string, pgType: string, values: unknown[]][],
  constants: Record<string, RawBuilder<unknown>> = {},
): Promise<void> {
  const count = columns[0]?.[2].length ?? 0;
  if (count === 0) return;
  const names = [...columns.map(([n]) => n), ...Object.keys(constants)];
  const arrays = columns.map(([, type, values]) => sql`${values}::${sql.raw(type)}[]`);
  const selects = [
    ...columns.map(([n, type]) =>
      // text[] columns travel as comma-joined text (unnest flattens nested arrays).
      type === 'text' && n === 'nationalities'
        ? sql`string_to_array(t.${sql.ref(n)}, ',')`
        : sql`t.${sql.ref(n)}`,
    ),
    ...Object.values(constants),
  ];
  await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
    select ${sql.join(selects)}
    from unnest(${sql.join(arrays)}) as t(${sql.join(columns.map(([n]) => sql.ref(n)))})`.execute(executor);
}

/** Inserts one generated batch for an authority; every row is marked fictitious. */
export async function insertGeneratedBatch(
  executor: Executor,
  authorityId: string,
  batch: GeneratedBatch,
): Promise<void> {
  const authority = { authority_id: sql`${authorityId}::uuid` };
  const fictitious = { fictitious: sql`true` };
  const d = batch.dwellings;
  await insertColumns(
    executor,
    'register_dwellings',
    [
      ['id', 'uuid', d.map((r) => r.id)],
      ['municipality_id', 'uuid', d.map((r) => r.municipality_id)],
      ['village_id', 'uuid', d.map((r) => r.village_id)],
      ['street', 'text', d.map((r) => r.street)],
      ['house_number', 'text', d.map((r) => r.house_number)],
      ['unit', 'text', d.map((r) => r.unit)],
      ['postal_code', 'text', d.map((r) => r.postal_code)],
      ['city', 'text', d.map((r) => r.city)],
      ['kind', 'text', d.map((r) => r.kind)],
      ['street_norm', 'text', d.map((r) => r.street_norm)],
      ['house_number_norm', 'text', d.map((r) => r.house_number_norm)],
    ],
    { ...authority, ...fictitious },
  );
  await insertColumns(
    executor,
    'register_households',
    [['id', 'uuid', batch.households.map((h) => h.id)]],
    authority,
  );
  const p = batch.persons;
  await insertColumns(
    executor,
    'register_persons',
    [
      ['id', 'uuid', p.map((r) => r.id)],
      ['family_name', 'text', p.map((r) => r.family_name)],
      ['given_names', 'text', p.map((r) => r.given_names)],
      ['call_name', 'text', p.map((r) => r.call_name)],
      ['birth_name', 'text', p.map((r) => r.birth_name)],
      ['doctoral_degree', 'text', p.map((r) => r.doctoral_degree)],
      ['birth_date', 'date', p.map((r) => r.birth_date)],
      ['birth_place', 'text', p.map((r) => r.birth_place)],
      ['sex', 'text', p.map((r) => r.sex)],
      ['nationalities', 'text', p.map((r) => r.nationalities.join(','))],
      ['religion', 'text', p.map((r) => r.religion)],
      ['marital_status', 'text', p.map((r) => r.marital_status)],
      ['household_id', 'uuid', p.map((r) => r.household_id)],
      ['family_name_norm', 'text', p.map((r) => r.family_name_norm)],
      ['given_names_norm', 'text', p.map((r) => r.given_names_norm)],
      ['search_name', 'text', p.map((r) => r.search_name)],
    ],
    { ...authority, ...fictitious },
  );
  const r = batch.residences;
  await insertColumns(
    executor,
    'register_residences',
    [
      ['id', 'uuid', r.map((x) => x.id)],
      ['person_id', 'uuid', r.map((x) => x.person_id)],
      ['dwelling_id', 'uuid', r.map((x) => x.dwelling_id)],
      ['kind', 'text', r.map((x) => x.kind)],
      ['moved_in_on', 'date', r.map((x) => x.moved_in_on)],
      ['registered_on', 'date', r.map((x) => x.registered_on)],
    ],
    authority,
  );
  const b = batch.blocks;
  await insertColumns(
    executor,
    'register_blocks',
    [
      ['id', 'uuid', b.map((x) => x.id)],
      ['person_id', 'uuid', b.map((x) => x.person_id)],
      ['kind', 'text', b.map((x) => x.kind)],
      ['valid_from', 'date', b.map((x) => x.valid_from)],
      ['valid_until', 'date', b.map((x) => x.valid_until)],
    ],
    authority,
  );
  const i = batch.idDocuments;
  await insertColumns(
    executor,
    'register_id_documents',
    [
      ['id', 'uuid', i.map((x) => x.id)],
      ['person_id', 'uuid', i.map((x) => x.person_id)],
      ['kind', 'text', i.map((x) => x.kind)],
      ['serial_number', 'text', i.map((x) => x.serial_number)],
      ['issued_on', 'date', i.map((x) => x.issued_on)],
      ['valid_until', 'date', i.map((x) => x.valid_until)],
      ['issuing_authority', 'text', i.map((x) => x.issuing_authority)],
      ['status', 'text', i.map((x) => x.status)],
    ],
    authority,
  );
}
