import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Static } from 'typebox';
import { Problem } from '../../../http/problem.ts';
import { displayJson } from '../write/date-displays.ts';
import { copyLine } from './import.copy.ts';
import type { ImportFormat } from './import.formats.ts';
import {
  apiDateJson,
  ORDER,
  type RowError,
  STAGED_EVENT_COLUMNS,
  STAGED_PARTICIPANT_COLUMNS,
  STAGED_RELATION_COLUMNS,
  STAGED_SOURCE_COLUMNS,
  stageRow,
} from './import.rows.ts';
import {
  type ImportProgressSchema,
  type ImportReportSchema,
  MAX_LISTED_DIFFERENCES,
  MAX_LISTED_ERRORS,
} from './import.schemas.ts';
import type { ImportSession } from './import.session.ts';
import {
  analyzeWritten,
  applyPlan,
  ConcurrentChange,
  collectErrors,
  createStagingTables,
  datesToWrite,
  deriveLineParts,
  deriveWrittenLineParts,
  dropStagingTables,
  plannedDifferences,
  planWrites,
  prepareStagedRows,
  readErrors,
  resolveTargets,
  type WriteStep,
} from './import.staging.queries.ts';

export type ImportReport = Static<typeof ImportReportSchema>;
export type ImportPhase = Static<typeof ImportProgressSchema>['phase'];

/** A file to import: read once, from start to end. */
export interface ImportSource {
  format: ImportFormat;
  open(): Readable;
  /** Its size in bytes, when known: progress then estimates the time left. */
  size?: number;
}

/** Where an import is; the pipeline updates it in place and calls `onProgress` after each change. */
export interface ImportCounters {
  phase: ImportPhase;
  /** While writing: the table being written. */
  step: WriteStep | null;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  errors: number;
  startedAt: number;
  /** When the file was read (ms since the epoch); 0 while it is being read. */
  readAt: number;
}

export interface ImportOptions {
  dryRun: boolean;
  apiKeyId: string | null;
  onProgress?: (counters: Readonly<ImportCounters>) => void;
}

export interface ImportOutcome extends ImportReport {
  /** The tables analyzed after writing (see analyzeWritten). */
  analyzed: string[];
}

/** A file with errors: the 422 lists the first MAX_LISTED_ERRORS and says how many there are. */
export class ImportProblem extends Problem {
  constructor(
    detail: string,
    errors: { line: number; pointer: string; detail: string }[],
    readonly errorCount: number,
  ) {
    super(
      'unprocessable',
      detail,
      errors.map((e) => ({ ...e, in: 'body' as const })),
    );
  }

  override toBody(instance?: string) {
    return { ...super.toBody(instance), error_count: this.errorCount };
  }
}

// Reading is CPU work between two awaits that resolve at once (a stream chunk holds thousands of rows): it
// gives the event loop back every few milliseconds, so that requests, health checks and pool connections
// are served during an import.
const SLICE_MS = 10;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// A batch is copied into the staging tables while the next one is read: two at most are in memory.
const BATCH_ROWS = 2000;
const BATCH_CHARACTERS = 1 << 20;

interface Batch {
  rows: number;
  firstLine: number;
  lastLine: number;
  characters: number;
  events: string[];
  participants: string[];
  sources: string[];
  relations: string[];
}

const emptyBatch = (): Batch => ({
  rows: 0,
  firstLine: 0,
  lastLine: 0,
  characters: 0,
  events: [],
  participants: [],
  sources: [],
  relations: [],
});

async function copyBatch(session: ImportSession, batch: Batch): Promise<void> {
  const tables = [
    ['import_rows', STAGED_EVENT_COLUMNS, batch.events],
    ['import_participants', STAGED_PARTICIPANT_COLUMNS, batch.participants],
    ['import_sources', STAGED_SOURCE_COLUMNS, batch.sources],
    ['import_relations', STAGED_RELATION_COLUMNS, batch.relations],
  ] as const;
  for (const [table, columns, lines] of tables) {
    if (lines.length > 0) await session.copyIn(table, columns, lines.join(''));
  }
  if (batch.rows > 0) await deriveLineParts(session, batch.firstLine, batch.lastLine);
}

/** The first errors in file order, however many there are, and their number. */
class ErrorList {
  first: RowError[] = [];
  count = 0;
  lines = 0;

  add(errors: RowError[]): void {
    if (errors.length === 0) return;
    this.count += errors.length;
    this.lines += 1;
    // Rows come in file order: once the list is full, later lines cannot enter it.
    for (const e of errors) if (this.first.length < MAX_LISTED_ERRORS) this.first.push(e);
  }
}

async function* decoded(stream: Readable, counters: ImportCounters): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    counters.bytesRead += buffer.length;
    yield decoder.write(buffer);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Imports a file, all or nothing. Its rows are read as a stream, checked one by one as far as that goes
 * without the database, and copied in batches into the session's staging tables; the database checks
 * (types, actors, related events, ids and slugs) then run on all of them at once. If anything is wrong,
 * nothing is written and the ImportProblem lists the first errors. Otherwise the whole file is applied in
 * one transaction, set-based: events, participants, sources, relations, search documents and revisions.
 * A dry run applies it too, then rolls back.
 */
