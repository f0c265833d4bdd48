import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { inWriteTransaction, onCurrentVersion } from '../../db/transaction.ts';
import { parseEdtf } from '../../domain/edtf.ts';
import { applyMergePatch } from '../../http/content-types.ts';
import type { CursorCodec } from '../../http/cursor.ts';
import { Problem, type ProblemDetail } from '../../http/problem.ts';
import { refreshEventSearch } from '../events/events.service.ts';
import { insertRevision } from '../revisions/revisions.queries.ts';
import {
  type ActorRecord,
  actorIsReferenced,
  actorStats,
  eventIdsOfActor,
  findActor,
  insertActor,
  listActorRows,
  markActorDeleted,
  updateActorRow,
} from './actors.queries.ts';
import type { ActorDetailSchema, ActorInputSchema, ActorSchema } from './actors.schemas.ts';

export type ApiActor = Static<typeof ActorSchema>;
export type ActorInput = Static<typeof ActorInputSchema>;
type WriteContext = { apiKeyId: string | null };

export function toApiActor(row: ActorRecord): ApiActor {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    aliases: row.aliases,
    country: row.country,
    wikidata: row.wikidata,
    affiliations: row.affiliations.map((a) => ({
      actor: a.actor,
      ...(a.role ? { role: a.role } : {}),
      ...(a.date ? { date: a.date } : {}),
    })),
    version: row.version,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export async function getActor(db: Db, id: string): Promise<Static<typeof ActorDetailSchema>> {
  const row = await findActor(db, id);
  if (!row) throw new Problem('notFound', `No actor "${id}": list actors with GET /v1/actors?q=…`);
  const stats = await actorStats(db, id);
  const ref = (e: typeof stats.first) => (e ? { id: e.id, slug: e.slug, date: e.edtf } : null);
  return {
    ...toApiActor(row),
    stats: {
      events: stats.total,
      by_type: Object.fromEntries(stats.byType.map((t) => [t.type, t.n])),
      first_event: ref(stats.first),
      last_event: ref(stats.last),
    },
  };
}

export interface ActorListParams {
  q?: string;
  kind?: string[];
  limit?: number;
  cursor?: string;
}

export async function listActors(db: Db, codec: CursorCodec, params: ActorListParams) {
  const limit = params.limit ?? 50;
  const kinds = [...new Set((params.kind ?? []).flatMap((k) => k.split(',')))].sort();
  const q = params.q?.trim() || null;
  const queryKey = JSON.stringify({ kinds, q });
  const after = params.cursor ? String(codec.decode(params.cursor, queryKey)[0]) : null;
  const rows = await listActorRows(db, { q, kinds, after, limit });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(toApiActor),
    next_cursor: rows.length > limit && last ? codec.encode([last.id], queryKey) : null,
  };
}

function validateAffiliations(input: ActorInput): void {
  const errors: ProblemDetail[] = [];
  (input.affiliations ?? []).forEach((a, i) => {
    if (a.date) {
      try {
        parseEdtf(a.date);
      } catch (error) {
        errors.push({ detail: (error as Error).message, pointer: `/affiliations/${i}/date`, in: 'body' });
      }
    }
  });
  if (errors.length > 0)
    throw new Problem(
      'validation',
      errors.map((e) => `${e.pointer.slice(1)}: ${e.detail}`).join('; '),
      errors,
    );
}

function actorRow(input: ActorInput) {
  return {
    kind: input.kind,
    name: JSON.stringify(input.name),
    aliases: input.aliases ?? [],
    country: input.country ?? null,
    wikidata: input.wikidata ?? null,
    affiliations: JSON.stringify(
      (input.affiliations ?? []).map((a) => ({ actor: a.actor, role: a.role ?? null, date: a.date ?? null })),
    ),
  };
}

export function actorToInput(actor: ApiActor): ActorInput {
  return {
    id: actor.id,
    kind: actor.kind,
    name: actor.name,
    aliases: actor.aliases,
    country: actor.country,
    wikidata: actor.wikidata,
    affiliations: actor.affiliations,
  };
}

