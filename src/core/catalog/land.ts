import type { ServiceContent } from './content';
import type { FeeSchedule } from './fees';

/**
 * The Land catalogue (#12, ADR 30): a service is described once for all of Saxony — the FIM texts
 * (Leistungsbeschreibung, Voraussetzungen, Unterlagen, Fristen, Kosten, Rechtsgrundlagen, LeiKa
 * key) — and each authority adopts it into its own catalogue, where it may override fields
 * locally. Pure rules: which fields the Land owns, which a local text overrides, what a new Land
 * version does to an adopted service, and which local fees the law's frame allows.
 */

/** Fields the Land describes. Everything else (address, contact, channels, duration, local notes, forms) is local. */
export const LAND_FIELDS = [
  'leikaKey',
  'name',
  'shortText',
  'description',
  'prerequisites',
  'documents',
  'procedure',
  'processingTime',
  'deadlines',
  'legalBases',
  'fees',
] as const;
export type LandField = (typeof LAND_FIELDS)[number];

/**
 * How much room the law leaves an authority for the fee:
 * - `fixed`: fixed by federal or Land law (e.g. § 1 PAuswGebV) — the Land's fees are the fees;
 * - `range`: a frame (e.g. a Rahmengebühr of the Saxon cost schedule) — every local amount must
 *   lie within [minCents, maxCents];
 * - `open`: the authority sets its fee by its own statute.
 */
export type FeeFrame =
  | { kind: 'fixed' }
  | { kind: 'range'; minCents: number; maxCents: number }
  | { kind: 'open' };

/** One published version of a Land service: a full description (local fields are suggestions). */
export interface LandVersionContent {
  content: ServiceContent;
  feeFrame: FeeFrame;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value ?? null;
}

/** Equal as data (key order and undefined members do not count). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Fields whose local text differs from the Land version the authority adopted: these are its
 * overrides. A field set back to the Land's wording is no override any more.
 */
export function overriddenFields(local: ServiceContent, adopted: ServiceContent): LandField[] {
  return LAND_FIELDS.filter((f) => !sameValue(local[f], adopted[f]));
}

/** Every money amount in a fee schedule (rules, age bands, options), in cents. */
export function feeAmounts(fees: FeeSchedule): number[] {
  const out: number[] = [];
  for (const rule of fees.rules) {
    if (rule.kind === 'by_age') for (const band of rule.bands) out.push(band.amountCents);
    else out.push(rule.amountCents);
  }
  for (const option of fees.options ?? []) out.push(option.amountCents);
  return out;
}

/** The fee without its explanatory text: what the frame governs. */
function feeMoney(fees: FeeSchedule): unknown {
  const { note: _note, legalBasis: _basis, ...money } = fees;
  return money;
}

export type FeeFrameProblem = 'fee_fixed_by_law' | 'fee_outside_frame';

/** Whether a local fee schedule is allowed by the Land's frame; null when it is. */
export function checkFeeFrame(
  local: FeeSchedule,
  land: FeeSchedule,
  frame: FeeFrame,
): FeeFrameProblem | null {
  if (frame.kind === 'open') return null;
  if (frame.kind === 'fixed') return sameValue(feeMoney(local), feeMoney(land)) ? null : 'fee_fixed_by_law';
  return feeAmounts(local).every((a) => a >= frame.minCents && a <= frame.maxCents)
    ? null
    : 'fee_outside_frame';
}

/** The Land's own fee must lie in its own frame. */
export function validateFeeFrame(frame: FeeFrame, fees: FeeSchedule): FeeFrameProblem | 'frame_order' | null {
  if (frame.kind === 'range') {
    if (frame.minCents > frame.maxCents) return 'frame_order';
    return checkFeeFrame(fees, fees, frame);
  }
  return null;
}

/** One field of a "Land text changed" review: old and new Land text, the local text, and whether it is overridden. */
export interface LandFieldChange {
  field: LandField;
  before: unknown;
  after: unknown;
  local: unknown;
  overridden: boolean;
  /** What accepting does to this field: take the new Land text, or keep the local one. */
  onAccept: 'take_land' | 'keep_local';
}

/** The fields a new Land version changes, each with what accepting would do. */
export function landChanges(
  local: ServiceContent,
  from: LandVersionContent,
  to: LandVersionContent,
): LandFieldChange[] {
  const overridden = new Set(overriddenFields(local, from.content));
  return LAND_FIELDS.filter((f) => !sameValue(from.content[f], to.content[f])).map((field) => {
    const isOverridden = overridden.has(field);
    const forced = field === 'fees' && to.feeFrame.kind === 'fixed';
    return {
      field,
      before: from.content[field],
      after: to.content[field],
      local: local[field],
      overridden: isOverridden,
      onAccept: !isOverridden || forced ? 'take_land' : 'keep_local',
    };
  });
}

/**
 * Accepting a new Land version: every field the authority left as the Land wrote it takes the
 * new Land text; every local override stays. A fee the law fixes follows the Land, and a local
 * fee the new frame no longer allows falls back to the Land's fee. Local fields never change.
 */
export function acceptLandVersion(
  local: ServiceContent,
  from: LandVersionContent,
  to: LandVersionContent,
): ServiceContent {
  const overridden = new Set(overriddenFields(local, from.content));
  const next: ServiceContent = { ...local };
  for (const field of LAND_FIELDS) {
    if (!overridden.has(field)) (next as unknown as Record<string, unknown>)[field] = to.content[field];
  }
  if (checkFeeFrame(next.fees, to.content.fees, to.feeFrame) !== null)
    next.fees = lawfulFee(next.fees, to.content.fees, overridden.has('fees'));
  return next;
}

/** The Land's fee where the law leaves no room — with the authority's own fee text, if it wrote one. */
function lawfulFee(local: FeeSchedule, land: FeeSchedule, localText: boolean): FeeSchedule {
  return localText && local.note ? { ...land, note: local.note } : land;
}

/**
 * Keeping the local version: the local text stays as it is (so every field the new version
 * changed becomes an override), except a fee the law fixes or the new frame no longer allows.
 */
export function keepLocalVersion(local: ServiceContent, to: LandVersionContent): ServiceContent {
  if (checkFeeFrame(local.fees, to.content.fees, to.feeFrame) === null) return local;
  return { ...local, fees: lawfulFee(local.fees, to.content.fees, true) };
}

/**
 * The first local content of an adoption: the Land's description with the authority's address
 * (slug) and, where given, its own contact.
 */
export function adoptLandVersion(
  land: LandVersionContent,
  local: { slug: string; contact?: ServiceContent['contact'] | undefined },
): ServiceContent {
  return { ...land.content, slug: local.slug, ...(local.contact ? { contact: local.contact } : {}) };
}
