import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { canonicalJson } from '../src/domain/canonical.ts';
import { createActor, replaceActor } from '../src/modules/actors/actors.commands.ts';
import { findActor } from '../src/modules/actors/actors.queries.ts';
import { type ActorInput, actorToInput, toApiActor } from '../src/modules/actors/actors.service.ts';
import {
  type EventInput,
  type UpsertOutcome,
  upsertEventBySlug,
} from '../src/modules/events/events.service.ts';

export const NRC_SEED = new URL('./nrc.json', import.meta.url);

interface SeedFile {
  actors: ActorInput[];
  events: (EventInput & { slug: string })[];
}

export type SeedReport = Record<'actors' | 'events', Record<UpsertOutcome, number>>;

/** Loads a seed file: actors by id, events by slug. Running it twice changes nothing. */
export async function seedDatabase(db: Kysely<Database>, file: URL = NRC_SEED): Promise<SeedReport> {
  const seed = JSON.parse(await readFile(file, 'utf8')) as SeedFile;
  const report: SeedReport = {
    actors: { created: 0, updated: 0, unchanged: 0 },
    events: { created: 0, updated: 0, unchanged: 0 },
  };
  const ctx = { apiKeyId: null };
  for (const input of seed.actors) {
    const existing = await findActor(db, input.id, true);
    if (!existing) {
      await createActor(db, input, ctx);
      report.actors.created += 1;
    } else if (
      existing.deleted_at ||
      canonicalJson(actorToInput(toApiActor(existing))) !== canonicalJson(withActorDefaults(input))
    ) {
      await replaceActor(db, existing, input, ctx);
      report.actors.updated += 1;
    } else {
      report.actors.unchanged += 1;
    }
  }
  for (const input of seed.events) {
    const { outcome } = await upsertEventBySlug(db, input, ctx);
    report.events[outcome] += 1;
  }
  return report;
}

function withActorDefaults(input: ActorInput): ActorInput {
  return { aliases: [], country: null, wikidata: null, affiliations: [], seat: null, ...input };
}
