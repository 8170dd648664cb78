import type { CatalogServiceSummary } from '../../../core/catalog/types';
import { sortByText } from '../../../core/collation';
import type {
  AttachmentKind,
  ContextOption,
  FormContext,
  FormDefinition,
  FormField,
} from '../../../core/forms/types';
import type { IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import type { PersonRecord } from '../register/service';
import { attachmentsBySha } from './attachments';

/**
 * What form validation needs besides the data, read from the database: the municipalities of
 * the authority, the person's household (for "moving along"), the service's fee options and the
 * uploaded files the form refers to. The kit builds the same context from its replica.
 */

function formatBirth(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

export async function contextOptions(
  db: Executor,
  authorityId: string,
  person: PersonRecord | null,
  service: CatalogServiceSummary,
): Promise<Record<string, ContextOption[]>> {
  const municipalities = sortByText(
    await db
      .selectFrom('municipalities')
      .select(['id', 'name'])
      .where('authority_id', '=', authorityId)
      .execute(),
    (m) => m.name,
  );
  const euro = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;
  return {
    municipalities: municipalities.map((m) => ({ value: m.id, label: m.name })),
    household: (person?.household ?? []).map((h) => ({
      value: h.id,
      label: `${h.familyName}, ${h.givenNames} (${formatBirth(h.birthDate)})`,
    })),
    feeOptions: (service.fees.options ?? []).map((o) => ({
      value: o.id,
      label: `${o.label.de} (+${euro(o.amountCents)})`,
    })),
  };
}

/** Every attachment (SHA-256) the data refers to, with the pointer of its field. */
export function attachmentRefs(
  definition: FormDefinition,
  data: Record<string, unknown>,
): { sha256: string; pointer: string }[] {
  const out: { sha256: string; pointer: string }[] = [];
  const walk = (fields: FormField[], local: Record<string, unknown>, base: string) => {
    for (const f of fields) {
      const value = local?.[f.name];
      if (value === undefined || value === null) continue;
      const pointer = `${base}/${f.name}`;
      if (f.type === 'attachment') {
        for (const v of Array.isArray(value) ? value : [value])
          if (typeof v === 'string') out.push({ sha256: v.toLowerCase(), pointer });
      } else if (f.type === 'group') {
        if (f.repeat && Array.isArray(value)) {
          value.forEach((item, i) => {
            walk(f.fields, item as Record<string, unknown>, `${pointer}/${i}`);
          });
        } else if (typeof value === 'object') walk(f.fields, value as Record<string, unknown>, pointer);
      }
    }
  };
  for (const s of definition.sections) walk(s.fields, data, '');
  return out;
}

export async function buildFormContext(
  db: Executor,
  input: {
    authorityId: string;
    today: IsoDate;
    person: PersonRecord | null;
    service: CatalogServiceSummary;
    definition: FormDefinition;
    data: Record<string, unknown>;
  },
): Promise<FormContext> {
  const refs = attachmentRefs(input.definition, input.data)
    .map((r) => r.sha256)
    .filter((s) => /^[0-9a-f]{64}$/.test(s));
  const stored = await attachmentsBySha(db, input.authorityId, refs);
  const attachments: Record<string, AttachmentKind> = {};
  for (const [sha, row] of stored) attachments[sha] = row.kind;
  return {
    today: input.today,
    hasPerson: !!input.person,
    personBirthDate: input.person?.birthDate ?? null,
    options: await contextOptions(db, input.authorityId, input.person, input.service),
    attachments,
  };
}
