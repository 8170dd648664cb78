import { applicantGroup, COUNTRY_OPTIONS, L, signatureField } from '../fields';
import type { FormDefinition } from '../types';

export const fuehrungszeugnis: FormDefinition = {
  key: 'fuehrungszeugnis',
  version: 1,
  title: L('Führungszeugnis beantragen', 'Applying for a certificate of good conduct'),
  intro: L(
    'Der Antrag wird an das Bundesamt für Justiz weitergeleitet. Eine Vertretung ist nicht möglich (§ 30 Abs. 2 BZRG).',
    'The application is forwarded to the Federal Office of Justice. No one can apply on the applicant\u2019s behalf (§ 30 (2) BZRG).',
  ),
  sections: [
    {
      id: 'application',
      title: L('Antrag', 'Application'),
      fields: [
        {
          type: 'choice',
          name: 'kind',
          label: L('Art', 'Kind'),
          required: true,
          options: [
            { value: 'standard', label: L('Führungszeugnis', 'Certificate of good conduct') },
            {
              value: 'extended',
              label: L('erweitertes Führungszeugnis (§ 30a BZRG)', 'extended certificate (§ 30a BZRG)'),
            },
          ],
          style: 'radio',
        },
        {
          type: 'attachment',
          kind: 'scan',
          name: 'extendedRequest',
          label: L(
            'Schriftliche Aufforderung der anfordernden Stelle',
            'Written request of the requesting body',
          ),
          hint: L(
            'Nötig für das erweiterte Führungszeugnis (§ 30a Abs. 2 BZRG).',
            'Needed for the extended certificate (§ 30a (2) BZRG).',
          ),
          required: true,
          when: { field: 'kind', equals: 'extended' },
        },
        {
          type: 'choice',
          name: 'delivery',
          label: L('Zusendung', 'Delivery'),
          required: true,
          options: [
            { value: 'private', label: L('an die antragstellende Person', 'to the applicant') },
            {
              value: 'authority',
              label: L('zur Vorlage bei einer Behörde', 'for presentation to an authority'),
            },
          ],
          style: 'radio',
        },
        {
          type: 'textarea',
          name: 'authorityAddress',
          label: L('Behörde und Anschrift', 'Authority and address'),
          required: true,
          when: { field: 'delivery', equals: 'authority' },
          maxLength: 400,
        },
        {
          type: 'text',
          name: 'purpose',
          label: L('Verwendungszweck', 'Purpose'),
          required: { field: 'delivery', equals: 'authority' },
          maxLength: 200,
        },
        signatureField(L('Unterschrift der antragstellenden Person', 'Signature of the applicant')),
      ],
    },
  ],
};

export const beglaubigung: FormDefinition = {
  key: 'beglaubigung',
  version: 1,
  title: L('Beglaubigung', 'Certification'),
  intro: L('Die Gebühr richtet sich nach der Zahl der Seiten.', 'The fee depends on the number of pages.'),
  fee: { unitsField: '/pages' },
  sections: [
    {
      id: 'certification',
      title: L('Beglaubigung', 'Certification'),
      fields: [
        applicantGroup(),
        {
          type: 'choice',
          name: 'kind',
          label: L('Was wird beglaubigt?', 'What is certified?'),
          required: true,
          options: [
            { value: 'copy', label: L('Abschrift oder Kopie', 'Copy') },
            { value: 'signature', label: L('Unterschrift', 'Signature') },
          ],
          style: 'radio',
        },
        {
          type: 'text',
          name: 'documentDescription',
          label: L('Bezeichnung des Schriftstücks', 'Title of the document'),
          required: true,
          maxLength: 200,
        },
        {
          type: 'integer',
          name: 'pages',
          label: L('Anzahl der Seiten', 'Number of pages'),
          required: true,
          min: 1,
          max: 200,
        },
        {
          type: 'confirm',
          name: 'originalPresented',
          label: L('Das Original wurde vorgelegt.', 'The original was presented.'),
          required: true,
          when: { field: 'kind', equals: 'copy' },
        },
      ],
    },
  ],
};

export const lebensbescheinigung: FormDefinition = {
  key: 'lebensbescheinigung',
  version: 1,
  title: L('Lebensbescheinigung', 'Life certificate'),
  intro: L(
    'Gebührenfrei, die Person muss persönlich erscheinen.',
    'Free of charge; the person must appear in person.',
  ),
  sections: [
    {
      id: 'certificate',
      title: L('Bescheinigung', 'Certificate'),
      fields: [
        {
          type: 'text',
          name: 'institution',
          label: L('Anfordernde Stelle (z. B. Rentenversicherung)', 'Requesting body (e.g. pension fund)'),
          required: true,
          maxLength: 200,
        },
        {
          type: 'choice',
          name: 'institutionCountry',
          label: L('Staat der anfordernden Stelle', 'Country of the requesting body'),
          required: true,
          options: COUNTRY_OPTIONS,
          style: 'select',
        },
        {
          type: 'text',
          name: 'referenceNumber',
          label: L('Aktenzeichen oder Rentennummer', 'Reference or pension number'),
          maxLength: 60,
        },
        {
          type: 'confirm',
          name: 'personallyPresent',
          label: L(
            'Die Person ist persönlich erschienen und wurde identifiziert.',
            'The person appeared in person and was identified.',
          ),
          required: true,
        },
        signatureField(L('Unterschrift der Person', 'Signature of the person')),
      ],
    },
  ],
};
