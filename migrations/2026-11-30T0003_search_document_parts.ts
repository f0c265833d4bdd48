import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// An event's search document is made of parts that a bulk import can compute for a million rows in a few
// statements, from rows that are not yet in the tables: the same functions make it for one event
// (`event_search_document(id)`) and for many, so both ways of writing give the same document.
// - The event's own texts (titles, summaries, quotes, the name of its place) are stemmed in English and German
//   and kept verbatim, as before.
// - Each participant brings its actor's own vector (names in every language and aliases, verbatim and
//   stemmed), made once per actor by an import rather than once per event.
// The parts are put together in a fixed order (language maps in their jsonb order, quotes by source position,
// participants by actor and role), where the first version's `string_agg` followed whatever order the plan
// read the rows in, and so did the word positions. Lexemes and weights are those of the first version.
const statements: string[] = [
  `
  -- An actor's names (every language) and aliases, as one text.
  create function actor_search_names(p_name jsonb, p_aliases text[]) returns text
    language sql immutable as $$
      select concat_ws(' ',
        (select string_agg(value, ' ' order by ordinality) from jsonb_each_text(p_name) with ordinality),
        array_to_string(p_aliases, ' '))
    $$
  `,
  `
  -- What an actor brings to the document of an event it takes part in: its names, weighted highest.
  create function actor_search_vector(p_name jsonb, p_aliases text[]) returns tsvector
    language sql immutable as $$
      select setweight(to_tsvector('simple', t), 'A')
          || setweight(to_tsvector('english', t), 'A')
          || setweight(to_tsvector('german', t), 'A')
      from (select coalesce(actor_search_names(p_name, p_aliases), '') as t) names
    $$
  `,
  `
  -- Concatenates documents in the order given (ORDER BY in the call), as || does two of them.
  create aggregate tsvector_agg(tsvector) (sfunc = tsvector_concat, stype = tsvector, initcond = '')
  `,
  `
  -- An event's own texts: titles, summaries, quotes (in source order) and the name of its place.
  create function event_search_texts(p_title jsonb, p_summary jsonb, p_quotes text[], p_location_name text)
    returns text
    language sql immutable as $$
      select concat_ws(' ',
        (select string_agg(value, ' ' order by ordinality) from jsonb_each_text(p_title) with ordinality),
        (select string_agg(value, ' ' order by ordinality) from jsonb_each_text(p_summary) with ordinality),
        array_to_string(p_quotes, ' '),
        p_location_name)
    $$
  `,
  `
  -- The document: the texts stemmed in English and German and kept verbatim, then the participants' vectors.
  create function event_search_vector(p_texts text, p_names tsvector) returns tsvector
    language sql immutable as $$
      select setweight(to_tsvector('english', coalesce(p_texts, '')), 'B')
          || setweight(to_tsvector('german', coalesce(p_texts, '')), 'B')
          || setweight(to_tsvector('simple', coalesce(p_texts, '')), 'C')
          || coalesce(p_names, ''::tsvector)
    $$
  `,
  `
  create or replace function event_search_document(p_event_id uuid) returns tsvector
    language sql stable as $$
      select event_search_vector(
        event_search_texts(e.title, e.summary,
          array(select s.quote from event_sources s
            where s.event_id = e.id and s.quote is not null order by s.position),
          e.location_name),
        (select tsvector_agg(actor_search_vector(a.name, a.aliases) order by p.actor_id, p.role)
          from event_participants p join actors a on a.id = p.actor_id
          where p.event_id = e.id))
      from events e
      where e.id = p_event_id
    $$
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes a single command at a time.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function event_search_document(p_event_id uuid) returns tsvector
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
  `.execute(db);
  await sql`drop function if exists event_search_vector(text, tsvector)`.execute(db);
  await sql`drop function if exists event_search_texts(jsonb, jsonb, text[], text)`.execute(db);
  await sql`drop aggregate if exists tsvector_agg(tsvector)`.execute(db);
  await sql`drop function if exists actor_search_vector(jsonb, text[])`.execute(db);
  await sql`drop function if exists actor_search_names(jsonb, text[])`.execute(db);
}
