import type { ImportSession } from './import.session.ts';

// The SQL of an import. Rows are read into temporary staging tables of the import's session, checked
// against the database there, and applied set-based: a few statements for the whole file, not per row.

const STAGING_TABLES = [
  'import_rows',
  'import_participants',
  'import_sources',
  'import_relations',
  'import_actor_vectors',
  'import_new_actors',
  'import_line_parts',
  'import_edtf',
  'import_dates',
  'import_targets',
  'import_relation_targets',
  'import_errors',
  'import_plan',
];

const CREATE_STAGING = [
  `create temp table import_rows (
    line integer not null,
    id uuid,
    slug text,
    type text not null,
    status text not null,
    title jsonb not null,
    summary jsonb not null,
    edtf text not null,
    precision text,
    start_earliest date,
    start_latest date,
    end_earliest date,
    end_latest date,
    approximate boolean,
    uncertain boolean,
    open_end boolean,
    unknown_end boolean,
    start_approximate boolean,
    start_uncertain boolean,
    end_approximate boolean,
    end_uncertain boolean,
    open_start boolean,
    unknown_start boolean,
    one_of boolean,
    location_name text,
    location_country text,
    location_lat double precision,
    location_lon double precision,
    location_precision text,
    tags text[] not null,
    -- The API representation's location and sources, made by the service.
    location_json jsonb not null,
    sources_json jsonb not null,
    -- Errors found while reading (date, a source's date, a participant listed twice): never written.
    problems jsonb
  )`,
  `create temp table import_participants (
    line integer not null, position integer not null, actor_id text not null, role text not null,
    -- An exported participant's actor (kind and name): created when no actor has its id.
    actor_kind text, actor_name jsonb
  )`,
  `create temp table import_sources (
    line integer not null, position integer not null, title text not null, publisher text, url text,
    published text, lang text, quote text, quoted_actor text
  )`,
  `create temp table import_relations (
    line integer not null, position integer not null, kind text not null, ref text not null
  )`,
  // Lines arrive in increasing order: these indexes grow at their right edge, cheaply, during the load.
  'create index on import_rows (line)',
  'create index on import_participants (line)',
  'create index on import_sources (line)',
  'create index on import_relations (line)',
  // Each actor's part of the search documents, made once per import.
  `create temp table import_actor_vectors (
    id text primary key, kind text not null, name jsonb not null, vector tsvector not null
  )`,
  // What a row's search document and snapshot need from its links, derived while the next batch is read.
  `create temp table import_line_parts (line integer primary key, search tsvector not null, participants jsonb)`,
];

/** Fresh staging tables: temporary, so never logged and gone with the session. */
export async function createStagingTables(s: ImportSession): Promise<void> {
  await dropStagingTables(s);
  for (const statement of CREATE_STAGING) await s.query(statement);
}

export async function dropStagingTables(s: ImportSession): Promise<void> {
  await s.query(`drop table if exists ${STAGING_TABLES.map((t) => `pg_temp.${t}`).join(', ')}`);
}

/** Indexes and statistics for the checks' joins (nothing analyzes temporary tables by itself). */
export async function prepareStagedRows(s: ImportSession): Promise<void> {
  for (const statement of [
    'create index on import_rows (slug)',
    'create index on import_rows (id)',
    // The columns the checks join and filter on: statistics of the texts and JSON would cost more than the checks.
    `analyze import_rows (line, id, slug, type, edtf), import_participants (line, actor_id, role),
      import_sources (line, quoted_actor), import_relations (line, kind, ref), import_line_parts (line)`,
  ]) {
    await s.query(statement);
  }
}

// The order in which the API lists an event's participants: by role, then by actor.
const ROLE_ORDER = `array['forum','host','chair','initiator','speaker','recipient','mediator','party','observer']`;

const UUID_SHAPE = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/**
 * The event each row is: matched by `id` when the row has one (created with that id when none exists),
 * else by slug; a new event's id is drawn here. Then the events its relations point to: a live event of
 * the database, or a row of the file on the same or an earlier line.
 */
