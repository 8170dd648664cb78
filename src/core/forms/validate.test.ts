import { describe, expect, it } from 'vitest';
import { addDays } from '../time';
import { describeForm } from './describe';
import { feeInputFromForm } from './fee-input';
import { FORM_DEFINITIONS, getFormDefinition } from './registry';
import type { FormContext, FormDefinition } from './types';
import { validateForm } from './validate';

const today = '2026-03-10';
const SHA = 'a'.repeat(64);
const ctx = (over: Partial<FormContext> = {}): FormContext => ({
  today,
  hasPerson: true,
  personBirthDate: '1980-01-01',
  options: {
    municipalities: [{ value: 'm1', label: 'Stadt Meerane' }],
    household: [{ value: 'p2', label: 'Mustermann, Max' }],
    feeOptions: [{ value: 'photo', label: 'Foto' }],
  },
  ...over,
});

const moveIn = (over: Record<string, unknown> = {}) => ({
  moveInDate: '2026-03-05',
  residenceKind: 'sole',
  newAddress: { municipalityId: 'm1', street: 'Rosenweg', houseNumber: '8', postalCode: '08393' },
  landlordConfirmation: 'paper',
  landlordName: 'Wohnbau (fiktiv)',
  landlordAddress: 'Beispielweg 1, 08393 Meerane',
  informedAboutObjections: true,
  signature: SHA,
  ...over,
});

describe('form definitions', () => {
  it('define every form the catalogue refers to', () => {
    for (const key of [
      'anmeldung',
      'abmeldung',
      'meldebescheinigung',
      'auskunftssperre',
      'uebermittlungssperre',
      'personalausweis',
      'reisepass',
      'vorlaeufiger-personalausweis',
      'aushaendigung',
      'fuehrungszeugnis',
      'beglaubigung',
      'lebensbescheinigung',
      'hundesteuer-anmeldung',
      'hundesteuer-abmeldung',
      'fundsache',
    ])
      expect(getFormDefinition(key)?.key, key).toBe(key);
    expect(getFormDefinition('toString')).toBeUndefined();
  });

  it('give every field a German and an English label and unique names per level', () => {
    const walk = (def: FormDefinition) => {
      const check = (fields: FormDefinition['sections'][number]['fields']) => {
        expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
        for (const f of fields) {
          expect(f.label.de.length, `${def.key} ${f.name}`).toBeGreaterThan(1);
          expect(f.label.en.length, `${def.key} ${f.name}`).toBeGreaterThan(1);
          if (f.type === 'group') check(f.fields);
        }
      };
      check(def.sections.flatMap((s) => s.fields));
    };
    for (const def of Object.values(FORM_DEFINITIONS)) walk(def);
  });
});

