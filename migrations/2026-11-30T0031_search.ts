import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// Search that finds: every text is indexed with the stemming of its own language (title and summary entries by
// their language tag, quotes by their source's language), so an English stop word such as "the" is not kept
// as a German word of English texts; names are indexed verbatim (and stemmed in English and German) without
// English or German stop words; accents are folded on both sides (désarmement = desarmement), by translate()
// in an immutable function so that PGlite needs no unaccent extension.
const FOLD_FROM =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹØøĐđĦħıŁłŦŧÐðĿŀЁё';
const FOLD_TO =
  'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYyOoDdHhiLlTtDdLlЕе';

const statements: string[] = [
  `
  set local statement_timeout = 0
  `,
  `
  -- Accents off, ß and ligatures spelled out; the same on documents and queries.
  create function search_fold(p_text text) returns text
    language sql immutable parallel safe as $$
      select translate(
        replace(replace(replace(replace(replace(replace(replace(p_text,
          'ß', 'ss'), 'ẞ', 'SS'), 'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ﬁ', 'fi'),
        '${FOLD_FROM}', '${FOLD_TO}')
    $$
  `,
  `
  -- Names and texts of other languages: words as written, without English and German stop words.
  create text search dictionary timeline_stop_en (template = pg_catalog.simple, stopwords = english, accept = false)
  `,
  `
  create text search dictionary timeline_stop_de (template = pg_catalog.simple, stopwords = german, accept = true)
  `,
  `
  create text search configuration timeline_simple (copy = pg_catalog.simple)
  `,
  `
  alter text search configuration timeline_simple
    alter mapping for asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part,
      hword_numpart
    with timeline_stop_en, timeline_stop_de
  `,
  `
  -- The stemming for a BCP 47 language tag.
  create function search_config(p_lang text) returns regconfig
    language sql immutable parallel safe as $$
      select (case lower(split_part(coalesce(p_lang, ''), '-', 1))
        when 'en' then 'english' when 'de' then 'german' when 'fr' then 'french' when 'es' then 'spanish'
        when 'it' then 'italian' when 'ru' then 'russian' else 'timeline_simple' end)::regconfig
    $$
  `,
  `
  create aggregate search_concat(tsvector) (sfunc = tsvector_concat, stype = tsvector, initcond = '')
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
  create or replace function actor_search_document(p_name jsonb, p_aliases text[], p_id text) returns tsvector
    language sql immutable as $$
      select to_tsvector('simple', search_fold(
        coalesce((select string_agg(value, ' ') from jsonb_each_text(p_name)), '')
          || ' ' || array_to_string(p_aliases, ' ') || ' ' || replace(p_id, '-', ' ')))
    $$
  `,
  `
  -- Rebuild the stored documents: events by the function, actors' generated column by rewriting the rows.
  update events set search = event_search_document(id)
  `,
  `
  update actors set aliases = aliases
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes a single command at a time.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function actor_search_document(p_name jsonb, p_aliases text[], p_id text) returns tsvector
      language sql immutable as $$
        select to_tsvector('simple', coalesce((select string_agg(value, ' ') from jsonb_each_text(p_name)), '')
          || ' ' || array_to_string(p_aliases, ' ') || ' ' || replace(p_id, '-', ' '))
      $$
  `.execute(db);
  await sql`update actors set aliases = aliases`.execute(db);
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
  await sql`update events set search = event_search_document(id)`.execute(db);
  await sql`drop aggregate if exists search_concat(tsvector)`.execute(db);
  await sql`drop function if exists search_config(text)`.execute(db);
  await sql`drop text search configuration if exists timeline_simple`.execute(db);
  await sql`drop text search dictionary if exists timeline_stop_de`.execute(db);
  await sql`drop text search dictionary if exists timeline_stop_en`.execute(db);
  await sql`drop function if exists search_fold(text)`.execute(db);
}
