import { CONTACT_EMAIL, CONTACT_PHONE, FEE_OPTIONS_FIELD, L, signatureField } from '../fields';
import type { FormDefinition, FormField } from '../types';

/**
 * ID card and passport applications (PAuswG, PassG). The system captures data, photo and
 * signature and hands them to the certified ID-document software; it never captures
 * fingerprints (DESIGN.md §6).
 */

const PHOTO: FormField = {
  type: 'attachment',
  kind: 'photo',
  name: 'photo',
  label: L('Biometrisches Lichtbild', 'Biometric photo'),
  hint: L(
    'Foto mit der Kamera aufnehmen oder eine Datei (JPEG oder PNG) hochladen.',
    'Take a photo with the camera or upload a file (JPEG or PNG).',
  ),
  required: true,
};

const PHOTO_SOURCE: FormField = {
  type: 'choice',
  name: 'photoSource',
  label: L('Herkunft des Lichtbilds', 'Source of the photo'),
  required: true,
  options: [
    {
      value: 'provider',
      label: L(
        'zertifizierter Dienstleister (elektronisch übermittelt)',
        'certified provider (sent electronically)',
      ),
    },
    { value: 'office', label: L('von der Behörde aufgenommen', 'taken by the authority') },
  ],
  style: 'radio',
};

/** Children sign from the age of 10 (§ 9 Abs. 3 PAuswG; § 6 PassG). */
const SIGNATURE = signatureField(
  L('Unterschrift der antragstellenden Person', 'Signature of the applicant'),
  {
    not: { ageBelow: 10 },
  },
);

const HEIGHT: FormField = {
  type: 'integer',
  name: 'heightCm',
  label: L('Körpergröße', 'Height'),
  unit: L('cm', 'cm'),
  required: true,
  min: 40,
  max: 250,
};

const EYE_COLOUR: FormField = {
  type: 'choice',
  name: 'eyeColour',
  label: L('Augenfarbe', 'Eye colour'),
  required: true,
  options: [
    { value: 'blue', label: L('blau', 'blue') },
    { value: 'green', label: L('grün', 'green') },
    { value: 'brown', label: L('braun', 'brown') },
    { value: 'grey', label: L('grau', 'grey') },
    { value: 'blue_grey', label: L('blaugrau', 'blue-grey') },
    { value: 'green_brown', label: L('grünbraun', 'green-brown') },
  ],
  style: 'select',
};

const REASON: FormField = {
  type: 'choice',
  name: 'reason',
  label: L('Anlass', 'Reason'),
  required: true,
  options: [
    { value: 'first', label: L('erstes Dokument', 'first document') },
    { value: 'expiry', label: L('Ablauf der Gültigkeit', 'expiry') },
    { value: 'loss', label: L('Verlust oder Diebstahl', 'loss or theft') },
    { value: 'data_change', label: L('Änderung der Daten (z. B. Name)', 'change of data (e.g. name)') },
    { value: 'damaged', label: L('beschädigt', 'damaged') },
  ],
  style: 'radio',
};

const LOSS_REPORTED: FormField = {
  type: 'confirm',
  name: 'lossReported',
  label: L(
    'Der Verlust wurde angezeigt (§ 27 Abs. 1 Nr. 3 PAuswG).',
    'The loss has been reported (§ 27 (1) no. 3 PAuswG).',
  ),
  required: true,
  when: { field: 'reason', equals: 'loss' },
};

function custodian(ageLimit: number): FormField[] {
  return [
    {
      type: 'text',
      name: 'custodianNames',
      label: L('Sorgeberechtigte Personen', 'Persons with custody'),
      required: true,
      when: { ageBelow: ageLimit },
      maxLength: 240,
    },
    {
      type: 'confirm',
      name: 'custodianConsent',
      label: L(
        'Die Zustimmung aller Sorgeberechtigten liegt vor; eine sorgeberechtigte Person ist anwesend.',
        'All persons with custody consent; one of them is present.',
      ),
      required: true,
      when: { ageBelow: ageLimit },
    },
  ];
}

const PICKUP: FormField = {
  type: 'choice',
  name: 'pickupAt',
  label: L('Abholung', 'Pick-up'),
  required: true,
  options: [
    {
      value: 'town_hall',
      label: L('im Bürgerbüro im Rathaus Meerane', 'at the citizens\u2019 office in Meerane town hall'),
    },
    {
      value: 'office_day',
      label: L(
        'am nächsten Sprechtag im eigenen Ort (mobiles Bürgerbüro)',
        'at the next office day in the own village (mobile office)',
      ),
    },
  ],
  style: 'radio',
};

