import { sql } from 'kysely';
import type { Db } from '../../../db/schema.ts';

type LanguageMap = Record<string, string>;

/** The labels of event types and the names of actors, by code and id, for texts that name them (TimelineJS). */
export async function labelsOf(
  db: Db,
  typeCodes: string[],
  actorIds: string[],
): Promise<{ types: Record<string, LanguageMap>; actors: Record<string, LanguageMap> }> {
  const [types, actors] = await Promise.all([
    typeCodes.length === 0
      ? []
      : db
          .selectFrom('event_types')
          .select(['code', 'label'])
          .where('code', '=', sql<string>`any(${typeCodes}::text[])`)
          .execute(),
    actorIds.length === 0
      ? []
      : db
          .selectFrom('actors')
          .select(['id', 'name'])
          .where('id', '=', sql<string>`any(${actorIds}::text[])`)
          .execute(),
  ]);
  return {
    types: Object.fromEntries(types.map((t) => [t.code, t.label as LanguageMap])),
    actors: Object.fromEntries(actors.map((a) => [a.id, a.name as LanguageMap])),
  };
}
