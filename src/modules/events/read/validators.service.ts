import type { Db } from '../../../db/schema.ts';
import { weakDigestEtag } from '../../../http/conditional.ts';
import { type EventFilterQuery, normalizeFilters } from '../event-filters.ts';
import { matchingSetFingerprint } from './fingerprint.queries.ts';
import { csvHeader } from './formats.mapper.ts';

// The CSV's fixed columns stand for the layout (its language columns follow the data, whose versions the
// fingerprint holds): a release that changes the columns changes every ETag.
const CSV_LAYOUT = csvHeader({ title: [], summary: [] });

/**
 * The ETag of a streamed export (CSV, NDJSON), known before its first byte: a digest of the request (the
 * format, the language and the query as sent) and of the matching set's fingerprint. Pages and reports, which
 * are in memory before they are sent, take a digest of their body instead (sendWithBodyEtag).
 */
export async function exportEtag(db: Db, query: EventFilterQuery, variant: string): Promise<string> {
  const f = await matchingSetFingerprint(db, normalizeFilters(query));
  return weakDigestEtag([variant, CSV_LAYOUT, f.count, f.events, f.actors, f.targets]);
}
