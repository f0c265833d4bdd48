import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// The document of one text of an event (a title or summary in one language, a quote, the place) gets a function
// of its own, so that a bulk import can compute the documents of a whole file in one statement (one row per
// text, aggregated per event) instead of calling event_texts_vector once per event: each call of that function
// runs a small query of its own, which cost twice the documents' work. event_texts_vector uses it too, so both
// ways give the same document; no stored document changes (the function is the same expression as before).
const textVector = `
  create function search_text_vector(p_lang text, p_body text) returns tsvector
    language sql immutable parallel safe as $$
      select setweight(to_tsvector(search_config(p_lang), search_fold(p_body)), 'B')
    $$`;

const textsVector = (part: string) => `
  create or replace function event_texts_vector(
    p_title jsonb, p_summary jsonb, p_quotes text[], p_quote_langs text[], p_location_name text
  ) returns tsvector
    language sql immutable as $$
      select coalesce(tsvector_agg(${part} order by texts.part, texts.n), ''::tsvector)
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
    $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(textVector).execute(db);
  await sql.raw(textsVector('search_text_vector(texts.lang, texts.body)')).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(textsVector(`setweight(to_tsvector(search_config(texts.lang), search_fold(texts.body)), 'B')`))
    .execute(db);
  await sql.raw('drop function search_text_vector(text, text)').execute(db);
}
