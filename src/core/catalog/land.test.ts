import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyServiceContent, type ServiceContent } from './content';
import {
  acceptLandVersion,
  adoptLandVersion,
  checkFeeFrame,
  type FeeFrame,
  keepLocalVersion,
  LAND_FIELDS,
  type LandField,
  type LandVersionContent,
  landChanges,
  overriddenFields,
  sameValue,
  validateFeeFrame,
} from './land';

function service(overrides: Partial<ServiceContent> = {}): ServiceContent {
  return {
    ...emptyServiceContent(),
    slug: 'personalausweis-beantragen',
    leikaKey: '99008001012000',
    name: { de: 'Personalausweis beantragen', en: 'Applying for an identity card' },
    shortText: { de: 'Kurz.', en: 'Short.' },
    description: 'Land-Beschreibung v1',
    prerequisites: ['Deutsche Staatsangehörigkeit'],
    documents: [{ item: 'Bisheriger Personalausweis', note: null, required: true }],
    deadlines: 'Ab 16 Jahren Ausweispflicht',
    legalBases: [{ title: '§ 1 PAuswGebV', url: 'https://www.gesetze-im-internet.de/pauswgebv/__1.html' }],
    personalAppearanceRequired: true,
    contact: { unit: 'Bürgerbüro', phone: null, email: null, note: null },
    fees: {
      rules: [
        {
          kind: 'by_age',
          bands: [
            { maxAge: 24, amountCents: 2760 },
            { minAge: 24, amountCents: 4600 },
          ],
        },
      ],
      note: { de: 'Gebühr nach PAuswGebV', en: 'Fee under PAuswGebV' },
    },
    ...overrides,
  };
}

const fixed: FeeFrame = { kind: 'fixed' };
const v1: LandVersionContent = { content: service(), feeFrame: fixed };
const v2: LandVersionContent = {
  content: service({ description: 'Land-Beschreibung v2', deadlines: 'Neue Frist' }),
  feeFrame: fixed,
};

describe('adopting a Land service', () => {
  it('starts with no override: the local text is the Land text, with the local address and contact', () => {
    const contact = { unit: 'Einwohnermeldeamt', phone: '03764 540', email: null, note: null };
    const local = adoptLandVersion(v1, { slug: 'pa-meerane', contact });
    expect(local.slug).toBe('pa-meerane');
    expect(local.contact).toEqual(contact);
    expect(overriddenFields(local, v1.content)).toEqual([]);
  });

  it('counts a field set back to the Land wording as no override', () => {
    const local = { ...v1.content, description: 'Lokal' };
    expect(overriddenFields(local, v1.content)).toEqual(['description']);
    expect(overriddenFields({ ...local, description: v1.content.description }, v1.content)).toEqual([]);
  });

  it('does not count local fields (contact, notes, channels, duration) as overrides of the Land', () => {
    const local = {
      ...v1.content,
      notes: 'Nur dienstags',
      channels: ['town_hall' as const, 'mobile' as const],
      duration: { defaultMinutes: 30 },
    };
    expect(overriddenFields(local, v1.content)).toEqual([]);
  });
});

describe('a new Land version', () => {
  it('takes the new text for untouched fields and keeps the overridden ones', () => {
    const local = { ...v1.content, deadlines: 'Lokale Frist', notes: 'Lokaler Hinweis' };
    const next = acceptLandVersion(local, v1, v2);
    expect(next.description).toBe('Land-Beschreibung v2');
    expect(next.deadlines).toBe('Lokale Frist');
    expect(next.notes).toBe('Lokaler Hinweis');
  });

  it('lists the changed fields with old and new Land text, the local text and what accepting does', () => {
    const local = { ...v1.content, deadlines: 'Lokale Frist' };
    const changes = landChanges(local, v1, v2);
    expect(changes.map((c) => [c.field, c.overridden, c.onAccept])).toEqual([
      ['description', false, 'take_land'],
      ['deadlines', true, 'keep_local'],
    ]);
    expect(changes[1]).toMatchObject({
      before: 'Ab 16 Jahren Ausweispflicht',
      after: 'Neue Frist',
      local: 'Lokale Frist',
    });
  });

  it('keeping the local version changes nothing local', () => {
    const local = { ...v1.content, deadlines: 'Lokale Frist' };
    expect(keepLocalVersion(local, v2)).toEqual(local);
    // … and afterwards every field the Land changed counts as a local override
    expect(overriddenFields(local, v2.content).sort()).toEqual(['deadlines', 'description'].sort());
  });

  it('lets a fee fixed by law follow the Land even where the authority had changed it', () => {
    const local = {
      ...v1.content,
      fees: { ...v1.content.fees, rules: [{ kind: 'fixed' as const, amountCents: 1000 }] },
    };
    const raised = { ...v1, content: service({ fees: { rules: [{ kind: 'fixed', amountCents: 5000 }] } }) };
    // the amounts follow the law; the authority's own fee text stays
    const lawful = { ...raised.content.fees, note: local.fees.note };
    expect(acceptLandVersion(local, v1, raised).fees).toEqual(lawful);
    expect(keepLocalVersion(local, raised).fees).toEqual(lawful);
    // an untouched fee takes the Land's amounts and text
    expect(acceptLandVersion(v1.content, v1, raised).fees).toEqual(raised.content.fees);
    expect(landChanges(local, v1, raised).find((c) => c.field === 'fees')?.onAccept).toBe('take_land');
  });

  it('keeps a local fee inside a frame and replaces one the new frame no longer allows', () => {
    const fee = (cents: number) => ({ rules: [{ kind: 'fixed' as const, amountCents: cents }] });
    const from: LandVersionContent = {
      content: service({ fees: fee(2000) }),
      feeFrame: { kind: 'range', minCents: 1000, maxCents: 5000 },
    };
    const local = { ...from.content, fees: fee(3000) };
    const narrower: LandVersionContent = {
      content: service({ fees: fee(2000), description: 'neu' }),
      feeFrame: { kind: 'range', minCents: 1000, maxCents: 2500 },
    };
    const wider: LandVersionContent = {
      ...narrower,
      feeFrame: { kind: 'range', minCents: 0, maxCents: 9000 },
    };
    expect(acceptLandVersion(local, from, wider).fees).toEqual(fee(3000));
    expect(acceptLandVersion(local, from, narrower).fees).toEqual(fee(2000));
  });
});