export async function resolveTargets(s: ImportSession): Promise<void> {
  await s.query(`
    create temp table import_targets as
    select r.line, r.id, r.slug, coalesce(i.id, s.id) as existing_id,
      coalesce(i.version, s.version) as existing_version,
      coalesce(i.deleted_at, s.deleted_at) is not null as existing_deleted,
      coalesce(i.id, s.id, r.id, gen_random_uuid()) as event_id,
      case when r.slug is not null then first_value(r.line) over (partition by r.slug order by r.line) end
        as slug_first_line,
      case when r.id is not null then first_value(r.line) over (partition by r.id order by r.line) end
        as id_first_line,
      r.id is not null and r.slug is not null
        and exists (select 1 from events x where x.slug = r.slug and x.id <> r.id) as slug_taken
    from import_rows r
    left join events i on i.id = r.id
    left join events s on r.id is null and s.slug = r.slug`);
  await s.query('create index on import_targets (line)');
  await s.query('analyze import_targets');
  await s.query(`
    create temp table import_relation_targets as
    select rel.line, rel.position, rel.kind, rel.ref,
      coalesce(
        (select e.id from events e
          where e.deleted_at is null and rel.ref ~ ${UUID_SHAPE}
            and e.id = (case when rel.ref ~ ${UUID_SHAPE} then lower(rel.ref)::uuid end)),
        (select e.id from events e where e.deleted_at is null and e.slug = rel.ref),
        -- Any row of the file, earlier or later: an export lists events in timeline order, and a relation
        -- (ends, part_of) may point at a later one. The relations are written after every event.
        (select t.event_id from import_rows o join import_targets t on t.line = o.line
          where o.slug = rel.ref
            or o.id = (case when rel.ref ~ ${UUID_SHAPE} then lower(rel.ref)::uuid end)
          order by o.line limit 1)
      ) as target_id
    from import_relations rel`);
  await s.query('create index on import_relation_targets (line)');
  await s.query('analyze import_relation_targets');
}

/**
 * The actor vectors of the participants of lines `from`..`to` (a batch just copied), made once per actor per
 * import; then the search documents and participants of those of its rows that create an event (see
 * writeLineParts). Done batch by batch, so that the database works on them while the next batch is read. A row
 * that names an existing event gets its parts after the plan, and only if it changes the event: a file
 * imported again computes no search document at all.
 */
export async function deriveLineParts(s: ImportSession, from: number, to: number): Promise<void> {
  await s.query(
    `
    insert into import_actor_vectors (id, kind, name, vector)
    select a.id, a.kind, a.name, actor_search_vector(a.name, a.aliases)
    from actors a
    where a.id in (select p.actor_id from import_participants p where p.line between $1 and $2)
      and not exists (select 1 from import_actor_vectors v where v.id = a.id)`,
    [from, to],
  );
  // Actors the file creates (an exported participant's actor no actor has the id of): the first line's kind
  // and name.
  await s.query(
    `
    insert into import_actor_vectors (id, kind, name, vector)
    select distinct on (p.actor_id) p.actor_id, p.actor_kind, p.actor_name,
      actor_search_vector(p.actor_name, '{}')
    from import_participants p
    where p.line between $1 and $2 and p.actor_kind is not null and p.actor_name is not null
      and not exists (select 1 from actors a where a.id = p.actor_id)
      and not exists (select 1 from import_actor_vectors v where v.id = p.actor_id)
    order by p.actor_id, p.line, p.position`,
    [from, to],
  );
  await writeLineParts(
    s,
    `r.line between $1 and $2
      and not exists (select 1 from events e where e.id = r.id)
      and (r.id is not null or not exists (select 1 from events e where e.slug = r.slug))`,
    [from, to],
  );
}

/** The parts of the rows the plan writes that the reading left out: those that update an event. */
export async function deriveWrittenLineParts(s: ImportSession): Promise<void> {
  await writeLineParts(
    s,
    `exists (select 1 from import_plan pl where pl.line = r.line and pl.outcome <> 'unchanged')
      and not exists (select 1 from import_line_parts w where w.line = r.line)`,
    [],
  );
}

