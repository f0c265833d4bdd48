import type { Db } from '../../../db/schema.ts';
import type { WriteContext } from '../../../db/transaction.ts';
import { Problem } from '../../../http/problem.ts';
import { insertRevisions } from '../../revisions/revisions.service.ts';
import { type ApiEvent, toApiEvents } from '../read/events.mapper.ts';
import type { EventRecord } from '../read/page.queries.ts';
import {
  checkEvent,
  type EventInput,
  linksOf,
  loadEventLookups,
  type PreparedEvent,
  sameContent,
} from './prepare.service.ts';
import {
  findEventsBySlugs,
  insertEvents,
  refreshEventSearch,
  replaceEventLinks,
  updateEventRow,
} from './write.queries.ts';

export type SlugInput = EventInput & { slug: string };
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** A row of a batch that cannot be written; `index` is its position in the batch. */
export class BatchRowError extends Error {
  constructor(
    readonly index: number,
    readonly problem: Problem,
  ) {
    super(problem.message);
  }
}

export function slugTaken(slug: string): Problem {
  return new Problem(
    'conflict',
    `slug: "${slug}" is already used by another event (deleted events keep their slug)`,
    [{ detail: 'already used', pointer: '/slug', in: 'body' }],
  );
}

/** Turns a concurrent writer's unique-slug violation into the 409 the slug check gives in calmer times. */
export async function slugGuarded<T>(slug: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const e = error as { code?: string; constraint?: string; detail?: string };
    const named = /^Key \(slug\)=\((.*)\) already exists/.exec(e.detail ?? '')?.[1];
    if (e.code === '23505' && (named || e.constraint === 'events_slug_key'))
      throw slugTaken(named ?? slug ?? '');
    throw error;
  }
}

interface Written {
  index: number;
  record: EventRecord;
  prepared: PreparedEvent;
  operation: 'create' | 'update';
}

/**
 * Creates the events whose slug is new and replaces those whose content differs, in the caller's
 * transaction, with a few statements per batch rather than per event. Relations may point to events
 * that exist before the batch starts. Throws BatchRowError for the first row that cannot be written.
 */
export async function upsertEventsBySlug(
  tx: Db,
  inputs: SlugInput[],
  ctx: WriteContext,
): Promise<{ event: ApiEvent; outcome: UpsertOutcome }[]> {
  const existingRows = await findEventsBySlugs(tx, [...new Set(inputs.map((i) => i.slug))]);
  const bySlug = new Map(existingRows.map((r) => [r.slug as string, r]));
  const [current, lookups] = await Promise.all([
    toApiEvents(
      tx,
      existingRows.filter((r) => !r.deleted_at),
    ),
    loadEventLookups(tx, inputs),
  ]);
  const currentById = new Map(current.map((e) => [e.id, e]));

  const results: { event: ApiEvent; outcome: UpsertOutcome }[] = new Array(inputs.length);
  const creates: { index: number; prepared: PreparedEvent }[] = [];
  const updates: { index: number; record: EventRecord; prepared: PreparedEvent }[] = [];
  const batchSlugs = new Set<string>();
  inputs.forEach((input, index) => {
    const existing = bySlug.get(input.slug);
    if (existing?.deleted_at || batchSlugs.has(input.slug))
      throw new BatchRowError(index, slugTaken(input.slug));
    batchSlugs.add(input.slug);
    const check = checkEvent(input, lookups, existing?.id);
    if (!check.ok) throw new BatchRowError(index, check.problem);
    const now = existing && currentById.get(existing.id);
    if (!existing || !now) creates.push({ index, prepared: check.prepared });
    else if (sameContent(now, input, lookups)) results[index] = { event: now, outcome: 'unchanged' };
    else updates.push({ index, record: existing, prepared: check.prepared });
  });

  const written: Written[] = [];
  const rows = await slugGuarded(undefined, () =>
    insertEvents(
      tx,
      creates.map((c) => c.prepared.row),
    ),
  );
  const inserted = new Map(rows.map((r) => [r.slug as string, r]));
  for (const c of creates) {
    const record = inserted.get(inputs[c.index]?.slug as string);
    if (!record) throw new Error('inserted event vanished');
    written.push({ ...c, record, operation: 'create' });
  }
  for (const u of updates) {
    const record = await updateEventRow(tx, u.record.id, u.prepared.row, u.record.version);
    if (!record) throw new BatchRowError(u.index, staleVersion(u.record.version));
    written.push({ ...u, record, operation: 'update' });
  }
  if (written.length === 0) return results;

  await replaceEventLinks(
    tx,
    written.filter((w) => w.operation === 'update').map((w) => w.record.id),
    linksOf(written.map((w) => ({ id: w.record.id, links: w.prepared.links }))),
  );
  await refreshEventSearch(
    tx,
    written.map((w) => w.record.id),
  );
  const events = await toApiEvents(
    tx,
    written.map((w) => w.record),
  );
  await insertRevisions(
    tx,
    written.map((w, i) => ({
      entity: 'event' as const,
      entity_id: w.record.id,
      version: w.record.version,
      operation: w.operation,
      snapshot: events[i],
      api_key_id: ctx.apiKeyId,
    })),
  );
  written.forEach((w, i) => {
    results[w.index] = {
      event: events[i] as ApiEvent,
      outcome: w.operation === 'create' ? 'created' : 'updated',
    };
  });
  return results;
}

export function staleVersion(expectedVersion: number): Problem {
  return new Problem(
    'preconditionFailed',
    `The event changed since version ${expectedVersion}: GET it again, re-apply your change and send the new ETag in If-Match`,
  );
}
