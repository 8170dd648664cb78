import {
  BLOCK_LABELS,
  RESIDENCE_KIND_LABELS,
  RESIDENCE_KINDS,
  TRANSFER_BLOCK_KINDS,
} from '../../register/vocabulary';
import {
  addressGroup,
  COUNTRY_OPTIONS,
  HOUSE_NUMBER,
  L,
  options,
  POSTAL_CODE,
  personFields,
  signatureField,
} from '../fields';
import type { FormDefinition } from '../types';

/** Registration matters under the BMG. Rules and deadlines: shared/domain-facts.md §3. */

/** § 17 Abs. 1 BMG: register within two weeks after moving in. */
export const REGISTRATION_DEADLINE_DAYS = 14;
/** § 17 Abs. 2 BMG: deregistration at the earliest one week before moving out. */
export const DEREGISTRATION_EARLIEST_DAYS = 7;

export const anmeldung: FormDefinition = {
  key: 'anmeldung',
  version: 1,
  title: L('Anmeldung / Ummeldung einer Wohnung', 'Registering a move (in or within)'),
  intro: L(
    'Die Anmeldung ist innerhalb von zwei Wochen nach dem Einzug vorgeschrieben (§ 17 Abs. 1 BMG). Mit der Anmeldung werden die mitziehenden Haushaltsangehörigen umgemeldet.',
    'Registration is due within two weeks of moving in (§ 17 (1) BMG). Household members moving along are registered with it.',
  ),
  applicantBirthDateField: '/newPerson/birthDate',
  sections: [
    {
      id: 'move',
      title: L('Einzug', 'Moving in'),
      fields: [
        {
          type: 'date',
          name: 'moveInDate',
          label: L('Tag des Einzugs', 'Date of moving in'),
          required: true,
          notAfter: {
            daysFromToday: 0,
            code: 'move_in_in_future',
            message: L(
              'Eine Anmeldung ist erst ab dem Tag des Einzugs möglich (§ 17 Abs. 1 BMG). Bitte melden Sie die Person nach dem Einzug an.',
              'A registration is possible from the day of moving in (§ 17 (1) BMG). Please register the person after the move.',
            ),
          },
          notBefore: {
            daysFromToday: -3650,
            code: 'move_in_implausible',
            message: L('Bitte prüfen Sie das Einzugsdatum.', 'Please check the date of moving in.'),
          },
          warnBefore: {
            daysFromToday: -REGISTRATION_DEADLINE_DAYS,
            code: 'registration_late',
            message: L(
              'Die Frist von zwei Wochen ist überschritten (Ordnungswidrigkeit nach § 54 BMG). Die Anmeldung wird trotzdem aufgenommen.',
              'The two-week deadline has passed (an administrative offence under § 54 BMG). The registration is still taken.',
            ),
          },
        },
        {
          type: 'choice',
          name: 'residenceKind',
          label: L('Art der Wohnung', 'Kind of residence'),
          required: true,
          options: options(RESIDENCE_KIND_LABELS, RESIDENCE_KINDS),
          style: 'radio',
        },
      ],
    },
    {
      id: 'dwelling',
      title: L('Neue Wohnung', 'New dwelling'),
      fields: [
        {
          type: 'group',
          name: 'newAddress',
          label: L('Anschrift der neuen Wohnung', 'Address of the new dwelling'),
          required: true,
          fields: [
            {
              type: 'choice',
              name: 'municipalityId',
              label: L('Gemeinde', 'Municipality'),
              required: true,
              optionsFrom: 'municipalities',
              style: 'select',
            },
            { type: 'text', name: 'street', label: L('Straße', 'Street'), required: true, maxLength: 120 },
            HOUSE_NUMBER,
            {
              type: 'text',
              name: 'unit',
              label: L('Wohnungsbezeichnung', 'Flat'),
              hint: L('z. B. „2. OG links“', 'e.g. "2nd floor left"'),
              maxLength: 40,
            },
            POSTAL_CODE,
          ],
        },
      ],
    },
    {
      id: 'persons',
      title: L('Meldepflichtige Personen', 'Persons registering'),
      fields: [
        {
          type: 'group',
          name: 'newPerson',
          label: L(
            'Person (Zuzug, noch nicht im Melderegister)',
            'Person (moving in, not yet in the register)',
          ),
          required: { hasPerson: false },
          when: { hasPerson: false },
          fields: personFields(),
        },
        addressGroup('previousAddress', L('Bisherige Anschrift', 'Previous address'), {
          required: { hasPerson: false },
          when: { hasPerson: false },
          abroad: true,
        }),
        {
          type: 'persons',
          name: 'coMovers',
          label: L('Mitziehende Haushaltsangehörige', 'Household members moving along'),
          hint: L(
            'Diese Personen werden mit derselben Anmeldung umgemeldet.',
            'These persons are registered with the same move.',
          ),
          optionsFrom: 'household',
          when: { hasPerson: true },
        },
        {
          type: 'group',
          name: 'additionalPersons',
          label: L('Weitere zuziehende Personen', 'Further persons moving in'),
          repeat: {
            min: 0,
            max: 10,
            itemLabel: L('Weitere Person', 'Further person'),
            addLabel: L('Weitere Person hinzufügen', 'Add another person'),
          },
          fields: personFields(),
        },
      ],
    },
    {
      id: 'landlord',
      title: L('Wohnungsgeberbestätigung (§ 19 BMG)', 'Landlord confirmation (§ 19 BMG)'),
      fields: [
        {
          type: 'choice',
          name: 'landlordConfirmation',
          label: L('Wohnungsgeberbestätigung', 'Landlord confirmation'),
          required: true,
          requiredCode: 'landlord_confirmation_missing',
          requiredMessage: L(
            'Ohne Wohnungsgeberbestätigung ist keine Anmeldung möglich (§ 19 BMG). Bitte legen Sie die Bestätigung vor oder geben Sie an, dass der Wohnungsgeber sie verweigert.',
            'A registration needs the landlord confirmation (§ 19 BMG). Present it, or state that the landlord refuses it.',
          ),
          options: [
            { value: 'paper', label: L('liegt schriftlich vor', 'presented on paper') },
            {
              value: 'electronic',
              label: L(
                'elektronisch übermittelt (Zuordnungsmerkmal)',
                'sent electronically (reference code)',
              ),
            },
            {
              value: 'refused',
              label: L(
                'vom Wohnungsgeber verweigert (§ 19 Abs. 2 BMG)',
                'refused by the landlord (§ 19 (2) BMG)',
              ),
            },
            { value: 'own_property', label: L('eigene Wohnung (Eigentum)', 'own property') },
          ],
          style: 'radio',
        },
        {
          type: 'text',
          name: 'landlordName',
          label: L('Name des Wohnungsgebers', 'Name of the landlord'),
          required: true,
          when: { field: 'landlordConfirmation', in: ['paper', 'electronic', 'refused'] },
          maxLength: 200,
        },
        {
          type: 'text',
          name: 'landlordAddress',
          label: L('Anschrift des Wohnungsgebers', 'Address of the landlord'),
          required: true,
          when: { field: 'landlordConfirmation', in: ['paper', 'electronic'] },
          maxLength: 240,
        },
        {
          type: 'text',
          name: 'confirmationCode',
          label: L('Zuordnungsmerkmal', 'Reference code'),
          required: true,
          when: { field: 'landlordConfirmation', equals: 'electronic' },
          maxLength: 40,
          pattern: '[A-Za-z0-9-]{4,40}',
        },
        {
          type: 'attachment',
          kind: 'scan',
          name: 'confirmationScan',
          label: L('Scan der Bestätigung', 'Scan of the confirmation'),
          when: { field: 'landlordConfirmation', equals: 'paper' },
        },
        {
          type: 'textarea',
          name: 'refusalNote',
          label: L('Angaben zur Verweigerung', 'About the refusal'),
          required: true,
          when: { field: 'landlordConfirmation', equals: 'refused' },
          maxLength: 1000,
        },
      ],
    },
    {
      id: 'sign',
      title: L('Hinweise und Unterschrift', 'Information and signature'),
      fields: [
        {
          type: 'confirm',
          name: 'informedAboutObjections',
          label: L(
            'Die Person wurde über ihre Widerspruchsrechte (Übermittlungssperren) informiert.',
            'The person was told about their right to object to data transfers.',
          ),
          required: true,
        },
        signatureField(L('Unterschrift der meldepflichtigen Person', 'Signature of the person registering')),
      ],
    },
  ],
};

