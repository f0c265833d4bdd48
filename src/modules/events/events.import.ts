import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { WriteContext } from '../../db/transaction.ts';
import { Problem } from '../../http/problem.ts';
import {
  eventInputErrors,
  type ImportLineError,
  type ImportRow,
  type ImportSource,
  readImportRows,
} from './events.import-rows.ts';
import { checkEvent, type EventInput, type EventLookups, loadEventLookups } from './write/prepare.service.ts';
import { BatchRowError, type SlugInput, upsertEventsBySlug } from './write/upsert.commands.ts';
import { findEventsBySlugs } from './write/write.queries.ts';

export type { ImportFormat, ImportLineError, ImportSource } from './events.import-rows.ts';

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  dry_run: boolean;
}

export interface ImportProgress {
  phase: 'validate' | 'write';
  rows: number;
}

export interface ImportOptions {
  dryRun: boolean;
  ctx: WriteContext;
  onProgress?: (progress: ImportProgress) => void;
  progressEvery?: number;
}

/** Rows checked and written per round trip: large enough to amortise, small enough for short statements. */
const BATCH_SIZE = 500;

interface GoodRow {
  line: number;
  input: SlugInput;
}

class DryRunRollback extends Error {}

/**
 * Imports events by slug, all or nothing. Pass 1 reads the whole file and checks every row (schema, dates,
 * types, actors, related events, duplicate slugs), collecting every bad line; if any is bad nothing is
 * written and the 422 lists them all. Pass 2 reads the file again and upserts every row in one
 * transaction, in batches; a dry run rolls that transaction back. Either pass holds one batch at a time.
 */
