import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// A `q` is read in seven stemmings and the readings are OR-ed: for one word that is seven copies of two or
// three distinct lexemes. PostgreSQL estimates an OR of terms as if they were independent, so the copies made
// a rare word look several times commoner than it is (905 rows estimated in a decade for 169 at 1M events),
// and the planner walked the timeline index for it instead of taking its few matches from the text index
// (1.2 s against 2–20 ms). search_query_any ORs the distinct readings only: the same matches, an honest
// estimate. PL/pgSQL and IMMUTABLE, so that the planner evaluates it on constant arguments and sees the
// resulting tsquery (an SQL function would be inlined as a subquery the planner cannot look into).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function search_query_any(readings tsquery[]) returns tsquery
    language plpgsql immutable strict parallel safe as $$
    begin
      return (
        select coalesce(string_agg(distinct '(' || r::text || ')', ' | '), '')::tsquery
        from unnest(readings) as r
        where numnode(r) > 0
      );
    end
    $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists search_query_any(tsquery[])`.execute(db);
}
