import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { directUrl, loadConfig } from '../config.ts';
import { assertDataDirFree, openConfiguredDatabaseExclusive } from '../db/exclusive.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { Problem } from '../http/problem.ts';
import { FORMAT_NAMES, formatNamed, formatOfFileName } from '../modules/events/import/import.formats.ts';
import { ImportProblem, runImport } from '../modules/events/import/import.pipeline.ts';
import { progressLine } from '../modules/events/import/import.progress.ts';
import { openImportSession } from '../modules/events/import/import.session.ts';
import { runCli } from './run.ts';

const names = FORMAT_NAMES.join('|');
const USAGE = `Usage: npm run import -- <file> [--dry-run] [--format ${names}] [--map target=Column,…] [--progress-interval <ms>]

Imports events, all or nothing: rows are matched by id, else by slug; one bad row means nothing is
written (the first 100 errors are listed on stderr, with their number). Prints the report as JSON on
stdout (with --dry-run, the first 20 events it would create or change, old → new); progress (rows read,
rows/s, errors, time left) goes to stderr, once a second by default.

The format follows the file's name (.ndjson/.jsonl, .csv, .json, .srj) unless --format names it:
  --format acled         ACLED's CSV export
  --format wikidata      Wikidata query results (SPARQL JSON)
  --format csv-mapped --map title=Name,date=When,type=const:meeting
                         your own CSV, its columns mapped (docs/research-formats.md)`;

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string' },
      map: { type: 'string' },
      'progress-interval': { type: 'string', default: '1000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [file, ...rest] = positionals;
  if (!file || rest.length > 0) throw new Error(`Give exactly one file.\n${USAGE}`);
  if (values.map !== undefined && values.format !== 'csv-mapped') {
    throw new Error('--map goes with --format csv-mapped: give both');
  }
  const format = values.format ? formatNamed(values.format, values.map) : formatOfFileName(file);
  if (!format) {
    throw new Error(
      `Cannot tell the format of ${file}: name it .ndjson, .csv, .json or .srj, or pass --format ${names}`,
    );
  }
  const interval = Number(values['progress-interval']);
  if (!Number.isInteger(interval) || interval < 0)
    throw new Error('--progress-interval takes a whole number of milliseconds (0: after every batch)');
  const size = (await stat(file).catch(() => undefined))?.size;
  if (size === undefined) throw new Error(`Cannot read ${file}: no such file`);

  const config = loadConfig();
  const exclusive = {
    command: 'import',
    whileServerRuns: `import through it instead: curl -X POST <server>/v1/events:import -H 'Authorization: Bearer <write key>' -H 'Content-Type: ${format.mediaTypes[0]}' --data-binary @${file}`,
  };
  await assertDataDirFree(config, exclusive);
  const database = await openConfiguredDatabaseExclusive(config, exclusive);
  let session: Awaited<ReturnType<typeof openImportSession>> | undefined;
  let printed = 0;
  const started = Date.now();
  try {
    await migrateToLatest(database.db);
    session = await openImportSession({
      database,
      url: directUrl(config),
      statementTimeoutMs: config.IMPORT_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    });
    let lastPhase = '';
    const outcome = await runImport(
      session,
      { format, size, open: () => createReadStream(file, { highWaterMark: 256 * 1024 }) },
      {
        dryRun: values['dry-run'],
        apiKeyId: null,
        onProgress: (counters) => {
          const now = Date.now();
          const changed = `${counters.phase}/${counters.step}` !== lastPhase;
          if (!changed && now - printed < interval) return;
          lastPhase = `${counters.phase}/${counters.step}`;
          printed = now;
          if (counters.phase !== 'done') console.error(progressLine(counters, now));
        },
      },
    );
    const { analyzed, ...report } = outcome;
    const seconds = (Date.now() - started) / 1000;
    const rate = Math.round(report.rows / Math.max(seconds, 0.001)).toLocaleString('en');
    const n = (x: number) => x.toLocaleString('en');
    console.error(
      `${report.dry_run ? 'Dry run (nothing written)' : 'Imported'}: ${n(report.rows)} rows in ${seconds.toFixed(1)} s (${rate} rows/s): ${n(report.created)} created, ${n(report.updated)} updated, ${n(report.unchanged)} unchanged, ${n(report.actors_created)} actors created${analyzed.length > 0 ? `; analyzed ${analyzed.join(', ')}` : ''}`,
    );
    // What a dry run would change, in words (the report on stdout has the same, as JSON).
    for (const d of report.differences ?? []) {
      const changes = Object.entries(d.changes ?? {})
        .map(([member, c]) => `${member} ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`)
        .join('; ');
      console.error(`line ${d.line}: ${d.slug ?? d.id}: ${d.outcome}${changes ? `: ${changes}` : ''}`);
    }
    console.log(JSON.stringify(report));
  } catch (error) {
    if (error instanceof ImportProblem) {
      for (const e of error.errors ?? []) {
        const line = (e as { line?: number }).line;
        console.error(`line ${line}: ${e.pointer || '(the row)'}: ${e.detail}`);
      }
      const more = error.errorCount - (error.errors?.length ?? 0);
      if (more > 0) console.error(`… and ${more.toLocaleString('en')} more errors`);
    } else if (error instanceof Problem) {
      for (const e of error.errors ?? []) console.error(`${file}: ${e.pointer || '(the row)'}: ${e.detail}`);
    }
    throw error;
  } finally {
    await session?.close();
    await database.close();
  }
});