/**
 * The search document and the API's participants of the staged rows `picked` selects (on `import_rows r`),
 * from the same parts as `event_search_document(id)` (migrations 0033 and 0071): titles, summaries, quotes in
 * source order and the place, each text by search_text_vector, then each participant's actor vector in
 * (actor, role) order. One row per text, aggregated per row: no function call per row. Rows with problems are
 * never written and get none; an unknown actor (an error the check reports) is left out.
 */
async function writeLineParts(s: ImportSession, picked: string, params: unknown[]): Promise<void> {
  await s.query(
    `
    insert into import_line_parts (line, search, participants)
    with picked as (
      select r.line, r.title, r.summary, r.location_name from import_rows r
      where r.problems is null and ${picked}
    ),
    texts as (
      select k.line, 1 as part, t.n, t.key as lang, t.value as body
        from picked k, jsonb_each_text(k.title) with ordinality as t(key, value, n)
      union all
      select k.line, 2, t.n, t.key, t.value
        from picked k, jsonb_each_text(k.summary) with ordinality as t(key, value, n)
      union all
      select q.line, 3, q.position, q.lang, q.quote
        from import_sources q join picked k on k.line = q.line where q.quote is not null
      union all
      select k.line, 4, 1, null, k.location_name from picked k where k.location_name is not null
    ),
    documents as (
      select line, tsvector_agg(search_text_vector(lang, body) order by part, n) as search
      from texts group by line
    ),
    links as (
      select ip.line, tsvector_agg(v.vector order by ip.actor_id, ip.role) as names,
        jsonb_agg(jsonb_build_object('actor', jsonb_build_object('id', v.id, 'kind', v.kind, 'name', v.name),
          'role', ip.role) order by array_position(${ROLE_ORDER}, ip.role), v.id) as participants
      from import_participants ip join picked k on k.line = ip.line
      join import_actor_vectors v on v.id = ip.actor_id
      group by ip.line
    )
    select k.line, coalesce(d.search, ''::tsvector) || coalesce(l.names, ''::tsvector), l.participants
    from picked k left join documents d on d.line = k.line left join links l on l.line = k.line`,
    params,
  );
}

/** Why a row cannot be the event it names, in the order the checks are made; the first one is reported. */
const IDENTITY_ERROR = `
  case
    when t.slug_first_line < t.line then
      jsonb_build_array('/slug', format('"%s" is already on line %s', t.slug, t.slug_first_line))
    when t.id_first_line < t.line then
      jsonb_build_array('/id', format('"%s" is already on line %s', t.id, t.id_first_line))
    when t.existing_deleted and t.id is not null then
      jsonb_build_array('/id', 'belongs to a deleted event (deleted events keep their id): leave "id" out to create a new event')
    when t.existing_deleted then
      jsonb_build_array('/slug', format('"%s" belongs to a deleted event (deleted events keep their slug): choose another', t.slug))
    when t.slug_taken then
      jsonb_build_array('/slug', format('"%s" is already used by another event (deleted events keep their slug); the row''s id wins over its slug, so this row would rename event %s to it: change the slug or leave the id out to update the event that has the slug', t.slug, t.event_id))
    when t.target_first_line < t.line then
      jsonb_build_array(case when t.id is not null then '/id' else '/slug' end,
        format('matches the same event as line %s', t.target_first_line))
  end`;

/**
 * Every error the database finds, one row each: a row whose identity (id, slug) is wrong gets that error
 * alone, as a single-event write would; the others get their unknown references and what the reading found.
 * `ord` sorts a line's errors on the scale of import.rows.ts's ORDER.
 */