describe('validateForm', () => {
  const anmeldung = getFormDefinition('anmeldung')!;

  it('accepts a complete move-in and keeps only what the form declares', () => {
    const result = validateForm(anmeldung, moveIn({ refusalNote: 'stale value of a hidden field' }), ctx());
    expect(result.errors).toEqual([]);
    expect(result.data).not.toHaveProperty('refusalNote');
    expect(result.data.newAddress).toEqual({
      municipalityId: 'm1',
      street: 'Rosenweg',
      houseNumber: '8',
      postalCode: '08393',
    });
  });

  it('refuses a move-in date in the future with its own code', () => {
    const result = validateForm(anmeldung, moveIn({ moveInDate: addDays(today, 1) }), ctx());
    expect(result.errors).toEqual([
      expect.objectContaining({ pointer: '/moveInDate', code: 'move_in_in_future' }),
    ]);
    expect(result.errors[0]!.message.de).toContain('§ 17');
  });

  it('names a missing landlord confirmation as such', () => {
    const result = validateForm(anmeldung, moveIn({ landlordConfirmation: undefined }), ctx());
    expect(result.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/landlordConfirmation', 'landlord_confirmation_missing'],
    ]);
  });

  it('warns, but accepts, a registration after the two-week deadline', () => {
    const result = validateForm(anmeldung, moveIn({ moveInDate: addDays(today, -20) }), ctx());
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['registration_late']);
  });

  it('asks for the electronic reference code only when the confirmation came electronically', () => {
    const result = validateForm(anmeldung, moveIn({ landlordConfirmation: 'electronic' }), ctx());
    expect(result.errors.map((e) => e.pointer)).toEqual(['/confirmationCode']);
  });

  it('requires the new person and previous address only when the person is not in the register', () => {
    const result = validateForm(
      anmeldung,
      moveIn({ coMovers: ['p2'] }),
      ctx({ hasPerson: false, personBirthDate: null }),
    );
    expect(result.errors.map((e) => e.pointer).sort()).toEqual(['/newPerson', '/previousAddress']);
    expect(result.data).not.toHaveProperty('coMovers');
  });

  it('validates each further person moving in with pointers into the list', () => {
    const result = validateForm(
      anmeldung,
      moveIn({ additionalPersons: [{ familyName: 'Muster', givenNames: '4711', birthDate: '2030-01-01' }] }),
      ctx(),
    );
    const pointers = result.errors.map((e) => `${e.pointer} ${e.code}`);
    expect(pointers).toContain('/additionalPersons/0/givenNames pattern');
    expect(pointers).toContain('/additionalPersons/0/birthDate birth_date_in_future');
    expect(pointers).toContain('/additionalPersons/0/sex required');
  });

  it('refuses household members who are not in the household and unknown fields', () => {
    const result = validateForm(
      anmeldung,
      moveIn({ coMovers: ['stranger'], favouriteColour: 'blue' }),
      ctx(),
    );
    expect(result.errors.map((e) => `${e.pointer} ${e.code}`).sort()).toEqual([
      '/coMovers invalid_option',
      '/favouriteColour unknown_field',
    ]);
  });

  it('checks that an attachment exists and has the right kind when the caller knows the files', () => {
    const known = ctx({ attachments: { [SHA]: 'photo' } });
    expect(validateForm(anmeldung, moveIn(), known).errors).toEqual([
      expect.objectContaining({ pointer: '/signature', code: 'wrong_attachment_kind' }),
    ]);
    expect(validateForm(anmeldung, moveIn({ signature: 'not-a-hash' }), ctx()).errors[0]!.code).toBe(
      'invalid_attachment',
    );
  });

  describe('ID card by age', () => {
    const pa = getFormDefinition('personalausweis')!;
    const base = {
      reason: 'first',
      heightCm: 140,
      eyeColour: 'blue',
      photoSource: 'office',
      photo: SHA,
      pickupAt: 'town_hall',
    };

    it('needs the custodians for a child under 16, but no signature under 10', () => {
      const child = validateForm(pa, base, ctx({ personBirthDate: '2018-05-01' }));
      expect(child.errors.map((e) => e.pointer).sort()).toEqual(['/custodianConsent', '/custodianNames']);
    });

    it('needs the signature from the 10th birthday', () => {
      const ten = validateForm(
        pa,
        { ...base, custodianNames: 'Eltern', custodianConsent: true },
        ctx({ personBirthDate: '2016-03-10' }),
      );
      expect(ten.errors.map((e) => e.pointer)).toEqual(['/signature']);
    });

    it('needs no custodians from 16, but the signature', () => {
      const adult = validateForm(pa, { ...base, signature: SHA }, ctx({ personBirthDate: '2010-03-10' }));
      expect(adult.errors).toEqual([]);
    });

    it('turns the form into the fee input: age on the application date and the chosen options', () => {
      const data = { ...base, signature: SHA, feeOptions: ['photo'] };
      expect(feeInputFromForm(pa, data, ctx({ personBirthDate: '2002-03-11' }))).toEqual({
        age: 23,
        units: undefined,
        options: ['photo'],
      });
      expect(feeInputFromForm(pa, data, ctx({ personBirthDate: '2002-03-10' })).age).toBe(24);
    });
  });

  it('takes the number of pages of a certification as the fee units', () => {
    const def = getFormDefinition('beglaubigung')!;
    const data = { kind: 'copy', documentDescription: 'Zeugnis', pages: 3, originalPresented: true };
    expect(validateForm(def, data, ctx()).errors).toEqual([]);
    expect(feeInputFromForm(def, data, ctx()).units).toBe(3);
    expect(validateForm(def, { ...data, pages: 0 }, ctx()).errors[0]).toMatchObject({
      pointer: '/pages',
      code: 'too_small',
    });
  });

  it('refuses Germany as the destination of a move abroad', () => {
    const def = getFormDefinition('abmeldung')!;
    const result = validateForm(
      def,
      { scope: 'abroad', moveOutDate: today, destinationCountry: 'DE', signature: SHA },
      ctx(),
    );
    expect(result.errors.map((e) => e.code)).toEqual(['destination_not_abroad']);
  });

  it('warns that a found item of little value need not be reported', () => {
    const def = getFormDefinition('fundsache')!;
    const data = {
      kind: 'handed_in',
      description: 'Regenschirm',
      foundOn: today,
      foundAt: 'Bushaltestelle',
      estimatedValueEur: 8,
      finderRights: 'no',
      applicant: {
        familyName: 'Finder',
        givenNames: 'Frida',
        birthDate: '1990-01-01',
        address: 'Weg 1, 08393 Meerane',
      },
    };
    const result = validateForm(def, data, ctx({ hasPerson: false, personBirthDate: null }));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual(['no_report_needed']);
  });
});

