import { type Kysely, sql } from 'kysely';

/**
 * Fees and cash: cash registers (town-hall desk or kit) with gap-free receipt numbers per
 * register and year, the fee claim of each case, payment entries (append-only: corrections only
 * by reversal entries) and the daily cash report (Kassenabschluss) that closes a register's day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table cash_registers (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  code text not null check (code ~ '^[A-Z][A-Z0-9]{1,5}$'),
  name text not null,
  kind text not null check (kind in ('desk','kit')),
  kit_id uuid,
  location_id uuid references locations(id),
  closed_through date,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (authority_id, code)
);
create unique index cash_registers_kit on cash_registers (kit_id) where kit_id is not null;

create table cash_register_years (
  register_id uuid not null references cash_registers(id),
  year integer not null,
  last_number integer not null check (last_number >= 0),
  primary key (register_id, year)
);

create table fee_claims (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  case_id uuid not null unique,
  schedule jsonb not null,
  fee_input jsonb not null,
  lines jsonb not null,
  amount_cents integer not null check (amount_cents >= 0),
  amount_unconfirmed boolean not null default false,
  status text not null check (status in ('open','paid','waived','invoiced','free','cancelled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table payments (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  register_id uuid not null references cash_registers(id),
  receipt_year integer not null,
  receipt_number integer not null check (receipt_number > 0),
  receipt_label text not null,
  business_date date not null,
  claim_id uuid not null references fee_claims(id),
  case_id uuid not null,
  kind text not null check (kind in ('payment','reversal')),
  reverses_id uuid references payments(id),
  method text not null check (method in ('cash','card','invoice','waiver')),
  amount_cents integer not null,
  lines jsonb not null,
  waiver_id text,
  waiver_reason text,
  terminal_reference text,
  invoice_recipient text,
  reason text,
  recorded_by uuid,
  recorded_by_name text,
  kit_id uuid,
  recorded_at timestamptz not null default now(),
  closing_id uuid,
  unique (register_id, receipt_year, receipt_number),
  check ((kind = 'reversal') = (reverses_id is not null)),
  check (kind = 'reversal' or amount_cents >= 0),
  check (method <> 'card' or kind = 'reversal' or terminal_reference is not null),
  check (method <> 'invoice' or kind = 'reversal' or invoice_recipient is not null),
  check (method <> 'waiver' or amount_cents = 0),
  check (method <> 'waiver' or kind = 'reversal' or waiver_reason is not null)
);
create unique index payments_one_reversal on payments (reverses_id) where reverses_id is not null;
create index payments_register_day on payments (register_id, business_date);
create index payments_case on payments (case_id);

create table cash_closings (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  register_id uuid not null references cash_registers(id),
  business_date date not null,
  entries integer not null,
  first_receipt text,
  last_receipt text,
  totals jsonb not null,
  counted_cash_cents integer,
  closed_by uuid,
  closed_by_name text,
  kit_id uuid,
  closed_at timestamptz not null default now(),
  unique (register_id, business_date)
);

-- Entries are final: the only change allowed is filing an entry into its cash report.
create function payments_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'payments are append-only' using errcode = 'insufficient_privilege';
  end if;
  if old.closing_id is null and new.closing_id is not null
     and (to_jsonb(new) - 'closing_id') = (to_jsonb(old) - 'closing_id') then
    return new;
  end if;
  raise exception 'payments cannot be changed; record a reversal instead' using errcode = 'insufficient_privilege';
end $$;
create trigger payments_guard before update or delete on payments for each row execute function payments_guard();

-- A closed day takes no more entries, whatever the code above does.
create function payments_open_day() returns trigger language plpgsql as $$
begin
  if exists (select 1 from cash_registers r where r.id = new.register_id and r.closed_through >= new.business_date) then
    raise exception 'cash register is closed for %', new.business_date using errcode = 'check_violation',
      constraint = 'payments_register_open';
  end if;
  return new;
end $$;
create trigger payments_open_day before insert on payments for each row execute function payments_open_day();
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table cash_closings, payments, fee_claims, cash_register_years, cash_registers;
    drop function payments_guard(); drop function payments_open_day();`.execute(db);
}
