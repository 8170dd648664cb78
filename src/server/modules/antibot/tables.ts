/** A solved challenge's nonce, kept until the challenge expires (single use, ADR 33). */
export interface AntibotUsedChallengesTable {
  nonce: string;
  expires_at: Date;
}

/** Kysely table types of the antibot module. */
export type AntibotTables = {
  antibot_used_challenges: AntibotUsedChallengesTable;
};
