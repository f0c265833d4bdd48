import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// Dates keep their qualifiers where they were written: each side of an interval carries its own approximate
// and uncertain flags (the event-wide `approximate` and `uncertain` stay as their summary). Starts may be
// open (`../2019`) or unknown (`/2019`), stored as `-infinity` like +∞ ends; one-of sets (`[2019, 2020]`) are
// flagged; precision gains `time` (a date-time, bounded by its day), `season` (21–41) and `millennium`.
const statements: string[] = [
  `
  set local statement_timeout = 0
  `,
  `
  alter table events
    add column start_approximate boolean not null default false,
    add column start_uncertain boolean not null default false,
    add column end_approximate boolean not null default false,
    add column end_uncertain boolean not null default false,
    add column open_start boolean not null default false,
    add column unknown_start boolean not null default false,
    add column one_of boolean not null default false
  `,
  `
  -- Every stored date is EDTF level 0 or 1 (the only forms accepted until now): a qualifier belongs to the
  -- side of the '/' it is written on, and a date without '/' carries its qualifiers on both sides.
  update events
    set start_approximate = split_part(edtf, '/', 1) ~ '[~%]',
      start_uncertain = split_part(edtf, '/', 1) ~ '[?%]',
      end_approximate = case when edtf like '%/%' then split_part(edtf, '/', 2) ~ '[~%]' else edtf ~ '[~%]' end,
      end_uncertain = case when edtf like '%/%' then split_part(edtf, '/', 2) ~ '[?%]' else edtf ~ '[?%]' end
    where edtf ~ '[~?%]'
  `,
  `
  alter table events drop constraint events_precision_check
  `,
  `
  alter table events add constraint events_precision_check
    check (precision in ('time', 'day', 'month', 'season', 'year', 'decade', 'century', 'millennium'))
  `,
  `
  -- Unbounded ends are -infinity (starts) and infinity (ends, and the latest start of a set open at its end).
  alter table events add constraint events_infinite_bounds_check
    check (start_earliest <> 'infinity' and end_latest <> '-infinity')
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes a single command at a time.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table events drop constraint events_infinite_bounds_check`.execute(db);
  await sql`alter table events drop constraint events_precision_check`.execute(db);
  await sql`
    alter table events add constraint events_precision_check
      check (precision in ('day', 'month', 'year', 'decade', 'century'))
  `.execute(db);
  await sql`
    alter table events
      drop column one_of, drop column unknown_start, drop column open_start, drop column end_uncertain,
      drop column end_approximate, drop column start_uncertain, drop column start_approximate
  `.execute(db);
}
