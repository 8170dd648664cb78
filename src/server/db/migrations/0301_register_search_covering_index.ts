import { type Kysely, sql } from 'kysely';

/**
 * The search by name and date of birth (the clerk's most frequent one) reads the index only (#13).
 *
 * It finds the day's births of the authority (about a hundred in four million residents) by
 * `register_persons_birth` and filtered them by name and status on the table: a hundred pages
 * read at random for every search, the tail of its latency, worse the colder the cache. The index
 * now carries what the search filters, orders and returns (name texts, status, id), so the
 * day's entries lie together on one or two index pages and the table is not read (an index-only
 * scan: register rows are seldom changed, so the visibility map stays set).
 * It replaces the narrower index with the same leading columns (everything that used it can use
 * this one).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create index register_persons_birth_search on register_persons (authority_id, birth_date)
  include (status, search_name, family_name_norm, given_names_norm, id);
drop index register_persons_birth;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
create index register_persons_birth on register_persons (authority_id, birth_date);
drop index register_persons_birth_search;
`.execute(db);
}