export const abmeldung: FormDefinition = {
  key: 'abmeldung',
  version: 1,
  title: L(
    'Abmeldung (Wegzug ins Ausland / Aufgabe einer Nebenwohnung)',
    'Deregistration (moving abroad / giving up a secondary residence)',
  ),
  intro: L(
    'Eine Abmeldung ist nur bei Wegzug ins Ausland oder bei Aufgabe einer Nebenwohnung nötig, frühestens eine Woche vor dem Auszug (§ 17 Abs. 2 BMG).',
    'Deregistration is needed only when moving abroad or giving up a secondary residence, at the earliest one week before moving out (§ 17 (2) BMG).',
  ),
  sections: [
    {
      id: 'move',
      title: L('Auszug', 'Moving out'),
      fields: [
        {
          type: 'choice',
          name: 'scope',
          label: L('Was wird abgemeldet?', 'What is being deregistered?'),
          required: true,
          options: [
            {
              value: 'abroad',
              label: L('Wegzug ins Ausland (alle Wohnungen)', 'Moving abroad (all residences)'),
            },
            { value: 'secondary', label: L('Aufgabe der Nebenwohnung', 'Giving up the secondary residence') },
          ],
          style: 'radio',
        },
        {
          type: 'date',
          name: 'moveOutDate',
          label: L('Tag des Auszugs', 'Date of moving out'),
          required: true,
          notAfter: {
            daysFromToday: DEREGISTRATION_EARLIEST_DAYS,
            code: 'move_out_too_far_ahead',
            message: L(
              'Eine Abmeldung ist frühestens eine Woche vor dem Auszug möglich (§ 17 Abs. 2 BMG).',
              'Deregistration is possible at the earliest one week before moving out (§ 17 (2) BMG).',
            ),
          },
          warnBefore: {
            daysFromToday: -REGISTRATION_DEADLINE_DAYS,
            code: 'deregistration_late',
            message: L(
              'Die Frist von zwei Wochen ist überschritten (§ 54 BMG). Die Abmeldung wird trotzdem aufgenommen.',
              'The two-week deadline has passed (§ 54 BMG). The deregistration is still taken.',
            ),
          },
        },
        {
          type: 'choice',
          name: 'destinationCountry',
          label: L('Zielstaat', 'Destination country'),
          required: true,
          when: { field: 'scope', equals: 'abroad' },
          options: COUNTRY_OPTIONS,
          excludeValues: ['DE', 'XX'],
          excludeCode: 'destination_not_abroad',
          excludeMessage: L(
            'Bei einem Umzug innerhalb Deutschlands ist keine Abmeldung nötig: die Person meldet sich am neuen Wohnort an.',
            'Moving within Germany needs no deregistration: the person registers at the new place.',
          ),
          style: 'select',
        },
        {
          type: 'textarea',
          name: 'destinationAddress',
          label: L('Künftige Anschrift im Ausland', 'Future address abroad'),
          when: { field: 'scope', equals: 'abroad' },
          maxLength: 400,
        },
        {
          type: 'persons',
          name: 'coMovers',
          label: L('Mitziehende Haushaltsangehörige', 'Household members moving along'),
          optionsFrom: 'household',
          when: { field: 'scope', equals: 'abroad' },
        },
      ],
    },
    {
      id: 'sign',
      title: L('Unterschrift', 'Signature'),
      fields: [
        signatureField(
          L('Unterschrift der meldepflichtigen Person', 'Signature of the person deregistering'),
        ),
      ],
    },
  ],
};

