import type { Db } from '../../db/schema.ts';
import {
  inWriteTransaction,
  onCurrentVersion,
  type ResourceVersion,
  type Versioned,
  type WriteContext,
} from '../../db/transaction.ts';
import { parseEdtf } from '../../domain/edtf.ts';
import { placeProblems } from '../../domain/geo.ts';
import { applyMergePatch } from '../../http/content-types.ts';
import { Problem, type ProblemDetail } from '../../http/problem.ts';
import type { PatchCommand, RemoveCommand } from '../../http/write-route.ts';
import { refreshEventSearch } from '../events/events.service.ts';
import { recordRevision } from '../revisions/revisions.service.ts';
import {
  actorIsReferenced,
  eventIdsOfActor,
  findActor,
  insertActor,
  markActorDeleted,
  updateActorRow,
} from './actors.queries.ts';
import { type ActorInput, type ApiActor, actorToInput, toApiActor } from './actors.service.ts';

// Writing actors: each write and its revision in one transaction.

function validateActor(input: ActorInput): void {
  const errors: ProblemDetail[] = [];
  if (input.seat) {
    for (const p of placeProblems(input.seat)) {
      errors.push({ detail: p.detail, pointer: `/seat/${p.member}`, in: 'body' });
    }
  }
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
    seat: input.seat ? JSON.stringify(input.seat) : null,
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
  validateActor(input);
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
    await recordRevision(tx, 'actor', 'create', actor, actor, ctx);
    return actor;
  });
}

/** Replaces an actor's content (reviving a deleted one); 412 when `current` is no longer its version. */
export async function replaceActor(
  db: Db,
  current: ResourceVersion,
  input: ActorInput,
  ctx: WriteContext,
): Promise<ApiActor> {
  validateActor(input);
  return inWriteTransaction(db, async (tx) => {
    const row = await updateActorRow(tx, current.id, actorRow(input), current.version);
    if (!row) throw staleActor(current.id)(current.version);
    const actor = toApiActor(row);
    // Names and aliases are part of every event's full-text document.
    await refreshEventSearch(tx, await eventIdsOfActor(tx, current.id));
    await recordRevision(tx, 'actor', 'update', actor, actor, ctx);
    return actor;
  });
}

/** Soft-deletes an actor no live event refers to; fails with 412 when `current` is no longer its version. */
export async function deleteActor(db: Db, current: ResourceVersion, ctx: WriteContext): Promise<void> {
  await inWriteTransaction(db, async (tx) => {
    if (await actorIsReferenced(tx, current.id)) {
      throw new Problem(
        'conflict',
        `Actor "${current.id}" still takes part in events: remove it from them (or delete them) first`,
      );
    }
    const row = await markActorDeleted(tx, current.id, current.version);
    if (!row) throw staleActor(current.id)(current.version);
    await recordRevision(tx, 'actor', 'delete', row, toApiActor(row), ctx);
  });
}

/** An actor as a conditional write finds it. */
const actorNamed = (db: Db, id: string): Versioned<ApiActor> => ({
  load: async () => {
    const row = await findActor(db, id);
    if (!row) throw new Problem('notFound', `No actor "${id}": list actors with GET /v1/actors?q=…`);
    return toApiActor(row);
  },
  stale: staleActor(id),
});

/**
 * Applies a JSON merge patch (RFC 7396) to the actor's input representation (its id cannot change),
 * honouring If-Match.
 */
export const patchActor: PatchCommand<ActorInput, ApiActor> = (db, id, patch, condition, ctx) =>
  onCurrentVersion(actorNamed(db, id), condition, (current) =>
    replaceActor(
      db,
      current,
      { ...condition.validate(applyMergePatch(actorToInput(current), patch)), id },
      ctx,
    ),
  );

/** Soft-deletes an actor no live event refers to, honouring If-Match. */
export const removeActor: RemoveCommand = (db, id, condition, ctx) =>
  onCurrentVersion(actorNamed(db, id), condition, (current) => deleteActor(db, current, ctx));