export async function importEvents(
  db: Kysely<Database>,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportReport> {
  const { rows, errors } = await validateImport(db, source, options);
  if (errors.length > 0) {
    const badLines = new Set(errors.map((e) => e.line)).size;
    throw new Problem(
      'unprocessable',
      `${badLines} of ${rows} rows are invalid; nothing was written. Fix the lines listed in errors and import again.`,
      errors.sort((a, b) => a.line - b.line),
    );
  }
  const report: ImportReport = { rows, created: 0, updated: 0, unchanged: 0, dry_run: options.dryRun };
  try {
    await db.transaction().execute(async (tx) => {
      await writeImport(tx, source, options, report);
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return report;
}

function reporter(options: ImportOptions, phase: ImportProgress['phase']) {
  const every = options.progressEvery ?? 5000;
  return (rows: number) => {
    if (options.onProgress && rows % every === 0) options.onProgress({ phase, rows });
  };
}

function schemaCheck(
  row: ImportRow,
): { input: EventInput; pointerOf: (pointer: string) => string } | { errors: ImportLineError[] } {
  if ('errors' in row) return { errors: row.errors };
  const found = eventInputErrors(row.value);
  if (found.length > 0) {
    return {
      errors: found.map((e) => ({
        line: row.line,
        pointer: row.pointerOf(e.pointer),
        detail: e.detail,
        in: 'body',
      })),
    };
  }
  return { input: row.value as EventInput, pointerOf: row.pointerOf };
}

async function validateImport(
  db: Kysely<Database>,
  source: ImportSource,
  options: ImportOptions,
): Promise<{ rows: number; errors: ImportLineError[] }> {
  const errors: ImportLineError[] = [];
  const slugLines = new Map<string, number>();
  const progress = reporter(options, 'validate');
  let batch: (GoodRow & { pointerOf: (p: string) => string })[] = [];
  let rows = 0;
  for await (const row of readImportRows(source)) {
    rows += 1;
    progress(rows);
    const checked = schemaCheck(row);
    if ('errors' in checked) {
      errors.push(...checked.errors);
      continue;
    }
    const slug = checked.input.slug;
    if (!slug) {
      errors.push({
        line: row.line,
        pointer: checked.pointerOf('/slug'),
        detail: 'required: import rows are matched by slug',
        in: 'body',
      });
      continue;
    }
    const earlier = slugLines.get(slug);
    if (earlier !== undefined) {
      errors.push({
        line: row.line,
        pointer: checked.pointerOf('/slug'),
        detail: `"${slug}" is already on line ${earlier}`,
        in: 'body',
      });
      continue;
    }
    slugLines.set(slug, row.line);
    batch.push({ line: row.line, input: { ...checked.input, slug }, pointerOf: checked.pointerOf });
    if (batch.length >= BATCH_SIZE) {
      errors.push(...(await checkAgainstDatabase(db, batch, slugLines)));
      batch = [];
    }
  }
  errors.push(...(await checkAgainstDatabase(db, batch, slugLines)));
  return { rows, errors };
}

/** The database checks of a batch, with relations allowed to events on earlier lines of the file. */
async function checkAgainstDatabase(
  db: Kysely<Database>,
  batch: (GoodRow & { pointerOf: (p: string) => string })[],
  slugLines: Map<string, number>,
): Promise<ImportLineError[]> {
  if (batch.length === 0) return [];
  const inputs = batch.map((b) => b.input);
  const [lookups, existing] = await Promise.all([
    loadEventLookups(db, inputs),
    findEventsBySlugs(
      db,
      inputs.map((i) => i.slug),
    ),
  ]);
  const bySlug = new Map(existing.map((e) => [e.slug as string, e]));
  const errors: ImportLineError[] = [];
  for (const { line, input, pointerOf } of batch) {
    const lineError = (pointer: string, detail: string) =>
      errors.push({ line, pointer: pointerOf(pointer), detail, in: 'body' });
    const stored = bySlug.get(input.slug);
    if (stored?.deleted_at) {
      lineError(
        '/slug',
        `"${input.slug}" belongs to a deleted event (deleted events keep their slug): choose another`,
      );
      continue;
    }
    const selfId = stored?.id ?? `line:${line}`;
    const check = checkEvent(input, withEarlierLines(lookups, input, line, selfId, slugLines), selfId);
    if (check.ok) continue;
    for (const e of check.problem.errors ?? [{ pointer: '', detail: check.problem.message }]) {
      const index = /^\/relations\/(\d+)\/event$/.exec(e.pointer)?.[1];
      const ref = index === undefined ? undefined : input.relations?.[Number(index)]?.event;
      const later = ref === undefined ? undefined : slugLines.get(ref);
      lineError(
        e.pointer,
        later !== undefined && later > line
          ? `event "${ref}" comes later in the file (line ${later}): put it before this line`
          : e.detail,
      );
    }
  }
  return errors;
}

function withEarlierLines(
  lookups: EventLookups,
  input: SlugInput,
  line: number,
  selfId: string,
  slugLines: Map<string, number>,
): EventLookups {
  const fromFile = (input.relations ?? [])
    .map((r) => r.event)
    .filter((ref) => !lookups.events.has(ref) && ((slugLines.get(ref) ?? line) < line || ref === input.slug));
  if (fromFile.length === 0) return lookups;
  const events = new Map(lookups.events);
  for (const ref of fromFile) events.set(ref, ref === input.slug ? selfId : `line:${slugLines.get(ref)}`);
  return { ...lookups, events };
}

async function writeImport(
  tx: Parameters<typeof upsertEventsBySlug>[0],
  source: ImportSource,
  options: ImportOptions,
  report: ImportReport,
): Promise<void> {
  const progress = reporter(options, 'write');
  let batch: GoodRow[] = [];
  const batchSlugs = new Set<string>();
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      const results = await upsertEventsBySlug(
        tx,
        batch.map((b) => b.input),
        options.ctx,
      );
      for (const r of results) report[r.outcome] += 1;
    } catch (error) {
      if (!(error instanceof BatchRowError)) throw error;
      const line = batch[error.index]?.line ?? 0;
      throw new Problem(
        error.problem.code,
        `line ${line}: ${error.problem.message}; nothing was written`,
        (error.problem.errors ?? []).map((e) => ({ ...e, line })),
      );
    }
    batch = [];
    batchSlugs.clear();
  };
  for await (const row of readImportRows(source)) {
    rows += 1;
    progress(rows);
    const checked = schemaCheck(row);
    if ('errors' in checked || !checked.input.slug) {
      throw new Problem(
        'conflict',
        `line ${row.line} changed while it was being imported: import the file again`,
      );
    }
    const input = { ...checked.input, slug: checked.input.slug };
    // A relation to an event created earlier in this batch needs that event written first.
    if ((input.relations ?? []).some((r) => batchSlugs.has(r.event))) await flush();
    batch.push({ line: row.line, input });
    batchSlugs.add(input.slug);
    if (batch.length >= BATCH_SIZE) await flush();
  }
  await flush();
}
