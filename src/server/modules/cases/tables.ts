/** Kysely table types of the cases module. Add one entry per table this module owns. */
// biome-ignore lint/complexity/noBannedTypes: filled in as the module grows
export type CasesTables = {};