export async function runImport(
  session: ImportSession,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const counters: ImportCounters = {
    phase: 'reading',
    step: null,
    bytesRead: 0,
    bytesTotal: source.size ?? 0,
    rows: 0,
    errors: 0,
    startedAt: Date.now(),
    readAt: 0,
  };
  const report = (change: Partial<ImportCounters> = {}) => {
    Object.assign(counters, change);
    options.onProgress?.(counters);
  };
  const parser = source.format.parser();
  const fileErrors = new ErrorList();
  try {
    await createStagingTables(session);
    let batch = emptyBatch();
    let copying: Promise<void> = Promise.resolve();
    const flush = async () => {
      const full = batch;
      batch = emptyBatch();
      await copying;
      copying = copyBatch(session, full);
      // Seen at the next flush at the latest; kept from being reported as unhandled meanwhile.
      copying.catch(() => {});
      report();
    };
    const stream = source.open();
    let sliceStart = performance.now();
    try {
      for await (const parsed of parser.rows(decoded(stream, counters))) {
        counters.rows += 1;
        if ((counters.rows & 255) === 0 && performance.now() - sliceStart > SLICE_MS) {
          report();
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
        const staged =
          'errors' in parsed
            ? {
                errors: parsed.errors.map((e, i) => ({ line: parsed.line, ...e, order: ORDER.schema + i })),
              }
            : stageRow(parsed.line, parsed.value);
        if ('errors' in staged) {
          fileErrors.add(staged.errors);
          counters.errors = fileErrors.count;
          continue;
        }
        const { event, participants, sources, relations } = staged.staged;
        batch.events.push(event);
        if (participants) batch.participants.push(participants);
        if (sources) batch.sources.push(sources);
        if (relations) batch.relations.push(relations);
        if (batch.rows === 0) batch.firstLine = parsed.line;
        batch.lastLine = parsed.line;
        batch.rows += 1;
        batch.characters += event.length + participants.length + sources.length + relations.length;
        if (batch.rows >= BATCH_ROWS || batch.characters >= BATCH_CHARACTERS) await flush();
      }
    } finally {
      stream.destroy();
    }
    await flush();
    await copying;
    report({ phase: 'checking', readAt: Date.now() });

    // The checks are statements on the staging tables: requests may run between them (on the embedded
    // database, which has one session). Only the writing holds the session, from BEGIN to COMMIT.
    await prepareStagedRows(session);
    await resolveTargets(session);
    await collectErrors(session, ORDER);
    const databaseErrors = await readErrors(session, MAX_LISTED_ERRORS);
    const count = fileErrors.count + databaseErrors.count;
    if (count > 0) {
      report({ errors: count });
      const listed = [...fileErrors.first, ...databaseErrors.first.map((e) => ({ ...e, order: e.ord }))]
        .sort((a, b) => a.line - b.line || a.order - b.order)
        .slice(0, MAX_LISTED_ERRORS)
        .map((e) => ({ line: e.line, pointer: parser.pointerOf(e.pointer), detail: e.detail }));
      const badLines = fileErrors.lines + databaseErrors.lines;
      throw new ImportProblem(
        `${badLines} of ${counters.rows} rows are invalid; nothing was written. Fix the lines listed in errors${
          count > listed.length ? ` (the first ${listed.length} of ${count} errors)` : ''
        } and import again.`,
        listed,
        count,
      );
    }
    const planned = await planWrites(session);
    const outcome: ImportOutcome = { rows: counters.rows, ...planned, dry_run: options.dryRun, analyzed: [] };
    // A dry run says what would change, not only how much: the first rows that create or update an event.
    if (options.dryRun) outcome.differences = await plannedDifferences(session, MAX_LISTED_DIFFERENCES);
    if (planned.created + planned.updated > 0) {
      report({ phase: 'writing' });
      await deriveWrittenLineParts(session);
      await stageDisplayDates(session);
      const written = await session.exclusive(async () => {
        await session.query('begin');
        try {
          const written = await applyPlan(session, options.apiKeyId, (step) => report({ step }));
          await session.query(options.dryRun ? 'rollback' : 'commit');
          return written;
        } catch (error) {
          await session.query('rollback').catch(() => {});
          throw asWriteProblem(error);
        }
      });
      if (!options.dryRun) {
        report({ phase: 'analyzing', step: null });
        outcome.analyzed = await analyzeWritten(session, written);
      }
    }
    report({ phase: 'done', step: null });
    return outcome;
  } finally {
    await dropStagingTables(session).catch(() => {});
  }
}

/**
 * The `date` of the API representation (display strings in six languages) of each distinct date written,
 * made by the service's own mapper: once per date, not once per row, and only for rows that are written.
 */
async function stageDisplayDates(session: ImportSession): Promise<void> {
  const PAGE = 5000;
  let after: string | null = null;
  for (;;) {
    const dates = await datesToWrite(session, after, PAGE);
    if (dates.length === 0) return;
    await session.copyIn(
      'import_dates',
      ['edtf', 'date_json', 'display'],
      dates.map((edtf) => copyLine([edtf, apiDateJson(edtf), displayJson(edtf)])).join(''),
    );
    after = dates[dates.length - 1] as string;
    if (dates.length < PAGE) return;
  }
}

/** A write that lost a race with another writer is a 409: the file is fine, importing it again works. */
function asWriteProblem(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (error instanceof ConcurrentChange || code === '23505' || code === '40001' || code === '40P01') {
    return new Problem(
      'conflict',
      'Another write changed events of this file while it was being imported; nothing was written: import it again',
    );
  }
  return error;
}