export async function collectErrors(s: ImportSession, order: Record<string, number>): Promise<void> {
  await s.query(`
    create temp table import_errors as
    with targets as (
      select t.*, first_value(t.line) over (partition by t.event_id order by t.line) as target_first_line
      from import_targets t
    ),
    identity as (
      select t.line, ${IDENTITY_ERROR} as error from targets t
    ),
    checked as (select i.line from identity i where i.error is null)
    select i.line, i.error->>0 as pointer, i.error->>1 as detail, ${order.identity}::int as ord
      from identity i where i.error is not null
    union all
    select r.line, '/type', format('unknown event type "%s": see GET /v1/event-types', r.type), ${order.type}
      from import_rows r join checked c on c.line = r.line
      where not exists (select 1 from event_types x where x.code = r.type)
    union all
    select p.line, format('/participants/%s/actor', p.position),
        case when exists (select 1 from actors a where a.id = p.actor_id)
          then format('actor "%s" was deleted: restore it or use another id', p.actor_id)
          else format('unknown actor "%s": create it first (POST /v1/actors)', p.actor_id)
        end,
        ${order.participant} + p.position * 10
      from import_participants p join checked c on c.line = p.line
      where not exists (select 1 from actors a where a.id = p.actor_id and a.deleted_at is null)
        -- An exported actor (with kind and name) is created, unless a deleted actor keeps its id.
        and (p.actor_kind is null or p.actor_name is null
          or exists (select 1 from actors a where a.id = p.actor_id))
    union all
    select q.line, format('/sources/%s/quoted_actor', q.position), format('unknown actor "%s"', q.quoted_actor),
        ${order.source} + q.position * 10
      from import_sources q join checked c on c.line = q.line
      where q.quoted_actor is not null
        and not exists (select 1 from actors a where a.id = q.quoted_actor and a.deleted_at is null)
        -- or an actor the file creates (a participant given as {id, kind, name} on any line)
        and not exists (select 1 from import_actor_vectors v where v.id = q.quoted_actor
          and not exists (select 1 from actors a where a.id = v.id))
    union all
    select rt.line, format('/relations/%s/event', rt.position),
        case
          when rt.target_id is null then
            format('unknown event "%s": neither in the database nor in this file', rt.ref)
          when rt.target_id = t.event_id then 'an event cannot relate to itself'
          else format('the relation %s to "%s" is listed twice', rt.kind, rt.ref)
        end,
        ${order.relation} + rt.position * 10
      from import_relation_targets rt
      join checked c on c.line = rt.line
      join import_targets t on t.line = rt.line
      where rt.target_id is null or rt.target_id = t.event_id
        or exists (select 1 from import_relation_targets o
          where o.line = rt.line and o.kind = rt.kind and o.target_id = rt.target_id and o.position < rt.position)
    union all
    select r.line, e->>'pointer', e->>'detail', (e->>'order')::int
      from import_rows r join checked c on c.line = r.line, jsonb_array_elements(r.problems) e
      where r.problems is not null`);
}

export interface DatabaseErrors {
  count: number;
  lines: number;
  first: { line: number; pointer: string; detail: string; ord: number }[];
}

export async function readErrors(s: ImportSession, limit: number): Promise<DatabaseErrors> {
  const totals = await s.query<{ count: number; lines: number }>(
    'select count(*)::int as count, count(distinct line)::int as lines from import_errors',
  );
  const first = await s.query<{ line: number; pointer: string; detail: string; ord: number }>(
    'select line, pointer, detail, ord from import_errors order by line, ord limit $1',
    [limit],
  );
  return { count: totals.rows[0]?.count ?? 0, lines: totals.rows[0]?.lines ?? 0, first: first.rows };
}

/**
 * What each row does: `created` when its event is new; `unchanged` when the event already has this
 * content (the same fields, participants, sources and relations); `updated` otherwise.
 */
