import type { Localized } from '../catalog/types';
import { COUNTRIES } from '../register/countries';
import {
  MARITAL_STATUS_LABELS,
  MARITAL_STATUSES,
  RELIGION_LABELS,
  RELIGIONS,
  SEX_LABELS,
  SEXES,
} from '../register/vocabulary';
import type { ChoiceOptionDef, Condition, FormField } from './types';

/** Building blocks shared by the form definitions. */

export const L = (de: string, en: string): Localized => ({ de, en });

export function options<K extends string>(
  labels: Record<K, Localized>,
  keys: readonly K[],
): ChoiceOptionDef[] {
  return keys.map((value) => ({ value, label: labels[value] }));
}

export const YES_NO: ChoiceOptionDef[] = [
  { value: 'yes', label: L('Ja', 'Yes') },
  { value: 'no', label: L('Nein', 'No') },
];

export const COUNTRY_OPTIONS: ChoiceOptionDef[] = COUNTRIES.map((c) => ({ value: c.code, label: c.name }));

/** Names as in German ID documents: letters, spaces, hyphens, apostrophes and dots. */
export const NAME_PATTERN = "[\\p{L}][\\p{L}\\p{M} '.\\-]*";
const NAME_MESSAGE = L(
  'Bitte verwenden Sie nur Buchstaben, Leerzeichen, Bindestriche und Apostrophe.',
  'Use letters, spaces, hyphens and apostrophes only.',
);

export function nameField(name: string, label: Localized, required: boolean | Condition = true): FormField {
  return {
    type: 'text',
    name,
    label,
    required,
    maxLength: 120,
    pattern: NAME_PATTERN,
    patternMessage: NAME_MESSAGE,
    autocomplete: 'off',
  };
}

export const POSTAL_CODE: FormField = {
  type: 'text',
  name: 'postalCode',
  label: L('Postleitzahl', 'Postcode'),
  required: true,
  pattern: '[0-9]{5}',
  patternMessage: L(
    'Die Postleitzahl hat fünf Ziffern, z. B. 08393.',
    'A postcode has five digits, e.g. 08393.',
  ),
  inputMode: 'numeric',
  width: 'short',
};

export const HOUSE_NUMBER: FormField = {
  type: 'text',
  name: 'houseNumber',
  label: L('Hausnummer', 'House number'),
  required: true,
  maxLength: 12,
  pattern: '[0-9]{1,4} ?[a-zA-Z]?(?: ?[-/] ?[0-9]{1,4} ?[a-zA-Z]?)?',
  patternMessage: L(
    'Bitte geben Sie die Hausnummer an, z. B. 12 oder 12a.',
    'Enter the house number, e.g. 12 or 12a.',
  ),
  width: 'short',
};

/** A postal address in Germany or abroad (previous address, address of an applicant). */
export function addressGroup(
  name: string,
  label: Localized,
  opts: { required?: boolean | Condition; when?: Condition; abroad?: boolean } = {},
): FormField {
  return {
    type: 'group',
    name,
    label,
    required: opts.required ?? true,
    ...(opts.when ? { when: opts.when } : {}),
    fields: [
      { type: 'text', name: 'street', label: L('Straße', 'Street'), required: true, maxLength: 120 },
      {
        ...HOUSE_NUMBER,
        required: !opts.abroad,
        ...(opts.abroad ? { pattern: undefined } : {}),
      } as FormField,
      opts.abroad
        ? {
            type: 'text',
            name: 'postalCode',
            label: L('Postleitzahl', 'Postcode'),
            maxLength: 12,
            width: 'short',
          }
        : POSTAL_CODE,
      { type: 'text', name: 'city', label: L('Ort', 'Town or city'), required: true, maxLength: 120 },
      ...(opts.abroad
        ? ([
            {
              type: 'choice',
              name: 'country',
              label: L('Staat', 'Country'),
              required: true,
              options: COUNTRY_OPTIONS,
              style: 'select',
            },
          ] as FormField[])
        : []),
    ],
  };
}

