import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// An event's search document is made of parts that a bulk import can compute for a million rows in a few
// statements, from rows that are not yet in the tables: the same functions make it for one event
// (`event_search_document(id)`) and for many, so both ways of writing give the same document. The parts follow
// the search rules of migration 0031:
// - the event's own texts, each stemmed in its own language (titles and summaries by their language tag, quotes
//   by their source's language, the place verbatim), accents folded;
// - each participant's actor vector (names in every language and aliases, verbatim without English or German
//   stop words, and stemmed in English and German), made once per actor by an import rather than once per event.
// Parts come in a fixed order (titles and summaries in their maps' order, quotes by source position, the place,
// then participants by actor and role), so the word positions do not depend on the plan's row order.
const statements: string[] = [
  `
  set local statement_timeout = 0
  `,
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
  -- Concatenates documents in the order given (ORDER BY in the call), as || does two of them.
  create aggregate tsvector_agg(tsvector) (sfunc = tsvector_concat, stype = tsvector, initcond = '')
  `,
  `
  create function actor_search_vector(p_name jsonb, p_aliases text[]) returns tsvector
    language sql immutable as $$
      select setweight(to_tsvector('timeline_simple', t), 'A')
          || setweight(to_tsvector('english', t), 'A')
          || setweight(to_tsvector('german', t), 'A')
      from (select search_fold(coalesce(actor_search_names(p_name, p_aliases), '')) as t) names
    $$
  `,
  `
  -- The event's own texts, each stemmed in its language. p_quote_langs[i] is the language of p_quotes[i].
  create function event_texts_vector(
    p_title jsonb, p_summary jsonb, p_quotes text[], p_quote_langs text[], p_location_name text
  ) returns tsvector
    language sql immutable as $$
      select coalesce(
        tsvector_agg(setweight(to_tsvector(search_config(texts.lang), search_fold(texts.body)), 'B')
          order by texts.part, texts.n),
        ''::tsvector)
      from (
        select 1 as part, t.n, t.key as lang, t.value as body
          from jsonb_each_text(p_title) with ordinality as t(key, value, n)
        union all
        select 2, t.n, t.key, t.value from jsonb_each_text(p_summary) with ordinality as t(key, value, n)
        union all
        select 3, q.n, q.lang, q.body from unnest(p_quotes, p_quote_langs) with ordinality as q(body, lang, n)
        union all
        select 4, 1, null, p_location_name where p_location_name is not null
      ) texts
    $$
  `,
  `
  create or replace function event_search_document(p_event_id uuid) returns tsvector
    language sql stable as $$
      select event_texts_vector(e.title, e.summary,
          array(select s.quote from event_sources s
            where s.event_id = e.id and s.quote is not null order by s.position),
          array(select s.lang from event_sources s
            where s.event_id = e.id and s.quote is not null order by s.position),
          e.location_name)
        || coalesce(
          (select tsvector_agg(actor_search_vector(a.name, a.aliases) order by p.actor_id, p.role)
            from event_participants p join actors a on a.id = p.actor_id
            where p.event_id = e.id),
          ''::tsvector)
      from events e
      where e.id = p_event_id
    $$
  `,
  `
  update events set search = event_search_document(id)
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes a single command at a time.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// Back to migration 0031's document, built in one piece.
const downStatements: string[] = [
  `
  set local statement_timeout = 0
  `,
  `
  create or replace function event_search_document(p_event_id uuid) returns tsvector
    language sql stable as $$
      with texts as (
        select t.key as lang, t.value as body from events e, jsonb_each_text(e.title) t where e.id = p_event_id
        union all
        select t.key, t.value from events e, jsonb_each_text(e.summary) t where e.id = p_event_id
        union all
        select s.lang, s.quote from event_sources s where s.event_id = p_event_id and s.quote is not null
        union all
        select null, e.location_name from events e where e.id = p_event_id and e.location_name is not null
      ), names as (
        select string_agg(n, ' ') as body from (
          select jsonb_each_text.value as n
            from event_participants p join actors a on a.id = p.actor_id, jsonb_each_text(a.name)
            where p.event_id = p_event_id
          union all
          select unnest(a.aliases)
            from event_participants p join actors a on a.id = p.actor_id
            where p.event_id = p_event_id
        ) parts
      )
      select coalesce((select search_concat(setweight(to_tsvector(search_config(lang), search_fold(body)), 'B'))
          from texts), ''::tsvector)
        || setweight(to_tsvector('timeline_simple', search_fold(coalesce(names.body, ''))), 'A')
        || setweight(to_tsvector('english', search_fold(coalesce(names.body, ''))), 'A')
        || setweight(to_tsvector('german', search_fold(coalesce(names.body, ''))), 'A')
      from names
    $$
  `,
  `
  update events set search = event_search_document(id)
  `,
  `
  drop function event_texts_vector(jsonb, jsonb, text[], text[], text)
  `,
  `
  drop aggregate tsvector_agg(tsvector)
  `,
  `
  drop function actor_search_vector(jsonb, text[])
  `,
  `
  drop function actor_search_names(jsonb, text[])
  `,
];

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of downStatements) await sql.raw(statement).execute(db);
}
