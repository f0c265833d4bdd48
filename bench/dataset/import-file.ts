import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { syntheticActors } from './actors.ts';
import { syntheticEvents } from './events.ts';

/**
 * The data set as an import file: one EventInput per line (NDJSON), every event with a slug (the generator
 * gives one to 5 %, `ev-<n>` to the rest), relations by the target's slug. With `ids`, each row also carries
 * the event's UUID, as an export would.
 */
export async function writeImportFile(
  file: string,
  events: number,
  seed: number,
  options: { ids?: boolean } = {},
): Promise<{ rows: number; bytes: number }> {
  const actors = syntheticActors(seed);
  const out = createWriteStream(file);
  // Relations point at one of the last 1,000 events: remember that many slugs.
  const slugOf = new Map<string, string>();
  let buffer = '';
  let rows = 0;
  let bytes = 0;
  for (const e of syntheticEvents(events, seed, actors)) {
    const slug = e.slug ?? `ev-${rows}`;
    slugOf.set(e.id, slug);
    if (slugOf.size > 5000) slugOf.delete(slugOf.keys().next().value as string);
    const location =
      e.locationCountry === null
        ? undefined
        : { name: e.locationName, country: e.locationCountry, lat: e.locationLat, lon: e.locationLon };
    const row = {
      ...(options.ids ? { id: e.id } : {}),
      slug,
      type: e.type,
      status: e.status,
      title: e.title,
      ...(Object.keys(e.summary).length > 0 ? { summary: e.summary } : {}),
      date: e.date.edtf,
      participants: e.participants,
      ...(location ? { location } : {}),
      ...(e.sources.length > 0
        ? {
            sources: e.sources.map((s) => ({
              title: s.title,
              publisher: s.publisher,
              url: s.url,
              published: s.published,
              lang: s.lang,
              ...(s.quote ? { quote: s.quote } : {}),
              ...(s.quotedActor ? { quoted_actor: s.quotedActor } : {}),
            })),
          }
        : {}),
      ...(e.tags.length > 0 ? { tags: e.tags } : {}),
      ...(e.relations.length > 0
        ? {
            relations: e.relations.flatMap((r) => {
              const target = slugOf.get(r.target);
              return target ? [{ kind: r.kind, event: target }] : [];
            }),
          }
        : {}),
    };
    buffer += `${JSON.stringify(row)}\n`;
    rows += 1;
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await finished(out);
  return { rows, bytes };
}
