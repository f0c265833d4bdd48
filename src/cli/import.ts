import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { Problem } from '../http/problem.ts';
import { type ImportFormat, importEvents } from '../modules/events/events.import.ts';
import { runCli } from './run.ts';

const USAGE = `Usage: npm run import -- <file.ndjson|file.csv> [--dry-run] [--format ndjson|csv] [--progress-every <rows>]

Imports events by slug, all or nothing: every row is checked first, and one bad row means nothing is
written (each bad line is listed on stderr). Prints the report as JSON on stdout; progress goes to stderr.`;

const EXTENSIONS: Record<string, ImportFormat> = { '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv' };

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string' },
      'progress-every': { type: 'string', default: '10000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [file, ...rest] = positionals;
  if (!file || rest.length > 0) throw new Error(`Give exactly one file.\n${USAGE}`);
  const format = (values.format ?? EXTENSIONS[path.extname(file).toLowerCase()]) as ImportFormat | undefined;
  if (format !== 'ndjson' && format !== 'csv') {
    throw new Error(
      `Cannot tell the format of ${file}: name it .ndjson or .csv, or pass --format ndjson|csv`,
    );
  }
  const progressEvery = Number(values['progress-every']);
  if (!Number.isInteger(progressEvery) || progressEvery < 1)
    throw new Error('--progress-every takes a whole number of rows');
  const size = (await stat(file).catch(() => undefined))?.size;
  if (size === undefined) throw new Error(`Cannot read ${file}: no such file`);

  const database = await openConfiguredDatabase(loadConfig());
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  try {
    await migrateToLatest(database.db);
    const report = await importEvents(
      database.db,
      { format, open: () => createReadStream(file) },
      {
        dryRun: values['dry-run'],
        ctx: { apiKeyId: null },
        progressEvery,
        onProgress: ({ phase, rows }) =>
          console.error(`${phase === 'validate' ? 'checked' : 'written'}: ${rows} rows (${seconds()} s)`),
      },
    );
    console.error(
      `${report.dry_run ? 'Dry run (nothing written)' : 'Imported'}: ${report.rows} rows in ${seconds()} s`,
    );
    console.log(JSON.stringify(report));
  } catch (error) {
    if (error instanceof Problem) {
      for (const e of error.errors ?? []) {
        const line = (e as { line?: number }).line;
        console.error(`${line ? `line ${line}` : file}: ${e.pointer || '(the row)'}: ${e.detail}`);
      }
    }
    throw error;
  } finally {
    await database.close();
  }
});
