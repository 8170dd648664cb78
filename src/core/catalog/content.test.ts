import { describe, expect, it } from 'vitest';
import {
  CONTENT_PROBLEM_MESSAGES,
  emptyServiceContent,
  type ServiceContent,
  validateServiceContent,
} from './content';
import { diffContent } from './diff';
import { feeKind, feeNeedsCalculator, feeSentence } from './fee-text';
import { readOutText } from './read-out';
import { durationAt } from './types';

function service(overrides: Partial<ServiceContent> = {}): ServiceContent {
  return {
    ...emptyServiceContent(),
    slug: 'personalausweis-beantragen',
    leikaKey: '99008001012000',
    name: { de: 'Personalausweis beantragen', en: 'Applying for an identity card' },
    shortText: { de: 'Kurz.', en: 'Short.' },
    description: 'Lang.',
    documents: [{ item: 'Bisheriger Personalausweis', note: null, required: true }],
    personalAppearanceRequired: true,
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
      options: [{ id: 'photo', label: { de: 'Foto', en: 'Photo' }, amountCents: 600 }],
    },
    ...overrides,
  };
}

describe('service description rules', () => {
  it('accepts a complete description', () => {
    expect(validateServiceContent(service())).toEqual([]);
  });

  it('wants a LeiKa key of 14 digits starting with 99, or none', () => {
    expect(validateServiceContent(service({ leikaKey: '9900800101200' }))).toEqual([
      { path: '/leikaKey', code: 'leika_format' },
    ]);
    expect(validateServiceContent(service({ leikaKey: '12345678901234' }))[0]?.code).toBe('leika_format');
    expect(validateServiceContent(service({ leikaKey: null }))).toEqual([]);
  });

  it('finds fees that do not add up, with the path of the faulty band', () => {
    const problems = validateServiceContent(
      service({
        fees: {
          rules: [
            {
              kind: 'by_age',
              bands: [
                { maxAge: 18, amountCents: 2760 },
                { minAge: 24, amountCents: -1 },
              ],
            },
          ],
        },
      }),
    );
    expect(problems.map((p) => p.code)).toEqual(expect.arrayContaining(['age_bands_gap', 'negative_amount']));
    expect(problems.every((p) => p.path.startsWith('/fees/rules/0'))).toBe(true);
  });

  it('refuses personal appearance without a place to appear', () => {
    expect(validateServiceContent(service({ channels: ['online', 'phone'] }))).toContainEqual({
      path: '/channels',
      code: 'appearance_without_channel',
    });
  });

  it('wants an explanation when the fee is not confirmed', () => {
    expect(validateServiceContent(service({ fees: { rules: [], amountUnconfirmed: true } }))).toContainEqual({
      path: '/fees/note/de',
      code: 'fee_unconfirmed_without_note',
    });
  });

  it('has a German and an English message for every problem', () => {
    for (const [code, m] of Object.entries(CONTENT_PROBLEM_MESSAGES)) {
      expect(m.de.length, code).toBeGreaterThan(10);
      expect(m.en.length, code).toBeGreaterThan(10);
    }
  });
});

describe('fees in words', () => {
  it('says free, unconfirmed or the amounts — never "free" for an unknown fee', () => {
    expect(feeSentence({ rules: [] }, 'de')).toBe('Gebührenfrei.');
    expect(feeKind({ rules: [], amountUnconfirmed: true })).toBe('unconfirmed');
    expect(feeSentence({ rules: [], amountUnconfirmed: true }, 'de')).toContain('nicht bestätigt');
    const s = feeSentence(service().fees, 'de');
    expect(s).toContain('46,00');
    expect(s).toContain('27,60');
    expect(s).toContain('Foto plus 6,00');
  });

  it('offers a calculator where the amount depends on age, quantity or options', () => {
    expect(feeNeedsCalculator(service().fees)).toBe(true);
    expect(feeNeedsCalculator({ rules: [{ kind: 'fixed', amountCents: 1300 }] })).toBe(false);
  });
});

describe('read-out text for the hotline', () => {
  it('names what to bring, the cost and where to go', () => {
    const text = readOutText(service(), 'de', {
      authorityName: 'Stadt Meerane',
      street: 'Lörracher Platz 1',
      postalCode: '08393',
      city: 'Meerane',
      phone: '03764 54-0',
      email: null,
    }).join(' ');
    expect(text).toContain('Bitte mitbringen: Bisheriger Personalausweis.');
    expect(text).toContain('46,00');
    expect(text).toContain('Sie müssen persönlich vorsprechen.');
    expect(text).toContain('Telefon 03764 54-0');
  });
});

describe('version diff', () => {
  it('lists changed, added and removed fields', () => {
    const a = service();
    const b = service({ shortText: { de: 'Neu.', en: 'Short.' }, notes: 'Hinweis' });
    const changes = diffContent(a, b);
    expect(changes).toContainEqual({
      path: '/shortText/de',
      kind: 'changed',
      before: 'Kurz.',
      after: 'Neu.',
    });
    expect(changes).toContainEqual({ path: '/notes', kind: 'added', before: null, after: 'Hinweis' });
    expect(diffContent(a, a)).toEqual([]);
  });
});

describe('durations', () => {
  it('prefers a location override, then the kind of place, then the default', () => {
    const d = { defaultMinutes: 15, byPlaceKind: { home: 30 }, byLocation: { 'loc-1': 20 } };
    expect(durationAt(d, 'town_hall')).toBe(15);
    expect(durationAt(d, 'home')).toBe(30);
    expect(durationAt(d, 'village_hall', 'loc-1')).toBe(20);
  });
});