export async function planWrites(
  s: ImportSession,
): Promise<{ created: number; updated: number; unchanged: number; actors_created: number }> {
  await s.query(`
    create temp table import_plan as
    with existing as (select existing_id as id from import_targets where existing_id is not null),
    staged_participants as (
      select line, string_agg(actor_id || '/' || role, ',' order by actor_id, role) as sig
      from import_participants group by line
    ),
    stored_participants as (
      select p.event_id, string_agg(p.actor_id || '/' || p.role, ',' order by p.actor_id, p.role) as sig
      from event_participants p join existing x on x.id = p.event_id group by p.event_id
    ),
    staged_sources as (
      select line, jsonb_agg(jsonb_build_array(title, publisher, url, published, lang, quote, quoted_actor)
        order by position) as sig
      from import_sources group by line
    ),
    stored_sources as (
      select s.event_id, jsonb_agg(jsonb_build_array(s.title, s.publisher, s.url, s.published, s.lang, s.quote,
        s.quoted_actor) order by s.position) as sig
      from event_sources s join existing x on x.id = s.event_id group by s.event_id
    ),
    staged_relations as (
      select line, string_agg(kind || '/' || target_id, ',' order by kind, target_id) as sig
      from import_relation_targets group by line
    ),
    -- The API shows no relation to a deleted event, so neither does the comparison.
    stored_relations as (
      select r.event_id, string_agg(r.kind || '/' || r.target_id, ',' order by r.kind, r.target_id) as sig
      from event_relations r join existing x on x.id = r.event_id
      join events t on t.id = r.target_id and t.deleted_at is null
      group by r.event_id
    )
    select t.line, t.event_id, t.existing_version,
      case
        when t.existing_id is null then 'created'
        when e.slug is not distinct from r.slug and e.type = r.type and e.status = r.status
          and e.title = r.title and e.summary = r.summary and e.edtf = r.edtf
          and e.location_name is not distinct from r.location_name
          and e.location_country is not distinct from r.location_country
          and e.location_lat is not distinct from r.location_lat
          and e.location_lon is not distinct from r.location_lon
          and e.location_precision is not distinct from r.location_precision
          and e.tags = r.tags
          and coalesce(sp.sig, '') = coalesce(pp.sig, '')
          and coalesce(ss.sig, '[]') = coalesce(ps.sig, '[]')
          and coalesce(sr.sig, '') = coalesce(pr.sig, '')
          then 'unchanged'
        else 'updated'
      end as outcome
    from import_targets t
    join import_rows r on r.line = t.line
    left join events e on e.id = t.existing_id
    left join staged_participants sp on sp.line = t.line
    left join stored_participants pp on pp.event_id = t.existing_id
    left join staged_sources ss on ss.line = t.line
    left join stored_sources ps on ps.event_id = t.existing_id
    left join staged_relations sr on sr.line = t.line
    left join stored_relations pr on pr.event_id = t.existing_id`);
  await s.query('create index on import_plan (line)');
  await s.query('analyze import_plan');
  const { rows } = await s.query<{
    created: number;
    updated: number;
    unchanged: number;
    actors_created: number;
  }>(`
    select count(*) filter (where outcome = 'created')::int as created,
      count(*) filter (where outcome = 'updated')::int as updated,
      count(*) filter (where outcome = 'unchanged')::int as unchanged,
      (select count(*)::int from import_actor_vectors v where not exists (select 1 from actors a where a.id = v.id))
        as actors_created
    from import_plan`);
  return rows[0] ?? { created: 0, updated: 0, unchanged: 0, actors_created: 0 };
}

export interface PlannedDifference {
  line: number;
  id: string;
  slug: string | null;
  outcome: 'created' | 'updated';
  /** For an update: each member that changes, `{ old, new }` as the API shows them (links as `actor:role`, `kind:id`). */
  changes: Record<string, { old: unknown; new: unknown }> | null;
}

/**
 * The first `limit` rows that create or change an event, in file order, and for an update what changes:
 * the same comparison as planWrites, member by member, for those rows only.
 */
