// Where an embedded import spends its time: the import run in this process on a fresh copy of a migrated data
// folder (with the data set's actors), every statement of its session timed. Run with `node --cpu-prof` for
// Node's side. Not a benchmark of the end-to-end time (bench/import.ts is): a tool to find the next step.
//
//   npx tsx bench/import-profile.ts bench/results/import-files/first-10000.ndjson
import { createReadStream, existsSync } from 'node:fs';
import { cp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { openEmbedded } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { formatOfFileName } from '../src/modules/events/import/import.formats.ts';
import { runImport } from '../src/modules/events/import/import.pipeline.ts';
import { type ImportSession, openImportSession } from '../src/modules/events/import/import.session.ts';
import { syntheticActors } from './dataset/actors.ts';
import { DEFAULT_SEED, insertVocabulary } from './dataset/load.ts';
import { note } from './progress.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function timed(session: ImportSession, times: Map<string, { ms: number; calls: number }>): ImportSession {
  const add = (key: string, ms: number) => {
    const entry = times.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls += 1;
    times.set(key, entry);
  };
  const label = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 90);
  return {
    ...session,
    async query(text, params) {
      const started = performance.now();
      try {
        return await session.query(text, params);
      } finally {
        add(label(text), performance.now() - started);
      }
    },
    async copyIn(table, columns, lines) {
      const started = performance.now();
      try {
        return await session.copyIn(table, columns, lines);
      } finally {
        add(`copy ${table}`, performance.now() - started);
      }
    },
  } as ImportSession;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    fsync: { type: 'boolean', default: true },
    top: { type: 'string', default: '25' },
    // Settings to try, e.g. --set temp_buffers=64MB --set work_mem=64MB
    set: { type: 'string', multiple: true, default: [] },
  },
});
const file = positionals[0];
if (!file) throw new Error('Give the NDJSON file to import');
const template = path.join(here, 'results', 'import-files', 'embedded-template');
if (!existsSync(template)) {
  note(`making ${template} (migrated, with the data set's actors)`);
  await mkdir(template, { recursive: true });
  const handle = await openEmbedded({ dataDir: template, fsync: false });
  await migrateToLatest(handle.db);
  await insertVocabulary(handle.pglite as unknown as pg.Client, syntheticActors(DEFAULT_SEED).all);
  await handle.close();
  // As a durable close leaves it: the copy opens without flushing every file first.
  await writeFile(path.join(template, 'closed-cleanly'), '');
}
const dataDir = path.join(here, 'results', 'import-files', 'embedded-profile');
await rm(dataDir, { recursive: true, force: true });
await cp(template, dataDir, { recursive: true });

const t0 = performance.now();
const database = await openEmbedded({ dataDir, fsync: values.fsync });
await migrateToLatest(database.db);
for (const setting of values.set) {
  const [name, value] = setting.split('=');
  await database.pglite.query(`set ${name} = '${value}'`);
}
const opened = performance.now();
const times = new Map<string, { ms: number; calls: number }>();
const session = timed(
  await openImportSession({ database, statementTimeoutMs: 600_000, connectTimeoutMs: 10_000 }),
  times,
);
const phases: Record<string, number> = {};
let phaseStart = performance.now();
let phase = 'reading';
const format = formatOfFileName(file);
if (!format) throw new Error(`not an import file: ${file}`);
const outcome = await runImport(
  session,
  {
    format,
    size: (await stat(file)).size,
    open: () => createReadStream(file, { highWaterMark: 256 * 1024 }),
  },
  {
    dryRun: false,
    apiKeyId: null,
    onProgress: (c) => {
      const now = `${c.phase}${c.step ? `/${c.step}` : ''}`;
      if (now === phase) return;
      phases[phase] = (phases[phase] ?? 0) + performance.now() - phaseStart;
      phase = now;
      phaseStart = performance.now();
    },
  },
);
phases[phase] = (phases[phase] ?? 0) + performance.now() - phaseStart;
const done = performance.now();
await database.close();
const closed = performance.now();

const statementMs = [...times.values()].reduce((sum, t) => sum + t.ms, 0);
note(
  `${outcome.rows} rows: open + migrate ${((opened - t0) / 1000).toFixed(1)} s, import ${((done - opened) / 1000).toFixed(1)} s (statements ${(statementMs / 1000).toFixed(1)} s), close ${((closed - done) / 1000).toFixed(1)} s`,
);
for (const [name, ms] of Object.entries(phases)) note(`  phase ${name}: ${(ms / 1000).toFixed(2)} s`);
for (const [text, t] of [...times.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(values.top)))
  note(`  ${(t.ms / 1000).toFixed(2).padStart(7)} s ${String(t.calls).padStart(5)}× ${text}`);
