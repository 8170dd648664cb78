/**
 * Fixed ids of the named demo residents (all fictitious, "Mustermann" style), so that tests and
 * the e2e scenarios can refer to them. The ~15,000 generated residents have deterministic ids too.
 */
export const DEMO_REGISTER = {
  dwellings: {
    musterweg3Schoenberg: '01900000-0000-7000-8000-000000005001',
    beispielstrasse7Meerane: '01900000-0000-7000-8000-000000005002',
    beispielstrasse7MeeraneOg2: '01900000-0000-7000-8000-000000005003',
    beispielstrasse9Meerane: '01900000-0000-7000-8000-000000005004',
    amAnger3Pfaffroda: '01900000-0000-7000-8000-000000005005',
  },
  households: {
    mustermann: '01900000-0000-7000-8000-000000005101',
    beispiel: '01900000-0000-7000-8000-000000005102',
    muellerLuedenscheidt: '01900000-0000-7000-8000-000000005103',
    weiss: '01900000-0000-7000-8000-000000005104',
    exempel: '01900000-0000-7000-8000-000000005105',
  },
  persons: {
    /** Schönberg, married, ID card valid; household with Max and Leonie. */
    erikaMustermann: '01900000-0000-7000-8000-000000005201',
    maxMustermann: '01900000-0000-7000-8000-000000005202',
    /** Born 2014: a child (signs from 10, needs custodians' consent under 16). */
    leonieMustermann: '01900000-0000-7000-8000-000000005203',
    /** Meerane, with an information block (§ 51 BMG). */
    berndBeispiel: '01900000-0000-7000-8000-000000005204',
    /** Meerane, double name (search: "Mueller", "Lüdenscheidt"). */
    juergenMuellerLuedenscheidt: '01900000-0000-7000-8000-000000005205',
    /** Meerane, born 2004: the reduced ID fee under 24. */
    zoeWeiss: '01900000-0000-7000-8000-000000005206',
    /** Care home in Pfaffroda: conditional block (§ 52 BMG). */
    gertrudExempel: '01900000-0000-7000-8000-000000005207',
  },
} as const;