export async function plannedDifferences(s: ImportSession, limit: number): Promise<PlannedDifference[]> {
  const { rows } = await s.query<PlannedDifference>(
    `
    with picked as (
      select pl.line, pl.event_id, pl.outcome, t.existing_id
      from import_plan pl join import_targets t on t.line = pl.line
      where pl.outcome <> 'unchanged' order by pl.line limit $1
    ),
    sp as (
      select ip.line, to_jsonb(array_agg(ip.actor_id || ':' || ip.role order by ip.actor_id, ip.role)) as v
      from import_participants ip join picked k on k.line = ip.line group by ip.line
    ),
    pp as (
      select p.event_id, to_jsonb(array_agg(p.actor_id || ':' || p.role order by p.actor_id, p.role)) as v
      from event_participants p join picked k on k.existing_id = p.event_id group by p.event_id
    ),
    ps as (
      select q.event_id, jsonb_agg(jsonb_strip_nulls(jsonb_build_object('title', q.title, 'publisher',
          nullif(q.publisher, ''), 'url', nullif(q.url, ''), 'published', nullif(q.published, ''),
          'lang', nullif(q.lang, ''), 'quote', nullif(q.quote, ''), 'quoted_actor', nullif(q.quoted_actor, '')))
        order by q.position) as v
      from event_sources q join picked k on k.existing_id = q.event_id group by q.event_id
    ),
    sr as (
      select rt.line, to_jsonb(array_agg(rt.kind || ':' || rt.target_id order by rt.kind, rt.target_id)) as v
      from import_relation_targets rt join picked k on k.line = rt.line group by rt.line
    ),
    pr as (
      select r.event_id, to_jsonb(array_agg(r.kind || ':' || r.target_id order by r.kind, r.target_id)) as v
      from event_relations r join picked k on k.existing_id = r.event_id
      join events t on t.id = r.target_id and t.deleted_at is null
      group by r.event_id
    )
    select k.line, k.event_id::text as id, r.slug, k.outcome,
      case when k.outcome = 'updated' then (
        select coalesce(jsonb_object_agg(f.name, jsonb_build_object('old', f.old, 'new', f.new) order by f.n), '{}')
        from (values
          (1, 'slug', to_jsonb(e.slug), to_jsonb(r.slug)),
          (2, 'type', to_jsonb(e.type), to_jsonb(r.type)),
          (3, 'status', to_jsonb(e.status), to_jsonb(r.status)),
          (4, 'title', e.title, r.title),
          (5, 'summary', e.summary, r.summary),
          (6, 'date', to_jsonb(e.edtf), to_jsonb(r.edtf)),
          (7, 'participants', coalesce(pp.v, '[]'), coalesce(sp.v, '[]')),
          (8, 'location',
            case when coalesce(e.location_name, '') = '' and coalesce(e.location_country, '') = ''
                and e.location_lat is null then 'null'::jsonb
              else jsonb_strip_nulls(jsonb_build_object('name', nullif(e.location_name, ''),
                'country', nullif(e.location_country, ''), 'lat', e.location_lat, 'lon', e.location_lon,
                'precision', e.location_precision)) end,
            r.location_json),
          (9, 'sources', coalesce(ps.v, '[]'), r.sources_json),
          (10, 'tags', to_jsonb(e.tags), to_jsonb(r.tags)),
          (11, 'relations', coalesce(pr.v, '[]'), coalesce(sr.v, '[]'))
        ) as f(n, name, old, new)
        where f.old is distinct from f.new) end as changes
    from picked k join import_rows r on r.line = k.line
    left join events e on e.id = k.existing_id
    left join sp on sp.line = k.line
    left join pp on pp.event_id = k.existing_id
    left join ps on ps.event_id = k.existing_id
    left join sr on sr.line = k.line
    left join pr on pr.event_id = k.existing_id
    order by k.line`,
    [limit],
  );
  return rows;
}

/** The dates of the rows to write, each once, in pages of `limit` after `after` (for their display strings). */
export async function datesToWrite(s: ImportSession, after: string | null, limit: number): Promise<string[]> {
  if (after === null) {
    await s.query(`
      create temp table import_edtf as
      select distinct r.edtf from import_rows r join import_plan pl on pl.line = r.line
      where pl.outcome <> 'unchanged'`);
    await s.query('create index on import_edtf (edtf)');
    await s.query(
      'create temp table import_dates (edtf text primary key, date_json jsonb not null, display text not null)',
    );
  }
  const { rows } = await s.query<{ edtf: string }>(
    "select edtf from import_edtf where edtf > coalesce($1, '') order by edtf limit $2",
    [after, limit],
  );
  return rows.map((r) => r.edtf);
}

const EVENT_VALUES = `r.slug, r.type, r.status, r.title, r.summary, r.edtf, r.precision, r.start_earliest,
  r.start_latest, r.end_earliest, r.end_latest, r.approximate, r.uncertain, r.open_end, r.unknown_end,
  r.start_approximate, r.start_uncertain, r.end_approximate, r.end_uncertain, r.open_start, r.unknown_start, r.one_of,
  r.location_name, r.location_country, r.location_lat, r.location_lon, r.location_precision, r.tags`;
const EVENT_COLUMNS = EVENT_VALUES.replace(/r\./g, '');