function staleActor(id: string) {
  return (expectedVersion: number) =>
    new Problem(
      'preconditionFailed',
      `Actor "${id}" changed since version ${expectedVersion}: GET it again and retry`,
    );
}

/** Creates an actor and its first revision, in one transaction (the caller's, when given one). */
export async function createActor(db: Db, input: ActorInput, ctx: WriteContext): Promise<ApiActor> {
  validateAffiliations(input);
  return inWriteTransaction(db, async (tx) => {
    const existing = await findActor(tx, input.id, true);
    if (existing) {
      throw new Problem(
        'conflict',
        `id: actor "${input.id}" already exists${existing.deleted_at ? ' (deleted)' : ''}`,
        [{ detail: 'already exists', pointer: '/id', in: 'body' }],
      );
    }
    const actor = toApiActor(await insertActor(tx, { id: input.id, ...actorRow(input) }));
    await insertRevision(tx, {
      entity: 'actor',
      entity_id: actor.id,
      version: actor.version,
      operation: 'create',
      snapshot: actor,
      api_key_id: ctx.apiKeyId,
    });
    return actor;
  });
}

export async function replaceActor(
  db: Db,
  id: string,
  input: ActorInput,
  expectedVersion: number,
  ctx: WriteContext,
): Promise<ApiActor> {
  validateAffiliations(input);
  return inWriteTransaction(db, async (tx) => {
    const row = await updateActorRow(tx, id, actorRow(input), expectedVersion);
    if (!row) throw staleActor(id)(expectedVersion);
    const actor = toApiActor(row);
    // Names and aliases are part of every event's full-text document.
    await refreshEventSearch(tx, await eventIdsOfActor(tx, id));
    await insertRevision(tx, {
      entity: 'actor',
      entity_id: id,
      version: actor.version,
      operation: 'update',
      snapshot: actor,
      api_key_id: ctx.apiKeyId,
    });
    return actor;
  });
}

export async function deleteActor(
  db: Db,
  id: string,
  expectedVersion: number,
  ctx: WriteContext,
): Promise<void> {
  await inWriteTransaction(db, async (tx) => {
    if (await actorIsReferenced(tx, id)) {
      throw new Problem(
        'conflict',
        `Actor "${id}" still takes part in events: remove it from them (or delete them) first`,
      );
    }
    const row = await markActorDeleted(tx, id, expectedVersion);
    if (!row) throw staleActor(id)(expectedVersion);
    await insertRevision(tx, {
      entity: 'actor',
      entity_id: id,
      version: row.version,
      operation: 'delete',
      snapshot: toApiActor(row),
      api_key_id: ctx.apiKeyId,
    });
  });
}

async function currentActor(db: Db, id: string): Promise<ApiActor> {
  const row = await findActor(db, id);
  if (!row) throw new Problem('notFound', `No actor "${id}": list actors with GET /v1/actors?q=…`);
  return toApiActor(row);
}

/**
 * Applies a JSON merge patch (RFC 7396) to the actor's input representation (its id cannot change);
 * `validate` checks the merged document as a POST body is checked. Honours If-Match.
 */
export async function patchActor(
  db: Db,
  id: string,
  patch: unknown,
  condition: { expectedVersion?: number; validate: (document: unknown) => ActorInput },
  ctx: WriteContext,
): Promise<ApiActor> {
  return onCurrentVersion(
    () => currentActor(db, id),
    condition.expectedVersion,
    staleActor(id),
    async (current) => {
      const merged = condition.validate(applyMergePatch(actorToInput(current), patch));
      return replaceActor(db, id, { ...merged, id }, current.version, ctx);
    },
  );
}

/** Soft-deletes an actor no live event refers to, honouring If-Match. */
export async function removeActor(
  db: Db,
  id: string,
  condition: { expectedVersion?: number },
  ctx: WriteContext,
): Promise<void> {
  await onCurrentVersion(
    () => currentActor(db, id),
    condition.expectedVersion,
    staleActor(id),
    (current) => deleteActor(db, id, current.version, ctx),
  );
}
