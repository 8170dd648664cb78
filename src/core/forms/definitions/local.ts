import { applicantGroup, L, YES_NO } from '../fields';
import type { FormDefinition } from '../types';

/** Local matters of the municipality: dog tax and lost property. */

/** § 965 Abs. 2 BGB: items worth up to 10 € need not be reported. */
export const FOUND_ITEM_REPORT_THRESHOLD_EUR = 10;

export const hundesteuerAnmeldung: FormDefinition = {
  key: 'hundesteuer-anmeldung',
  version: 1,
  title: L('Hund zur Hundesteuer anmelden', 'Registering a dog for dog tax'),
  sections: [
    {
      id: 'dog',
      title: L('Hund', 'Dog'),
      fields: [
        {
          type: 'text',
          name: 'dogName',
          label: L('Name des Hundes', 'Name of the dog'),
          required: true,
          maxLength: 60,
        },
        { type: 'text', name: 'breed', label: L('Rasse', 'Breed'), required: true, maxLength: 100 },
        {
          type: 'date',
          name: 'keptSince',
          label: L('Gehalten seit', 'Kept since'),
          required: true,
          notAfter: {
            daysFromToday: 0,
            code: 'date_in_future',
            message: L(
              'Dieses Datum darf nicht in der Zukunft liegen.',
              'This date cannot be in the future.',
            ),
          },
        },
        {
          type: 'text',
          name: 'chipNumber',
          label: L('Transpondernummer (Chip)', 'Microchip number'),
          pattern: '[0-9]{15}',
          patternMessage: L('Die Chipnummer hat 15 Ziffern.', 'A microchip number has 15 digits.'),
          inputMode: 'numeric',
          width: 'medium',
        },
        {
          type: 'choice',
          name: 'dangerous',
          label: L('Gilt der Hund als gefährlicher Hund?', 'Is the dog classed as dangerous?'),
          required: true,
          options: YES_NO,
          style: 'radio',
        },
        {
          type: 'integer',
          name: 'dogsInHousehold',
          label: L(
            'Anzahl der Hunde im Haushalt (mit diesem)',
            'Number of dogs in the household (including this one)',
          ),
          required: true,
          min: 1,
          max: 20,
        },
      ],
    },
  ],
};

export const hundesteuerAbmeldung: FormDefinition = {
  key: 'hundesteuer-abmeldung',
  version: 1,
  title: L('Hund von der Hundesteuer abmelden', 'Deregistering a dog from dog tax'),
  sections: [
    {
      id: 'dog',
      title: L('Hund', 'Dog'),
      fields: [
        {
          type: 'text',
          name: 'dogName',
          label: L('Name des Hundes', 'Name of the dog'),
          required: true,
          maxLength: 60,
        },
        {
          type: 'text',
          name: 'taxMarkNumber',
          label: L('Nummer der Hundesteuermarke', 'Dog tax tag number'),
          maxLength: 20,
          width: 'short',
        },
        {
          type: 'choice',
          name: 'reason',
          label: L('Grund', 'Reason'),
          required: true,
          options: [
            { value: 'died', label: L('Hund verstorben', 'dog died') },
            { value: 'given_away', label: L('Hund abgegeben', 'dog given away') },
            { value: 'moved_away', label: L('Halter zieht weg', 'keeper moves away') },
          ],
          style: 'radio',
        },
        {
          type: 'text',
          name: 'newKeeper',
          label: L(
            'Name und Anschrift der neuen Halterin oder des neuen Halters',
            'Name and address of the new keeper',
          ),
          required: true,
          when: { field: 'reason', equals: 'given_away' },
          maxLength: 240,
        },
        {
          type: 'date',
          name: 'endDate',
          label: L('Seit wann nicht mehr gehalten', 'No longer kept since'),
          required: true,
          notAfter: {
            daysFromToday: 0,
            code: 'date_in_future',
            message: L(
              'Dieses Datum darf nicht in der Zukunft liegen.',
              'This date cannot be in the future.',
            ),
          },
        },
        {
          type: 'confirm',
          name: 'tagReturned',
          label: L('Die Hundesteuermarke wurde zurückgegeben.', 'The tax tag was returned.'),
        },
      ],
    },
  ],
};

export const fundsache: FormDefinition = {
  key: 'fundsache',
  version: 1,
  title: L('Fundsache', 'Lost property'),
  sections: [
    {
      id: 'item',
      title: L('Fundsache', 'Item'),
      fields: [
        applicantGroup(),
        {
          type: 'choice',
          name: 'kind',
          label: L('Vorgang', 'Matter'),
          required: true,
          options: [
            { value: 'handed_in', label: L('Fundsache abgeben', 'hand in a found item') },
            { value: 'claimed', label: L('Fundsache abholen (Verlierer)', 'collect a lost item (owner)') },
          ],
          style: 'radio',
        },
        {
          type: 'textarea',
          name: 'description',
          label: L('Beschreibung', 'Description'),
          required: true,
          maxLength: 1000,
        },
        {
          type: 'date',
          name: 'foundOn',
          label: L('Fundtag', 'Date found'),
          required: { field: 'kind', equals: 'handed_in' },
          notAfter: {
            daysFromToday: 0,
            code: 'date_in_future',
            message: L(
              'Dieses Datum darf nicht in der Zukunft liegen.',
              'This date cannot be in the future.',
            ),
          },
        },
        {
          type: 'text',
          name: 'foundAt',
          label: L('Fundort', 'Where found'),
          required: { field: 'kind', equals: 'handed_in' },
          maxLength: 200,
        },
        {
          type: 'integer',
          name: 'estimatedValueEur',
          label: L('Geschätzter Wert', 'Estimated value'),
          unit: L('€', '€'),
          min: 0,
          max: 1_000_000,
          warnAtMost: {
            value: FOUND_ITEM_REPORT_THRESHOLD_EUR,
            code: 'no_report_needed',
            message: L(
              'Fundsachen bis 10 € müssen nicht angezeigt werden (§ 965 Abs. 2 BGB). Die Abgabe ist trotzdem möglich.',
              'Items worth up to 10 € need not be reported (§ 965 (2) BGB). Handing in is still possible.',
            ),
          },
        },
        {
          type: 'choice',
          name: 'finderRights',
          label: L(
            'Macht die findende Person Rechte geltend (Finderlohn, Eigentum nach sechs Monaten)?',
            'Does the finder claim rights (reward, ownership after six months)?',
          ),
          required: { field: 'kind', equals: 'handed_in' },
          when: { field: 'kind', equals: 'handed_in' },
          options: YES_NO,
          style: 'radio',
        },
        {
          type: 'text',
          name: 'foundItemNumber',
          label: L('Fundnummer', 'Found item number'),
          required: { field: 'kind', equals: 'claimed' },
          when: { field: 'kind', equals: 'claimed' },
          maxLength: 40,
        },
      ],
    },
  ],
};
