import { type Kysely, sql } from 'kysely';

/**
 * Unassigned entries (ungeklärte Einzahlungen, ADR 11): a kit's receipt whose fee cannot be
 * booked to its case is still an entry of the kit's register — its number is used and the money
 * is in the cash box. Such a `suspense` entry has no fee claim; the clerk clears it later by
 * assigning it to a case (a reversal of the suspense entry plus a payment to the case's claim,
 * `cleared_from_id`) or by paying it back (a reversal). A suspense entry may be negative: a
 * kit's refund that could not be booked as the reversal it was meant to be.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
do $$
declare c record;
begin
  for c in select conname from pg_constraint where conrelid = 'payments'::regclass and contype = 'c' loop
    execute format('alter table payments drop constraint %I', c.conname);
  end loop;
end $$;

alter table payments
  alter column claim_id drop not null,
  add column problem jsonb,
  add column reference text,
  add column cleared_from_id uuid references payments(id);

alter table payments
  add constraint payments_receipt_number_positive check (receipt_number > 0),
  add constraint payments_kind check (kind in ('payment','reversal','suspense')),
  add constraint payments_method check (method in ('cash','card','invoice','waiver')),
  add constraint payments_reversal_link check ((kind = 'reversal') = (reverses_id is not null)),
  add constraint payments_claim check (kind <> 'payment' or claim_id is not null),
  add constraint payments_suspense_without_claim check (kind <> 'suspense' or claim_id is null),
  add constraint payments_suspense_problem check ((kind = 'suspense') = (problem is not null)),
  add constraint payments_cleared_from check (cleared_from_id is null or kind = 'payment'),
  add constraint payments_amount check (kind <> 'payment' or amount_cents >= 0),
  add constraint payments_card_reference check (method <> 'card' or kind <> 'payment' or terminal_reference is not null),
  add constraint payments_invoice_recipient check (method <> 'invoice' or kind <> 'payment' or invoice_recipient is not null),
  add constraint payments_waiver_amount check (method <> 'waiver' or amount_cents = 0),
  add constraint payments_waiver_reason check (method <> 'waiver' or kind <> 'payment' or waiver_reason is not null);

-- A suspense entry is assigned at most once.
create unique index payments_one_assignment on payments (cleared_from_id) where cleared_from_id is not null;
create index payments_open_suspense on payments (authority_id, business_date) where kind = 'suspense';
`.execute(db);
}

export async function down(): Promise<void> {
  // Suspense entries are cash-book entries; dropping their columns would lose them.
  throw new Error('the suspense-entry migration cannot be reverted');
}