describe('fee frames', () => {
  const land = service().fees;
  it('allows only the Land fee when the law fixes it, but a local fee text', () => {
    expect(checkFeeFrame(land, land, fixed)).toBeNull();
    expect(checkFeeFrame({ ...land, note: { de: 'Lokal', en: 'Local' } }, land, fixed)).toBeNull();
    expect(checkFeeFrame({ rules: [] }, land, fixed)).toBe('fee_fixed_by_law');
  });
  it('checks every amount (bands and options) against a range', () => {
    const frame: FeeFrame = { kind: 'range', minCents: 2000, maxCents: 5000 };
    expect(checkFeeFrame(land, land, frame)).toBeNull();
    expect(
      checkFeeFrame(
        { ...land, options: [{ id: 'x', label: { de: 'x', en: 'x' }, amountCents: 9000 }] },
        land,
        frame,
      ),
    ).toBe('fee_outside_frame');
    expect(checkFeeFrame({ rules: [{ kind: 'fixed', amountCents: 0 }] }, land, { kind: 'open' })).toBeNull();
  });
  it("refuses a frame the Land's own fee does not fit, and an inverted range", () => {
    expect(validateFeeFrame({ kind: 'range', minCents: 10, maxCents: 20 }, land)).toBe('fee_outside_frame');
    expect(validateFeeFrame({ kind: 'range', minCents: 9000, maxCents: 20 }, land)).toBe('frame_order');
    expect(validateFeeFrame({ kind: 'range', minCents: 0, maxCents: 9000 }, land)).toBeNull();
  });
});

describe('merge rules hold for any edits (property)', () => {
  const textFields = ['description', 'deadlines', 'processingTime'] as const;
  const edit = fc.record({
    field: fc.constantFrom(...textFields),
    text: fc.string({ minLength: 1, maxLength: 20 }),
  });
  it('never overwrites a local override, always takes the Land text for an untouched field, never touches local fields', () => {
    fc.assert(
      fc.property(
        fc.array(edit, { maxLength: 3 }),
        fc.array(edit, { maxLength: 3 }),
        fc.string({ maxLength: 20 }),
        (localEdits, landEdits, localNote) => {
          const from = v1;
          const local: ServiceContent = { ...from.content, notes: localNote || null, slug: 'lokal' };
          for (const e of localEdits) (local as unknown as Record<string, unknown>)[e.field] = `L:${e.text}`;
          const to: LandVersionContent = { content: { ...from.content }, feeFrame: fixed };
          for (const e of landEdits)
            (to.content as unknown as Record<string, unknown>)[e.field] = `N:${e.text}`;

          const overridden = new Set<LandField>(overriddenFields(local, from.content));
          const next = acceptLandVersion(local, from, to);
          for (const f of LAND_FIELDS) {
            expect(sameValue(next[f], overridden.has(f) ? local[f] : to.content[f])).toBe(true);
          }
          expect(next.slug).toBe('lokal');
          expect(next.notes).toBe(local.notes);
          // After accepting, exactly the local overrides remain overrides of the new version
          // (unless the Land happened to write the same words).
          for (const f of overriddenFields(next, to.content)) expect(overridden.has(f)).toBe(true);
          // The review lists exactly the fields the Land changed.
          expect(landChanges(local, from, to).map((c) => c.field)).toEqual(
            LAND_FIELDS.filter((f) => !sameValue(from.content[f], to.content[f])),
          );
          // Keeping never changes the local text (the fee here is fixed and untouched).
          expect(keepLocalVersion(local, to)).toEqual(local);
        },
      ),
    );
  });
});
