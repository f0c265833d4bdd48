import pg from 'pg';
import { openPostgres } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { fillDateDisplays } from '../../src/modules/events/write/date-displays.ts';
import { databaseName, redact, UsageError } from '../database-url.ts';
import { note, Progress } from '../progress.ts';
import { syntheticActors } from './actors.ts';
import { arrayLiteral, CopyWriter } from './copy.ts';
import { councilPlans, syntheticEvents } from './events.ts';
import { EXTRA_EVENT_TYPES } from './vocabulary.ts';

/** Bumped whenever the generator changes what it makes, so an old data set is not taken for a new one. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20_210_607;

export interface DatasetInfo {
  events: number;
  seed: number;
  generator: number;
  loadSeconds: number;
  loadedAt: string;
}

/** What `bench:data` loaded into this database, or null when it holds no benchmark data set. */
export async function readDataset(url: string): Promise<DatasetInfo | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query<{ t: string | null }>(
      `select to_regclass('public.bench_dataset')::text as t`,
    );
    if (!table.rows[0]?.t) return null;
    const { rows } = await client.query<{
      events: number;
      seed: number;
      generator: number;
      load_seconds: number;
      loaded_at: Date;
    }>('select events, seed, generator, load_seconds, loaded_at from bench_dataset');
    const row = rows[0];
    return row
      ? {
          events: row.events,
          seed: row.seed,
          generator: row.generator,
          loadSeconds: row.load_seconds,
          loadedAt: row.loaded_at.toISOString(),
        }
      : null;
  } finally {
    await client.end();
  }
}

export interface LoadOptions {
  url: string;
  events: number;
  seed: number;
  /** Replace whatever the database holds (drops its public schema). */
  reset: boolean;
}

const EVENT_COLUMNS = [
  'id',
  'slug',
  'type',
  'status',
  'title',
  'summary',
  'edtf',
  'precision',
  'start_earliest',
  'start_latest',
  'end_earliest',
  'end_latest',
  'approximate',
  'uncertain',
  'open_end',
  'unknown_end',
  'location_name',
  'location_country',
  'location_lat',
  'location_lon',
  'tags',
] as const;
const SOURCE_COLUMNS = [
  'event_id',
  'position',
  'title',
  'publisher',
  'url',
  'published',
  'lang',
  'quote',
  'quoted_actor',
] as const;
const LINKED_TABLES = ['events', 'event_participants', 'event_sources', 'event_relations'];
const CHUNK = 2000;

/**
 * Migrates the database with the service's own migrations, then loads a synthetic data set: actors and event
 * types by batched inserts, events and their links by COPY with the secondary indexes set aside, `search`
 * filled by `event_search_document(id)`, the indexes rebuilt, then VACUUM ANALYZE.
 */
export async function loadDataset(options: LoadOptions): Promise<DatasetInfo> {
  const started = performance.now();
  const pool = new pg.Pool({ connectionString: options.url, max: 6 });
  try {
    await prepareDatabase(pool, options);
    note(`migrating ${redact(options.url)} with the service's migrations`);
    const handle = openPostgres({
      url: options.url,
      poolSize: 2,
      statementTimeoutMs: 600_000,
      connectTimeoutMs: 5000,
    });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }

    const actors = syntheticActors(options.seed);
    await insertVocabulary(pool, actors.all);
    const indexes = await dropSecondaryIndexes(pool);
    await copyEvents(pool, options, actors);
    await pool.query('analyze');
    await fillSearch(pool, options.events);
    // The display strings of the dates (migration 0095 made them for the rows there were: none yet).
    await fillDateDisplays(
      (text, values) => pool.query(text, values),
      (done, total) => note(`display strings of ${done} of ${total} dates`),
    );
    note('vacuum full events (the search update left a dead copy of every row)');
    await pool.query('vacuum full events');
    await rebuildIndexes(pool, indexes);
    note('vacuum analyze');
    await pool.query('vacuum analyze');
    await verify(pool, options.events);

    const info: DatasetInfo = {
      events: options.events,
      seed: options.seed,
      generator: GENERATOR_VERSION,
      loadSeconds: Math.round((performance.now() - started) / 100) / 10,
      loadedAt: new Date().toISOString(),
    };
    await pool.query(`create table bench_dataset (
      events integer not null, seed integer not null, generator integer not null,
      load_seconds real not null, loaded_at timestamptz not null)`);
    await pool.query('insert into bench_dataset values ($1, $2, $3, $4, $5)', [
      info.events,
      info.seed,
      info.generator,
      info.loadSeconds,
      info.loadedAt,
    ]);
    return info;
  } finally {
    await pool.end();
  }
}

