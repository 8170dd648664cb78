/**
 * Fixed ids of the seeded services (stable across versions), keyed by slug, so that seeds and tests
 * of other modules can refer to them: SERVICE_IDS['personalausweis-beantragen'].
 */
export const SERVICE_IDS = {
  'anmeldung-einer-wohnung': '01900000-0000-7000-8000-000000001001',
  'ummeldung-innerhalb-der-gemeinde': '01900000-0000-7000-8000-000000001002',
  'abmeldung-einer-wohnung': '01900000-0000-7000-8000-000000001003',
  meldebescheinigung: '01900000-0000-7000-8000-000000001004',
  melderegisterauskunft: '01900000-0000-7000-8000-000000001005',
  auskunftssperre: '01900000-0000-7000-8000-000000001006',
  uebermittlungssperre: '01900000-0000-7000-8000-000000001007',
  'personalausweis-beantragen': '01900000-0000-7000-8000-000000001008',
  'vorlaeufiger-personalausweis': '01900000-0000-7000-8000-000000001009',
  'reisepass-beantragen': '01900000-0000-7000-8000-000000001010',
  'vorlaeufiger-reisepass': '01900000-0000-7000-8000-000000001011',
  'ausweisdokument-aushaendigung': '01900000-0000-7000-8000-000000001012',
  'eid-pin-ruecksetzen': '01900000-0000-7000-8000-000000001013',
  'verlustanzeige-ausweis': '01900000-0000-7000-8000-000000001014',
  'fuehrungszeugnis-beantragen': '01900000-0000-7000-8000-000000001015',
  'gewerbezentralregister-auskunft': '01900000-0000-7000-8000-000000001016',
  beglaubigung: '01900000-0000-7000-8000-000000001017',
  lebensbescheinigung: '01900000-0000-7000-8000-000000001018',
  haushaltsbescheinigung: '01900000-0000-7000-8000-000000001019',
  'hundesteuer-anmeldung': '01900000-0000-7000-8000-000000001020',
  'hundesteuer-abmeldung': '01900000-0000-7000-8000-000000001021',
  fundsache: '01900000-0000-7000-8000-000000001022',
  'gewerbe-anmeldung': '01900000-0000-7000-8000-000000001023',
  'gewerbe-ummeldung': '01900000-0000-7000-8000-000000001024',
  'gewerbe-abmeldung': '01900000-0000-7000-8000-000000001025',
  'briefwahl-wahlschein': '01900000-0000-7000-8000-000000001026',
  'wohngeld-antrag-annahme': '01900000-0000-7000-8000-000000001027',
  'anschrift-im-ausweis-aendern': '01900000-0000-7000-8000-000000001028',
  ausweisbefreiung: '01900000-0000-7000-8000-000000001029',
} as const;

export type SeededServiceSlug = keyof typeof SERVICE_IDS;
