import { type Insertable, sql } from 'kysely';
import type { ActorsTable, Db } from '../../db/schema.ts';
import { searchWords } from '../../domain/search-query.ts';

const actorColumns = [
  'actors.id',
  'actors.kind',
  'actors.name',
  'actors.aliases',
  'actors.country',
  'actors.wikidata',
  'actors.affiliations',
  'actors.seat',
  'actors.version',
  'actors.created_at',
  'actors.updated_at',
  'actors.deleted_at',
] as const;

export function findActor(db: Db, id: string, includeDeleted = false) {
  let q = db.selectFrom('actors').select(actorColumns).where('actors.id', '=', id);
  if (!includeDeleted) q = q.where('actors.deleted_at', 'is', null);
  return q.executeTakeFirst();
}

export type ActorRecord = NonNullable<Awaited<ReturnType<typeof findActor>>>;

export interface ActorListQuery {
  q: string | null;
  kinds: string[];
  after: string | null;
  limit: number;
}

/** Actors by id order, optionally matching a name/alias prefix search. */
export function listActorRows(db: Db, query: ActorListQuery) {
  let q = db.selectFrom('actors').select(actorColumns).where('actors.deleted_at', 'is', null);
  if (query.kinds.length > 0) q = q.where('actors.kind', 'in', query.kinds as ActorsTable['kind'][]);
  if (query.q) q = q.where(sql<boolean>`actors.search @@ ${prefixQuery(query.q)}`);
  if (query.after) q = q.where('actors.id', '>', query.after);
  return q
    .orderBy('actors.id')
    .limit(query.limit + 1)
    .execute();
}

/**
 * Every word of the search as a prefix: `stolt` finds Stoltenberg, `russ` finds Russland, `Nato-Russland` the
 * council; accents are ignored. Punctuation only separates words, so no input is a tsquery syntax error; a
 * search without any word matches nothing.
 */
function prefixQuery(text: string) {
  const words = searchWords(text);
  if (words.length === 0) return sql`''::tsquery`;
  return sql`(${sql.join(
    words.map((w) => sql`to_tsquery('simple', search_fold(${w}) || ':*')`),
    sql` && `,
  )})`;
}

export async function actorStats(db: Db, id: string) {
  const byType = await db
    .selectFrom('event_participants as p')
    .innerJoin('events as e', 'e.id', 'p.event_id')
    .select(['e.type', sql<number>`count(distinct e.id)::int`.as('n')])
    .where('p.actor_id', '=', id)
    .where('e.deleted_at', 'is', null)
    .groupBy('e.type')
    .execute();
  const edge = (order: 'asc' | 'desc') =>
    db
      .selectFrom('event_participants as p')
      .innerJoin('events as e', 'e.id', 'p.event_id')
      .select(['e.id', 'e.slug', 'e.edtf'])
      .where('p.actor_id', '=', id)
      .where('e.deleted_at', 'is', null)
      .orderBy('e.start_earliest', order)
      .orderBy('e.id', order)
      .limit(1)
      .executeTakeFirst();
  const [first, last, total] = await Promise.all([
    edge('asc'),
    edge('desc'),
    db
      .selectFrom('event_participants as p')
      .innerJoin('events as e', 'e.id', 'p.event_id')
      .select(sql<number>`count(distinct e.id)::int`.as('n'))
      .where('p.actor_id', '=', id)
      .where('e.deleted_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { byType, first, last, total: total.n };
}

export function insertActor(db: Db, row: Insertable<ActorsTable>) {
  return db.insertInto('actors').values(row).returning(actorColumns).executeTakeFirstOrThrow();
}

export function updateActorRow(
  db: Db,
  id: string,
  row: Omit<Insertable<ActorsTable>, 'id'>,
  version: number,
) {
  return db
    .updateTable('actors')
    .set({
      ...row,
      version: version + 1,
      updated_at: sql`now()`,
      deleted_at: null,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(actorColumns)
    .executeTakeFirst();
}

export function markActorDeleted(db: Db, id: string, version: number) {
  return db
    .updateTable('actors')
    .set({ deleted_at: sql`now()`, version: version + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returning(actorColumns)
    .executeTakeFirst();
}

export async function eventIdsOfActor(db: Db, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('event_participants')
    .select('event_id')
    .distinct()
    .where('actor_id', '=', id)
    .execute();
  return rows.map((r) => r.event_id);
}

export async function actorIsReferenced(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('event_participants as p')
    .innerJoin('events as e', 'e.id', 'p.event_id')
    .select('p.event_id')
    .where('p.actor_id', '=', id)
    .where('e.deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