// Timestamps of whole milliseconds: the API's representation (and so a revision's snapshot) shows
// milliseconds, and the snapshot made here must show exactly what GET shows.
const NOW = `date_trunc('milliseconds', now())`;

/** The API's representation of an event just written, as `toApiEvents` makes it: the revision's snapshot. */
const SNAPSHOT = `
  jsonb_build_object(
    'id', e.id, 'slug', e.slug, 'type', e.type, 'status', e.status, 'title', e.title, 'summary', e.summary,
    'date', d.date_json,
    'participants', coalesce(wp.participants, '[]'::jsonb),
    'location', r.location_json,
    'sources', r.sources_json,
    'tags', to_jsonb(e.tags),
    'relations', coalesce((
      select jsonb_agg(jsonb_build_object('kind', rt.kind, 'event', jsonb_build_object('id', rt.target_id, 'slug', t.slug))
          order by rt.kind, rt.target_id)
      from import_relation_targets rt join events t on t.id = rt.target_id and t.deleted_at is null
      where rt.line = r.line), '[]'::jsonb),
    'version', e.version,
    'created_at', to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'updated_at', to_char(e.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

export interface WrittenRows {
  actors: number;
  events: number;
  participants: number;
  sources: number;
  relations: number;
  revisions: number;
}

/** A step of the writing, for progress reports. */
export type WriteStep =
  | 'links'
  | 'actors'
  | 'events'
  | 'participants'
  | 'sources'
  | 'relations'
  | 'revisions'
  | 'texts';

export class ConcurrentChange extends Error {}

/**
 * Applies the plan in the caller's transaction: the updated events' links are cleared, their rows
 * rewritten (version + 1, only if still at the version the plan read), the new events inserted, then
 * every written event's participants, sources, relations and revision.
 */
export async function applyPlan(
  s: ImportSession,
  apiKeyId: string | null,
  onStep: (step: WriteStep) => void = () => {},
): Promise<WrittenRows> {
  const written: WrittenRows = {
    actors: 0,
    events: 0,
    participants: 0,
    sources: 0,
    relations: 0,
    revisions: 0,
  };

  onStep('links');
  // Cleared before the rows change, so that the copy trigger (migration 0002) has no old rows to rewrite.
  for (const table of ['event_participants', 'event_sources', 'event_relations']) {
    await s.query(
      `delete from ${table} where event_id in (select event_id from import_plan where outcome = 'updated')`,
    );
  }

  onStep('actors');
  // The actors the file gives with kind and name and no actor has the id of, each with its first revision.
  const actors = await s.query<{ id: string }>(`
    insert into actors (id, kind, name, created_at, updated_at)
    select v.id, v.kind, v.name, ${NOW}, ${NOW} from import_actor_vectors v
    where not exists (select 1 from actors a where a.id = v.id)
    order by v.id
    returning id`);
  written.actors = actors.rowCount;
  if (written.actors > 0) {
    written.revisions += (
      await s.query(
        `
        insert into revisions (entity, entity_id, version, operation, snapshot, api_key_id)
        select 'actor', a.id, a.version, 'create', jsonb_build_object('id', a.id, 'kind', a.kind, 'name', a.name,
          'aliases', to_jsonb(a.aliases), 'country', a.country, 'wikidata', a.wikidata,
          'affiliations', a.affiliations, 'version', a.version,
          'created_at', to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'updated_at', to_char(a.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), $1
        from actors a where a.id = any($2::text[])
        order by a.id`,
        [apiKeyId, actors.rows.map((r) => r.id)],
      )
    ).rowCount;
  }

  onStep('events');
  // The display strings of the dates written (src/modules/events/write/date-displays.ts), made in Node.
  await s.query(
    'insert into date_displays (edtf, display) select edtf, display from import_dates on conflict (edtf) do nothing',
  );
  const planned = await s.query<{ n: number }>(
    `select count(*)::int as n from import_plan where outcome = 'updated'`,
  );
  const updated = await s.query(`
    update events e set (${EVENT_COLUMNS}, search, version, updated_at) =
      (${EVENT_VALUES}, wp.search, e.version + 1, ${NOW})
    from import_rows r join import_plan pl on pl.line = r.line join import_line_parts wp on wp.line = r.line
    where pl.outcome = 'updated' and e.id = pl.event_id and e.version = pl.existing_version`);
  if (updated.rowCount !== (planned.rows[0]?.n ?? 0)) throw new ConcurrentChange();
  const inserted = await s.query(`
    insert into events (id, ${EVENT_COLUMNS}, search, created_at, updated_at)
    select pl.event_id, ${EVENT_VALUES}, wp.search, ${NOW}, ${NOW}
    from import_rows r join import_plan pl on pl.line = r.line join import_line_parts wp on wp.line = r.line
    where pl.outcome = 'created'
    order by r.line`);
  written.events = updated.rowCount + inserted.rowCount;

  onStep('participants');
  written.participants = (
    await s.query(`
      insert into event_participants (event_id, actor_id, role)
      select pl.event_id, p.actor_id, p.role
      from import_participants p join import_plan pl on pl.line = p.line
      where pl.outcome <> 'unchanged'
      order by pl.line, p.position`)
  ).rowCount;

  onStep('sources');
  written.sources = (
    await s.query(`
      insert into event_sources (event_id, position, title, publisher, url, published, lang, quote, quoted_actor)
      select pl.event_id, q.position, q.title, q.publisher, q.url, q.published, q.lang, q.quote, q.quoted_actor
      from import_sources q join import_plan pl on pl.line = q.line
      where pl.outcome <> 'unchanged'`)
  ).rowCount;

  onStep('relations');
  written.relations = (
    await s.query(`
      insert into event_relations (event_id, kind, target_id)
      select pl.event_id, rt.kind, rt.target_id
      from import_relation_targets rt join import_plan pl on pl.line = rt.line
      where pl.outcome <> 'unchanged'`)
  ).rowCount;

  onStep('revisions');
  written.revisions += (
    await s.query(
      `
      insert into revisions (entity, entity_id, version, operation, snapshot, api_key_id)
      select 'event', e.id::text, e.version,
        case pl.outcome when 'created' then 'create' else 'update' end, ${SNAPSHOT}, $1
      from import_plan pl join import_rows r on r.line = pl.line join events e on e.id = pl.event_id
      join import_line_parts wp on wp.line = pl.line join import_dates d on d.edtf = r.edtf
      where pl.outcome <> 'unchanged'
      order by pl.line`,
      [apiKeyId],
    )
  ).rowCount;

  onStep('texts');
  // Each written event's page text (migration 0110), all of them in this transaction however many (a request's
  // write leaves more than 1,000 to the refill), and here rather than at the commit so that the progress shows it.
  await s.query(`select set_config('timeline.event_pages_inline', '2147483647', true)`);
  await s.query('set constraints event_pages_fill immediate');
  return written;
}

const WRITTEN_TABLES: Record<keyof WrittenRows, string> = {
  actors: 'actors',
  events: 'events',
  participants: 'event_participants',
  sources: 'event_sources',
  relations: 'event_relations',
  revisions: 'revisions',
};

/**
 * ANALYZE the tables an import changed by more than autovacuum's analyze threshold (50 rows + 10 % of the
 * table), and those never analyzed: the planner then knows the rows it just received. The embedded database
 * has no autovacuum at all; on server PostgreSQL this only comes before autovacuum would.
 */
export async function analyzeWritten(s: ImportSession, written: WrittenRows): Promise<string[]> {
  const tables = Object.entries(WRITTEN_TABLES).filter(([key]) => written[key as keyof WrittenRows] > 0);
  if (tables.length === 0) return [];
  const { rows } = await s.query<{ relname: string; reltuples: number }>(
    `select relname, reltuples::float8 as reltuples from pg_class
     where relnamespace = 'public'::regnamespace and relname = any($1::text[])`,
    [tables.map(([, table]) => table)],
  );
  const analyzed: string[] = [];
  for (const [key, table] of tables) {
    const reltuples = Number(rows.find((r) => r.relname === table)?.reltuples ?? -1);
    const changed = written[key as keyof WrittenRows];
    if (reltuples < 0 || changed >= 50 + 0.1 * reltuples) {
      await s.query(`analyze ${table}`);
      analyzed.push(table);
    }
  }
  return analyzed;
}