export const personalausweis: FormDefinition = {
  key: 'personalausweis',
  version: 1,
  title: L('Personalausweis beantragen', 'Applying for an ID card'),
  intro: L(
    'Gültig 10 Jahre, unter 24 Jahren 6 Jahre (§ 6 PAuswG). Fingerabdrücke nimmt ausschließlich die zertifizierte Ausweissoftware auf.',
    'Valid for 10 years, 6 years under the age of 24 (§ 6 PAuswG). Fingerprints are taken only by the certified ID software.',
  ),
  fee: { optionsField: '/feeOptions' },
  sections: [
    {
      id: 'application',
      title: L('Antrag', 'Application'),
      fields: [REASON, LOSS_REPORTED, ...custodian(16)],
    },
    {
      id: 'features',
      title: L('Merkmale', 'Features'),
      fields: [HEIGHT, EYE_COLOUR, PHOTO_SOURCE, PHOTO, SIGNATURE],
    },
    {
      id: 'pickup',
      title: L('Abholung und Gebühr', 'Pick-up and fee'),
      fields: [PICKUP, CONTACT_EMAIL, CONTACT_PHONE, FEE_OPTIONS_FIELD],
    },
  ],
};

export const reisepass: FormDefinition = {
  key: 'reisepass',
  version: 1,
  title: L('Reisepass beantragen', 'Applying for a passport'),
  intro: L(
    'Gültig 10 Jahre, unter 24 Jahren 6 Jahre (§ 5 Abs. 1 PassG). Für Minderjährige beantragen die Sorgeberechtigten.',
    'Valid for 10 years, 6 years under the age of 24 (§ 5 (1) PassG). For minors the persons with custody apply.',
  ),
  fee: { optionsField: '/feeOptions' },
  sections: [
    {
      id: 'application',
      title: L('Antrag', 'Application'),
      fields: [REASON, LOSS_REPORTED, ...custodian(18)],
    },
    {
      id: 'features',
      title: L('Merkmale', 'Features'),
      fields: [HEIGHT, EYE_COLOUR, PHOTO_SOURCE, PHOTO, SIGNATURE],
    },
    {
      id: 'pickup',
      title: L('Abholung und Gebühr', 'Pick-up and fee'),
      fields: [PICKUP, CONTACT_EMAIL, CONTACT_PHONE, FEE_OPTIONS_FIELD],
    },
  ],
};

export const vorlaeufigerPersonalausweis: FormDefinition = {
  key: 'vorlaeufiger-personalausweis',
  version: 1,
  title: L('Vorläufiger Personalausweis', 'Temporary ID card'),
  intro: L(
    'Wird sofort ausgestellt und gilt höchstens drei Monate.',
    'Issued on the spot and valid for at most three months.',
  ),
  sections: [
    {
      id: 'application',
      title: L('Antrag', 'Application'),
      fields: [
        {
          type: 'textarea',
          name: 'urgency',
          label: L('Warum wird das Dokument sofort benötigt?', 'Why is the document needed at once?'),
          required: true,
          maxLength: 1000,
        },
        ...custodian(16),
        HEIGHT,
        EYE_COLOUR,
        PHOTO_SOURCE,
        PHOTO,
        SIGNATURE,
        {
          type: 'text',
          name: 'serialNumber',
          label: L('Seriennummer des ausgegebenen Dokuments', 'Serial number of the issued document'),
          required: true,
          pattern: '[A-Z0-9]{8,10}',
          patternMessage: L('8 bis 10 Großbuchstaben oder Ziffern.', '8 to 10 capital letters or digits.'),
          width: 'medium',
        },
      ],
    },
  ],
};

export const aushaendigung: FormDefinition = {
  key: 'aushaendigung',
  version: 1,
  title: L('Aushändigung eines Ausweisdokuments', 'Handing over an ID document'),
  intro: L(
    'Aushändigung an die antragstellende Person oder eine bevollmächtigte Person (§ 18 Abs. 1 PAuswV).',
    'Hand-over to the applicant or an authorised person (§ 18 (1) PAuswV).',
  ),
  sections: [
    {
      id: 'handover',
      title: L('Aushändigung', 'Hand-over'),
      fields: [
        {
          type: 'text',
          name: 'applicationNumber',
          label: L('Aktenzeichen des Antrags', 'Case number of the application'),
          hint: L(
            'steht auf der Quittung, z. B. MEE-2026-000123',
            'printed on the receipt, e.g. MEE-2026-000123',
          ),
          required: true,
          maxLength: 40,
        },
        {
          type: 'choice',
          name: 'handedTo',
          label: L('Empfang durch', 'Received by'),
          required: true,
          options: [
            { value: 'applicant', label: L('die antragstellende Person', 'the applicant') },
            { value: 'authorised', label: L('eine bevollmächtigte Person', 'an authorised person') },
          ],
          style: 'radio',
        },
        {
          type: 'text',
          name: 'authorisedName',
          label: L('Name der bevollmächtigten Person', 'Name of the authorised person'),
          required: true,
          when: { field: 'handedTo', equals: 'authorised' },
          maxLength: 200,
        },
        {
          type: 'confirm',
          name: 'identityChecked',
          label: L('Die Identität wurde geprüft.', 'Identity has been checked.'),
          required: true,
        },
        {
          type: 'confirm',
          name: 'oldDocumentInvalidated',
          label: L(
            'Das bisherige Dokument wurde entwertet oder es gab keines.',
            'The old document was invalidated, or there was none.',
          ),
          required: true,
        },
        signatureField(L('Empfangsbestätigung (Unterschrift)', 'Acknowledgement of receipt (signature)')),
      ],
    },
  ],
};