export const meldebescheinigung: FormDefinition = {
  key: 'meldebescheinigung',
  version: 1,
  title: L('Meldebescheinigung', 'Registration certificate'),
  intro: L(
    'Einfache Meldebescheinigung (§ 18 Abs. 1 BMG) oder erweiterte mit weiteren Daten (§ 18 Abs. 2 BMG).',
    'Simple certificate (§ 18 (1) BMG) or extended with further data (§ 18 (2) BMG).',
  ),
  sections: [
    {
      id: 'certificate',
      title: L('Bescheinigung', 'Certificate'),
      fields: [
        {
          type: 'choice',
          name: 'variant',
          label: L('Art der Meldebescheinigung', 'Kind of certificate'),
          required: true,
          options: [
            {
              value: 'simple',
              label: L('einfach', 'simple'),
              hint: L(
                'Name, Doktorgrad, Geburtsdatum, aktuelle Anschriften',
                'Name, degree, date of birth, current addresses',
              ),
            },
            {
              value: 'extended',
              label: L('erweitert', 'extended'),
              hint: L(
                'zusätzlich Geburtsort, Staatsangehörigkeiten, Familienstand, frühere Anschriften',
                'also place of birth, nationalities, marital status, earlier addresses',
              ),
            },
          ],
          style: 'radio',
        },
        {
          type: 'choice',
          name: 'requester',
          label: L('Wer beantragt?', 'Who applies?'),
          required: true,
          options: [
            { value: 'self', label: L('die Person selbst', 'the person themselves') },
            { value: 'authorised', label: L('eine bevollmächtigte Person', 'an authorised person') },
          ],
          style: 'radio',
        },
        {
          type: 'text',
          name: 'authorisedName',
          label: L('Name der bevollmächtigten Person', 'Name of the authorised person'),
          required: true,
          when: { field: 'requester', equals: 'authorised' },
          maxLength: 200,
        },
        {
          type: 'confirm',
          name: 'powerOfAttorneyPresented',
          label: L(
            'Die schriftliche Vollmacht liegt vor.',
            'The written power of attorney has been presented.',
          ),
          required: true,
          when: { field: 'requester', equals: 'authorised' },
        },
        {
          type: 'text',
          name: 'purpose',
          label: L('Verwendungszweck', 'Purpose'),
          maxLength: 200,
        },
      ],
    },
  ],
};

