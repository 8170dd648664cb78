/** Fixed ids of the demo office-day series, so tests and other seeds can refer to them. */
export const DEMO_SCHEDULE = {
  seriesSchoenberg: '01900000-0000-7000-8000-000000002001',
  seriesPfaffroda: '01900000-0000-7000-8000-000000002002',
  seriesTettau: '01900000-0000-7000-8000-000000002003',
  /** A one-off office day today in Schönberg, so the queue and the call display have a living day. */
  todaySchoenberg: '01900000-0000-7000-8000-000000002101',
} as const;