/** Data of a person who is not yet in the register (moving in from elsewhere). */
export function personFields(): FormField[] {
  return [
    nameField('familyName', L('Familienname', 'Family name')),
    nameField('givenNames', L('Vornamen', 'Given names')),
    nameField('birthName', L('Geburtsname, falls abweichend', 'Birth name, if different'), false),
    {
      type: 'text',
      name: 'doctoralDegree',
      label: L('Doktorgrad', 'Doctoral degree'),
      maxLength: 20,
      pattern: '(Dr\\.( [a-z]+\\.)*( h\\. ?c\\.)? ?)+',
      patternMessage: L('Bitte wie im Ausweis angeben, z. B. „Dr.“.', 'As in the ID document, e.g. "Dr.".'),
      width: 'short',
    },
    {
      type: 'date',
      name: 'birthDate',
      label: L('Geburtsdatum', 'Date of birth'),
      required: true,
      notAfter: {
        daysFromToday: 0,
        code: 'birth_date_in_future',
        message: L(
          'Das Geburtsdatum darf nicht in der Zukunft liegen.',
          'The date of birth cannot be in the future.',
        ),
      },
      notBefore: {
        daysFromToday: -365 * 125,
        code: 'birth_date_implausible',
        message: L('Bitte prüfen Sie das Geburtsjahr.', 'Please check the year of birth.'),
      },
    },
    {
      type: 'text',
      name: 'birthPlace',
      label: L('Geburtsort', 'Place of birth'),
      required: true,
      maxLength: 120,
    },
    {
      type: 'choice',
      name: 'sex',
      label: L('Geschlecht', 'Sex'),
      required: true,
      options: options(SEX_LABELS, SEXES),
      style: 'radio',
    },
    {
      type: 'choice',
      name: 'nationalities',
      label: L('Staatsangehörigkeiten', 'Nationalities'),
      hint: L('Alle Staatsangehörigkeiten angeben.', 'Give every nationality.'),
      required: true,
      multiple: true,
      minItems: 1,
      options: COUNTRY_OPTIONS,
      style: 'select',
    },
    {
      type: 'choice',
      name: 'religion',
      label: L('Religionszugehörigkeit (für die Kirchensteuer)', 'Religious affiliation (for church tax)'),
      required: true,
      options: options(RELIGION_LABELS, RELIGIONS),
      style: 'select',
    },
    {
      type: 'choice',
      name: 'maritalStatus',
      label: L('Familienstand', 'Marital status'),
      required: true,
      options: options(MARITAL_STATUS_LABELS, MARITAL_STATUSES),
      style: 'select',
    },
  ];
}

/** Who applies, when the person is not in the register (certifications, lost property). */
export function applicantGroup(): FormField {
  return {
    type: 'group',
    name: 'applicant',
    label: L('Antragstellende Person', 'Applicant'),
    hint: L(
      'Nur ausfüllen, wenn die Person nicht im Melderegister geführt wird.',
      'Only when the person is not in the resident register.',
    ),
    required: { hasPerson: false },
    when: { hasPerson: false },
    fields: [
      nameField('familyName', L('Familienname', 'Family name')),
      nameField('givenNames', L('Vornamen', 'Given names')),
      {
        type: 'date',
        name: 'birthDate',
        label: L('Geburtsdatum', 'Date of birth'),
        required: true,
        notAfter: {
          daysFromToday: 0,
          code: 'birth_date_in_future',
          message: L(
            'Das Geburtsdatum darf nicht in der Zukunft liegen.',
            'The date of birth cannot be in the future.',
          ),
        },
      },
      { type: 'text', name: 'address', label: L('Anschrift', 'Address'), required: true, maxLength: 240 },
    ],
  };
}

export function signatureField(label: Localized, required: boolean | Condition = true): FormField {
  return {
    type: 'attachment',
    kind: 'signature',
    name: 'signature',
    label,
    hint: L(
      'Auf dem Unterschriftenfeld mit Stift oder Finger unterschreiben.',
      'Sign on the signature pad with a pen or finger.',
    ),
    required,
  };
}

export const CONTACT_EMAIL: FormField = {
  type: 'text',
  name: 'contactEmail',
  label: L('E-Mail für die Abholbenachrichtigung', 'Email for the pick-up notice'),
  hint: L(
    'Wird nach der Aushändigung gelöscht (§ 18 Abs. 3 PAuswV).',
    'Deleted after the hand-over (§ 18 (3) PAuswV).',
  ),
  maxLength: 200,
  pattern: '[^\\s@]+@[^\\s@]+\\.[^\\s@]+',
  patternMessage: L(
    'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.',
    'Enter a valid email address, like name@example.com.',
  ),
  inputMode: 'email',
  autocomplete: 'off',
};

export const CONTACT_PHONE: FormField = {
  type: 'text',
  name: 'contactPhone',
  label: L('Mobilnummer für eine SMS bei Abholbereitschaft', 'Mobile number for a text message when ready'),
  hint: L('Nur wenn keine E-Mail-Adresse angegeben ist.', 'Only if no email address is given.'),
  maxLength: 30,
  pattern: '\\+?[0-9][0-9 /-]{5,24}',
  patternMessage: L(
    'Bitte geben Sie eine Telefonnummer an, z. B. 0171 2345678.',
    'Enter a phone number, e.g. +49 171 2345678.',
  ),
  inputMode: 'tel',
  autocomplete: 'off',
  width: 'medium',
};

/** Fee options (surcharges) as offered by the catalogue's fee schedule for the service. */
export const FEE_OPTIONS_FIELD: FormField = {
  type: 'choice',
  name: 'feeOptions',
  label: L('Zusätzliche gebührenpflichtige Leistungen', 'Additional chargeable services'),
  multiple: true,
  optionsFrom: 'feeOptions',
  style: 'checkbox',
};
