/**
 * Fixed ids of the demo places, so that seeds of other modules and tests can refer to them.
 * The places are real (facts in shared/domain-facts.md); locations marked "(Demo)" are invented.
 */
export const DEMO = {
  authorityMeerane: '01900000-0000-7000-8000-000000000001',
  municipalityMeerane: '01900000-0000-7000-8000-000000000101',
  municipalitySchoenberg: '01900000-0000-7000-8000-000000000102',
  villages: {
    meeraneKern: '01900000-0000-7000-8000-000000000201',
    crotenlaide: '01900000-0000-7000-8000-000000000202',
    dittrich: '01900000-0000-7000-8000-000000000203',
    seiferitz: '01900000-0000-7000-8000-000000000204',
    waldsachsen: '01900000-0000-7000-8000-000000000205',
    schoenberg: '01900000-0000-7000-8000-000000000211',
    koethel: '01900000-0000-7000-8000-000000000212',
    pfaffroda: '01900000-0000-7000-8000-000000000213',
    tettau: '01900000-0000-7000-8000-000000000214',
    oberdorf: '01900000-0000-7000-8000-000000000215',
    wuenschendorf: '01900000-0000-7000-8000-000000000216',
    breitenbach: '01900000-0000-7000-8000-000000000217',
  },
  locations: {
    rathausMeerane: '01900000-0000-7000-8000-000000000301',
    gemeindeamtSchoenberg: '01900000-0000-7000-8000-000000000302',
    tettau: '01900000-0000-7000-8000-000000000303',
    pfaffrodaCareHome: '01900000-0000-7000-8000-000000000304',
    koethel: '01900000-0000-7000-8000-000000000305',
  },
} as const;
