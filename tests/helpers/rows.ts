import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../src/db/schema.ts';
import { parseEdtf } from '../../src/domain/edtf.ts';
import { dateColumns } from '../../src/modules/events/read/events.mapper.ts';

export interface EventSpec {
  date: string;
  slug?: string;
  type?: string;
  status?: 'held' | 'scheduled' | 'cancelled';
  participants?: { actor: string; role?: Role }[];
}

export interface StoredEvent {
  id: string;
  slug: string | null;
  edtf: string;
  se: string;
  sl: string;
  ee: string;
  el: string;
}

let sequence = 0;

/** A tag no other test uses, so a test sees only its own events. */
export function uniqueTag(prefix = 'gap'): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

/**
 * Inserts events straight into `events` (one statement), with the date columns the write path would derive:
 * fast enough for the property test, and exactly the rows gap queries read.
 */
export async function insertEvents(
  db: Kysely<Database>,
  tag: string,
  specs: EventSpec[],
): Promise<StoredEvent[]> {
  if (specs.length === 0) return [];
  const rows = specs.map((spec) => ({
    id: randomUUID(),
    slug: spec.slug ?? null,
    type: spec.type ?? 'meeting',
    status: spec.status ?? 'held',
    title: JSON.stringify({ en: `Meeting ${spec.date}` }),
    summary: '{}',
    tags: [tag],
    ...dateColumns(parseEdtf(spec.date)),
  }));
  await db.insertInto('events').values(rows).execute();
  const participants = specs.flatMap((spec, i) =>
    (spec.participants ?? []).map((p) => ({
      event_id: rows[i]!.id,
      actor_id: p.actor,
      role: p.role ?? 'party',
    })),
  );
  if (participants.length > 0) await db.insertInto('event_participants').values(participants).execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    edtf: row.edtf,
    se: row.start_earliest,
    sl: row.start_latest,
    ee: row.end_earliest,
    el: row.end_latest,
  }));
}

/** An actor of the test's own, so actor filters see only the test's events. */
export async function insertActor(db: Kysely<Database>, id: string): Promise<string> {
  await db
    .insertInto('actors')
    .values({ id, kind: 'body', name: JSON.stringify({ en: id }), aliases: [], affiliations: '[]' })
    .execute();
  return id;
}