async function prepareDatabase(pool: pg.Pool, options: LoadOptions): Promise<void> {
  const { rows } = await pool.query<{ events: string | null; dataset: string | null }>(
    `select to_regclass('public.events')::text as events, to_regclass('public.bench_dataset')::text as dataset`,
  );
  const present = rows[0]?.events
    ? Number((await pool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n)
    : 0;
  if (present === 0 && !rows[0]?.dataset) return;
  const name = databaseName(options.url);
  if (!options.reset) {
    throw new UsageError(
      `Database "${name}" already holds ${present} events. Pass --reset to replace them (this drops its public schema), or load into another database.`,
    );
  }
  if (!name.includes('bench')) {
    throw new UsageError(
      `--reset drops the public schema: refused on "${name}", whose name does not contain "bench".`,
    );
  }
  note(`--reset: dropping the public schema of "${name}"`);
  await pool.query('drop schema public cascade');
  await pool.query('create schema public');
}

/** The event types and actors the generated events refer to (the import scenario loads them too). */
export async function insertVocabulary(
  pool: pg.Pool | pg.Client,
  actors: ReturnType<typeof syntheticActors>['all'],
) {
  await pool.query(
    `insert into event_types (code, label, description, plover_category)
     select code, label, jsonb_build_object('en', label->>'en'), plover
     from unnest($1::text[], $2::jsonb[], $3::text[]) as t (code, label, plover)
     on conflict (code) do nothing`,
    [
      EXTRA_EVENT_TYPES.map(([code]) => code),
      EXTRA_EVENT_TYPES.map(([, en, de]) => JSON.stringify({ en, de })),
      EXTRA_EVENT_TYPES.map(([, , , plover]) => plover),
    ],
  );
  await pool.query(
    `insert into actors (id, kind, name, aliases, country)
     select id, kind, name, aliases::text[], country
     from unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[]) as a (id, kind, name, aliases, country)`,
    [
      actors.map((a) => a.id),
      actors.map((a) => a.kind),
      actors.map((a) => JSON.stringify(a.name)),
      actors.map((a) => arrayLiteral(a.aliases)),
      actors.map((a) => a.country),
    ],
  );
  note(`inserted ${EXTRA_EVENT_TYPES.length} more event types and ${actors.length} actors`);
}

interface IndexDefinition {
  name: string;
  definition: string;
}

/** Drops the indexes that no constraint needs, to build them once after the load; returns their definitions. */
async function dropSecondaryIndexes(pool: pg.Pool): Promise<IndexDefinition[]> {
  const { rows } = await pool.query<IndexDefinition>(
    `select i.relname as name, pg_get_indexdef(x.indexrelid) as definition
     from pg_index x
     join pg_class i on i.oid = x.indexrelid
     join pg_class t on t.oid = x.indrelid
     join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public' and t.relname = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
     order by pg_relation_size(x.indexrelid) desc, i.relname`,
    [LINKED_TABLES],
  );
  for (const index of rows) await pool.query(`drop index "${index.name}"`);
  note(`set aside ${rows.length} secondary indexes for the load: ${rows.map((r) => r.name).join(', ')}`);
  return rows;
}

async function copyEvents(
  pool: pg.Pool,
  options: LoadOptions,
  actors: ReturnType<typeof syntheticActors>,
): Promise<void> {
  const clients = await Promise.all(LINKED_TABLES.map(() => pool.connect()));
  // The generator only links rows it made, so the foreign-key triggers can rest during the load.
  await Promise.all(clients.map((c) => c.query('set session_replication_role = replica')));
  const [eventsClient, participantsClient, sourcesClient, relationsClient] = clients as [
    pg.PoolClient,
    pg.PoolClient,
    pg.PoolClient,
    pg.PoolClient,
  ];
  const events = new CopyWriter(eventsClient, 'events', EVENT_COLUMNS);
  // Triggers rest during the load, so the participant rows get their event's copy here (migrations 0002, 0100;
  // the events' open_start is left to its default, false).
  const participants = new CopyWriter(participantsClient, 'event_participants', [
    'event_id',
    'actor_id',
    'role',
    'type',
    'status',
    'start_earliest',
    'start_latest',
    'end_earliest',
    'end_latest',
    'open_start',
    'open_end',
  ]);
  const sources = new CopyWriter(sourcesClient, 'event_sources', SOURCE_COLUMNS);
  const relations = new CopyWriter(relationsClient, 'event_relations', ['event_id', 'kind', 'target_id']);
  const writers = [events, participants, sources, relations];
  const meetings = councilPlans(options.events)
    .map((p) => `${p.actor} ${p.meetings}`)
    .join(', ');
  note(
    `generating ${options.events.toLocaleString('en')} events (seed ${options.seed}; council meetings: ${meetings})`,
  );
  const progress = new Progress('copy events', options.events, 'events');
  let released = false;
  try {
    let n = 0;
    for (const e of syntheticEvents(options.events, options.seed, actors)) {
      const d = e.date;
      events.row([
        e.id,
        e.slug,
        e.type,
        e.status,
        JSON.stringify(e.title),
        JSON.stringify(e.summary),
        d.edtf,
        d.precision,
        d.start_earliest,
        d.start_latest,
        d.end_earliest,
        d.end_latest,
        d.approximate,
        d.uncertain,
        d.open_end,
        d.unknown_end,
        e.locationName,
        e.locationCountry,
        e.locationLat,
        e.locationLon,
        `{${e.tags.join(',')}}`,
      ]);
      for (const p of e.participants)
        participants.row([
          e.id,
          p.actor,
          p.role,
          e.type,
          e.status,
          d.start_earliest,
          d.start_latest,
          d.end_earliest,
          d.end_latest,
          false,
          d.open_end,
        ]);
      for (const s of e.sources) {
        sources.row([
          e.id,
          s.position,
          s.title,
          s.publisher,
          s.url,
          s.published,
          s.lang,
          s.quote,
          s.quotedActor,
        ]);
      }
      for (const r of e.relations) relations.row([e.id, r.kind, r.target]);
      n += 1;
      if (n % CHUNK === 0) {
        await Promise.all(writers.map((w) => w.flush()));
        progress.update(n);
      }
    }
    await Promise.all(writers.map((w) => w.end()));
    const seconds = progress.done(n);
    note(
      `copied ${events.rows} events, ${participants.rows} participants, ${sources.rows} sources, ${relations.rows} relations in ${seconds.toFixed(1)} s`,
    );
    await Promise.all(clients.map((c) => c.query('reset session_replication_role')));
  } catch (error) {
    for (const c of clients) c.release(true);
    released = true;
    throw error;
  } finally {
    if (!released) for (const c of clients) c.release();
  }
}

/** `search` from the migration's own `event_search_document(id)`, in 256 id ranges on two connections. */
async function fillSearch(pool: pg.Pool, total: number): Promise<void> {
  const ranges = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
  const progress = new Progress('search documents', total, 'events');
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < ranges.length) {
      const prefix = ranges[next++]!;
      const result = await pool.query(
        `update events set search = event_search_document(id)
         where id between $1::uuid and $2::uuid`,
        [`${prefix}000000-0000-0000-0000-000000000000`, `${prefix}ffffff-ffff-ffff-ffff-ffffffffffff`],
      );
      done += result.rowCount ?? 0;
      progress.update(done);
    }
  };
  await Promise.all([worker(), worker()]);
  progress.done(done);
}

