import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// Places: an event's location gets the precision of its coordinates, and actors a seat. The place filters
// (bbox, near) read a GiST index on the point (lon, lat) with the start and extent: plain PostgreSQL geometry,
// no PostGIS, so that the embedded back-end (PGlite) has it too; distances are computed on the sphere by the
// query itself.
const statements: string[] = [
  `
  alter table events add column location_precision text
    check (location_precision in ('exact', 'city', 'region', 'country'))
  `,
  // Coordinates come in pairs from now on; rows written before are not checked (NOT VALID), the API never
  // wrote a lone one.
  `
  alter table events add constraint events_location_pair_check
    check ((location_lat is null) = (location_lon is null)) not valid
  `,
  // With the start and the extent beside the point (btree_gist, migration 0002), a page of a window reads only
  // the located events that start in it (or straddle its first day), not every event of the place: at 100k
  // events, near Brussels in the 1990s read 526 rows instead of 3,368. Partial on located events, so the
  // planner never takes it for a query without a place filter.
  `
  create index events_place_idx on events
    using gist (point(location_lon, location_lat), start_earliest, extent)
    where deleted_at is null and location_lat is not null and location_lon is not null
  `,
  `
  alter table actors add column seat jsonb check (seat is null or jsonb_typeof(seat) = 'object')
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table actors drop column if exists seat`.execute(db);
  await sql`drop index if exists events_place_idx`.execute(db);
  await sql`alter table events drop constraint if exists events_location_pair_check`.execute(db);
  await sql`alter table events drop column if exists location_precision`.execute(db);
}