export const auskunftssperre: FormDefinition = {
  key: 'auskunftssperre',
  version: 1,
  title: L('Auskunftssperre (§ 51 BMG)', 'Information block (§ 51 BMG)'),
  intro: L(
    'Gebührenfrei. Die Sperre gilt zwei Jahre und kann verlängert werden.',
    'Free of charge. The block lasts two years and can be extended.',
  ),
  sections: [
    {
      id: 'block',
      title: L('Antrag', 'Application'),
      fields: [
        {
          type: 'textarea',
          name: 'grounds',
          label: L(
            'Gründe (Gefahr für Leben, Gesundheit, persönliche Freiheit …)',
            'Grounds (danger to life, health, freedom …)',
          ),
          required: true,
          maxLength: 2000,
        },
        {
          type: 'attachment',
          kind: 'scan',
          name: 'evidence',
          label: L('Nachweise (Scans)', 'Evidence (scans)'),
          multiple: true,
          maxItems: 10,
        },
        {
          type: 'persons',
          name: 'coApplicants',
          label: L('Sperre auch für Haushaltsangehörige', 'Block also for household members'),
          optionsFrom: 'household',
        },
        signatureField(L('Unterschrift der antragstellenden Person', 'Signature of the applicant')),
      ],
    },
  ],
};

export const uebermittlungssperre: FormDefinition = {
  key: 'uebermittlungssperre',
  version: 1,
  title: L('Übermittlungssperren (Widersprüche)', 'Objections to data transfers'),
  intro: L(
    'Gebührenfrei. Ein Widerspruch gegen die Übermittlung an die Bundeswehr ist seit 2026 nicht mehr vorgesehen.',
    'Free of charge. An objection to transfers to the Bundeswehr no longer exists since 2026.',
  ),
  sections: [
    {
      id: 'blocks',
      title: L('Widersprüche', 'Objections'),
      fields: [
        {
          type: 'choice',
          name: 'blocks',
          label: L('Widerspruch gegen die Übermittlung an', 'Object to transfers to'),
          required: true,
          multiple: true,
          minItems: 1,
          options: TRANSFER_BLOCK_KINDS.map((value) => ({ value, label: BLOCK_LABELS[value] })),
          style: 'checkbox',
        },
        signatureField(L('Unterschrift', 'Signature'), false),
      ],
    },
  ],
};