async function rebuildIndexes(pool: pg.Pool, indexes: IndexDefinition[]): Promise<void> {
  const progress = new Progress('rebuild indexes', indexes.length, 'indexes');
  let next = 0;
  let done = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      await client.query(`set maintenance_work_mem = '256MB'`);
      while (next < indexes.length) {
        const index = indexes[next++]!;
        const t = performance.now();
        await client.query(index.definition);
        done += 1;
        note(`  ${index.name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
        progress.update(done);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all([worker(), worker()]);
  progress.done(done);
}

/** The invariants the service relies on: every event counted, search documents and participant copies as the triggers make them. */
async function verify(pool: pg.Pool, events: number): Promise<void> {
  // Lexemes and weights, not positions: the function's string_agg has no ORDER BY, so word positions follow
  // the plan of the moment (they differed between the load, without indexes, and a later call).
  const lexemes = (v: string) =>
    `(select array_agg(u.lexeme || ':' || array_to_string(array(select w from unnest(u.weights) w order by w), '') order by u.lexeme) from unnest(${v}) u)`;
  const { rows } = await pool.query<{ n: number; empty: number; stale: number; copies: number }>(
    `select (select count(*)::int from events) as n,
       (select count(*)::int from event_participants p join events e on e.id = p.event_id
         where (p.type, p.status, p.start_earliest, p.start_latest, p.end_earliest, p.end_latest, p.open_start,
             p.open_end, p.live)
           is distinct from (e.type, e.status, e.start_earliest, e.start_latest, e.end_earliest, e.end_latest,
             e.open_start, e.open_end, e.deleted_at is null)) as copies,
       (select count(*)::int from events where search = ''::tsvector) as empty,
       (select count(*)::int from (select id, search from events tablesample bernoulli (1) limit 500) s
         where ${lexemes('s.search')} is distinct from ${lexemes('event_search_document(s.id)')}) as stale`,
  );
  const row = rows[0]!;
  if (row.n !== events || row.empty !== 0 || row.stale !== 0 || row.copies !== 0) {
    throw new Error(`data set check failed: ${JSON.stringify(row)} (expected ${events} events)`);
  }
  note(
    `checked: ${row.n} events, none without a search document, a 1 % sample has event_search_document(id)'s lexemes, every participant row has its event's type, status, dates and flags`,
  );
}