describe('describeForm', () => {
  it('reads the data back in words for the summary the citizen signs', () => {
    const def = getFormDefinition('anmeldung')!;
    const sections = describeForm(def, moveIn({ coMovers: ['p2'] }), {
      locale: 'de',
      options: ctx().options,
      hasPerson: true,
    });
    const fields = Object.fromEntries(sections.flatMap((s) => s.fields.map((f) => [f.label, f.value])));
    expect(fields['Tag des Einzugs']).toBe('05.03.2026');
    expect(fields['Art der Wohnung']).toBe('alleinige Wohnung');
    expect(fields['Anschrift der neuen Wohnung: Gemeinde']).toBe('Stadt Meerane');
    expect(fields['Mitziehende Haushaltsangehörige']).toBe('Mustermann, Max');
    expect(fields['Unterschrift der meldepflichtigen Person']).toBe('liegt vor');
  });
});

describe('messages that name their field (#10)', () => {
  const anmeldung = getFormDefinition('anmeldung')!;

  it('start each standard message with the field’s name, so a summary never repeats the same words', () => {
    const result = validateForm(anmeldung, {}, ctx());
    const messages = result.errors.map((e) => e.message.de);
    expect(messages.length).toBeGreaterThan(3);
    expect(new Set(messages).size).toBe(messages.length);
    expect(
      messages.some((m) => m === 'Bitte ausfüllen.' || m.includes('Bitte füllen Sie dieses Feld aus')),
    ).toBe(false);
    expect(messages).toContain('Tag des Einzugs: Bitte ausfüllen.');
    const english = result.errors.map((e) => e.message.en);
    expect(new Set(english).size).toBe(english.length);
  });

  it('names a field in a group with the group, e.g. the new address’s street', () => {
    const result = validateForm(anmeldung, moveIn({ newAddress: { municipalityId: 'm1' } }), ctx());
    const street = result.errors.find((e) => e.pointer === '/newAddress/street')!;
    expect(street.message.de).toMatch(/^.+ – Straße: Bitte ausfüllen\.$/);
    expect(street.code).toBe('required');
  });

  it('says that a signature is missing, not a file', () => {
    const result = validateForm(anmeldung, moveIn({ signature: undefined }), ctx());
    const signature = result.errors.find((e) => e.pointer === '/signature')!;
    expect(signature.message.de).toContain('Unterschrift fehlt.');
    expect(signature.message.de).not.toContain('Datei');
    expect(signature.message.en).toContain('Signature missing.');
  });

  it('keeps a definition’s own message as it is written', () => {
    const result = validateForm(anmeldung, moveIn({ landlordConfirmation: undefined }), ctx());
    const own = result.errors.find((e) => e.pointer === '/landlordConfirmation')!;
    expect(own.message.de).toMatch(/^Ohne Wohnungsgeberbestätigung/);
  });
});
