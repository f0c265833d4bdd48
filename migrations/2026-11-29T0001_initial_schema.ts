import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
const schema: string[] = [
  `
  create table event_types (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      label jsonb not null,
      description jsonb not null default '{}'::jsonb,
      plover_category text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )
  `,
  `
  create function actor_search_document(p_name jsonb, p_aliases text[], p_id text) returns tsvector
    language sql immutable as $$
      select to_tsvector('simple', coalesce((select string_agg(value, ' ') from jsonb_each_text(p_name)), '')
        || ' ' || array_to_string(p_aliases, ' ') || ' ' || replace(p_id, '-', ' '))
    $$
  `,
  `
  create table actors (
      id text primary key check (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(id) <= 80),
      kind text not null check (kind in ('state', 'organization', 'body', 'person', 'other')),
      name jsonb not null,
      aliases text[] not null default '{}',
      country text check (country ~ '^[A-Z]{2}$'),
      wikidata text check (wikidata ~ '^Q[1-9][0-9]*$'),
      affiliations jsonb not null default '[]'::jsonb,
      search tsvector generated always as (actor_search_document(name, aliases, id)) stored,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    )
  `,
  `
  create index actors_search_idx on actors using gin (search)
  `,
  `
  create index actors_kind_idx on actors (kind, id)
  `,
  `
  create table events (
      id uuid primary key default gen_random_uuid(),
      slug text unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 120),
      type text not null references event_types (code),
      status text not null default 'held' check (status in ('held', 'scheduled', 'cancelled')),
      title jsonb not null,
      summary jsonb not null default '{}'::jsonb,
      edtf text not null,
      precision text not null check (precision in ('day', 'month', 'year', 'decade', 'century')),
      start_earliest date not null,
      start_latest date not null,
      end_earliest date not null,
      -- 'infinity' for open and unknown ends, so every comparison stays a plain date comparison
      end_latest date not null,
      approximate boolean not null default false,
      uncertain boolean not null default false,
      open_end boolean not null default false,
      unknown_end boolean not null default false,
      extent daterange generated always as (daterange(start_earliest, end_latest, '[]')) stored,
      location_name text,
      location_country text check (location_country ~ '^[A-Z]{2}$'),
      location_lat double precision check (location_lat between -90 and 90),
      location_lon double precision check (location_lon between -180 and 180),
      tags text[] not null default '{}',
      search tsvector not null default ''::tsvector,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      check (start_earliest <= start_latest and end_earliest <= end_latest
        and start_earliest <= end_earliest and start_latest <= end_latest)
    )
  `,
  `
  create index events_keyset_idx on events (start_earliest, id) where deleted_at is null
  `,
  `
  create index events_extent_idx on events using gist (extent) where deleted_at is null
  `,
  `
  create index events_search_idx on events using gin (search) where deleted_at is null
  `,
  `
  create index events_tags_idx on events using gin (tags) where deleted_at is null
  `,
  `
  create index events_type_idx on events (type, start_earliest, id) where deleted_at is null
  `,
  `
  create index events_country_idx on events (location_country, start_earliest, id) where deleted_at is null
  `,
  `
  create index events_updated_idx on events (updated_at)
  `,
  `
  create table event_participants (
      event_id uuid not null references events (id) on delete cascade,
      actor_id text not null references actors (id),
      role text not null default 'party' check (
        role in ('party', 'initiator', 'recipient', 'host', 'chair', 'speaker', 'mediator', 'observer', 'forum')
      ),
      primary key (event_id, actor_id, role)
    )
  `,
  `
  create index event_participants_actor_idx on event_participants (actor_id, role, event_id)
  `,
  `
  create table event_sources (
      event_id uuid not null references events (id) on delete cascade,
      position integer not null,
      title text not null,
      publisher text,
      url text,
      published text,
      lang text,
      quote text,
      quoted_actor text references actors (id),
      primary key (event_id, position)
    )
  `,
  `
  create index event_sources_quoted_actor_idx on event_sources (quoted_actor)
  `,
  `
  create table event_relations (
      event_id uuid not null references events (id) on delete cascade,
      kind text not null check (kind in ('responds_to', 'ends', 'follows', 'part_of')),
      target_id uuid not null references events (id),
      primary key (event_id, kind, target_id),
      check (event_id <> target_id)
    )
  `,
  `
  create index event_relations_target_idx on event_relations (target_id)
  `,
  `
  create table api_keys (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      scopes text[] not null,
      prefix text not null unique,
      secret_hash text not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )
  `,
  `
  create table revisions (
      id bigint generated always as identity primary key,
      entity text not null check (entity in ('event', 'actor', 'event_type')),
      entity_id text not null,
      version integer not null,
      operation text not null check (operation in ('create', 'update', 'delete')),
      snapshot jsonb not null,
      api_key_id uuid references api_keys (id),
      created_at timestamptz not null default now(),
      unique (entity, entity_id, version)
    )
  `,
  `
  create table idempotency_records (
      api_key_id uuid not null references api_keys (id),
      key text not null,
      request_hash text not null,
      state text not null check (state in ('running', 'done')),
      response_status integer,
      response_body jsonb,
      response_headers jsonb,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (api_key_id, key)
    )
  `,
  `
  create index idempotency_records_expiry_idx on idempotency_records (expires_at)
  `,
  `
  -- The full-text document of an event: titles, summaries, quotes, and its actors' names and aliases,
    -- stemmed in English and German and kept verbatim ('simple') for names.
    create function event_search_document(p_event_id uuid) returns tsvector
    language sql stable as $$
      with texts as (
        select string_agg(v, ' ') as t from (
          select jsonb_each_text.value as v from events e, jsonb_each_text(e.title) where e.id = p_event_id
          union all
          select jsonb_each_text.value from events e, jsonb_each_text(e.summary) where e.id = p_event_id
          union all
          select s.quote from event_sources s where s.event_id = p_event_id and s.quote is not null
          union all
          select coalesce(e.location_name, '') from events e where e.id = p_event_id
        ) parts
      ), names as (
        select string_agg(n, ' ') as t from (
          select jsonb_each_text.value as n
            from event_participants p join actors a on a.id = p.actor_id, jsonb_each_text(a.name)
            where p.event_id = p_event_id
          union all
          select unnest(a.aliases)
            from event_participants p join actors a on a.id = p.actor_id
            where p.event_id = p_event_id
        ) parts
      )
      select setweight(to_tsvector('english', coalesce(texts.t, '')), 'B')
          || setweight(to_tsvector('german', coalesce(texts.t, '')), 'B')
          || setweight(to_tsvector('simple', coalesce(texts.t, '')), 'C')
          || setweight(to_tsvector('simple', coalesce(names.t, '')), 'A')
          || setweight(to_tsvector('english', coalesce(names.t, '')), 'A')
          || setweight(to_tsvector('german', coalesce(names.t, '')), 'A')
      from texts, names
    $$
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes a single command at a time.
  for (const statement of schema) await sql.raw(statement).execute(db);

  await sql`
    insert into event_types (code, label, description, plover_category) values
      ('founding', '{"en": "Founding", "de": "Gründung"}', '{"en": "A body, forum or agreement framework is established."}', 'AGREE'),
      ('meeting', '{"en": "Meeting", "de": "Treffen"}', '{"en": "A session of a body or a bilateral or multilateral meeting."}', 'CONSULT'),
      ('summit', '{"en": "Summit", "de": "Gipfel"}', '{"en": "A meeting of heads of state or government."}', 'CONSULT'),
      ('suspension', '{"en": "Suspension", "de": "Aussetzung"}', '{"en": "Cooperation or dialogue is suspended for a period."}', 'REDUCE'),
      ('resumption', '{"en": "Resumption", "de": "Wiederaufnahme"}', '{"en": "Suspended cooperation or dialogue resumes."}', 'COOPERATE'),
      ('invitation', '{"en": "Invitation", "de": "Einladung"}', '{"en": "One party invites another to meet or take part."}', 'CONSULT'),
      ('statement', '{"en": "Statement", "de": "Erklärung"}', '{"en": "A public statement, remark or reply."}', 'DISAPPROVE'),
      ('interview', '{"en": "Interview", "de": "Interview"}', '{"en": "An interview given to the press."}', NULL),
      ('agreement', '{"en": "Agreement", "de": "Abkommen"}', '{"en": "An agreement, treaty or joint declaration is signed."}', 'AGREE'),
      ('visit', '{"en": "Visit", "de": "Besuch"}', '{"en": "An official visit."}', 'CONSULT'),
      ('sanction', '{"en": "Sanction", "de": "Sanktion"}', '{"en": "Sanctions are imposed or extended."}', 'COERCE'),
      ('expulsion', '{"en": "Expulsion", "de": "Ausweisung"}', '{"en": "Diplomats are expelled."}', 'REDUCE')
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists actor_search_document(jsonb, text[], text)`.execute(db);
  await sql`drop function if exists event_search_document(uuid)`.execute(db);
  await sql`
    drop table if exists idempotency_records, revisions, api_keys, event_relations, event_sources,
      event_participants, events, actors, event_types cascade;
  `.execute(db);
}
