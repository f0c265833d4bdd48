import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openEmbedded, openPostgres } from '../src/db/connect.ts';
import { createApiKey } from '../src/modules/keys/keys.service.ts';
import { requireDatabaseUrl, UsageError, withDatabase } from './database-url.ts';
import { syntheticActors } from './dataset/actors.ts';
import { writeImportFile } from './dataset/import-file.ts';
import { DEFAULT_SEED, insertVocabulary } from './dataset/load.ts';
import { machineInfo } from './machine.ts';
import { note } from './progress.ts';

const USAGE = `The import scenario: a generated NDJSON file of N events (1-5 participants each) imported into an
empty database (migrated, with the data set's actors and event types) through the command line, again
(every row unchanged), over HTTP (the service as \`npm start\` runs it, --max-old-space-size=192), and a
plain COPY of the rows the import wrote into the same tables with the same indexes (the floor).

  DATABASE_URL=postgres://postgres@127.0.0.1:5520/bench npx tsx bench/import.ts --events 1000000

  --events N          events in the file (default 100000); the file is kept in bench/results/import-files/
  --only LIST         cli,reimport,http,floor,floor-bulk,embedded,embedded-floor (default: cli,reimport,http,floor)
  --embedded-events N events for the embedded run (default 20000): the first N lines of the same file
  --root DIR          run the command line and the service of another checkout (e.g. ../main: "before")
  --json FILE         also write the figures to FILE (default bench/results/import-<time>.json)
  --port N            the service's port in the HTTP run (default 0: any free port)`;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

interface Run {
  scenario: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number | null;
  notes: string;
}

/** Peak RSS of a process, read while it lives (VmHWM only grows). */
export function watchPeak(child: ChildProcess): () => number {
  let peak = 0;
  const timer = setInterval(async () => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
    } catch {
      // gone
    }
  }, 200);
  child.once('exit', () => clearInterval(timer));
  return () => Math.round(peak / 1024);
}

export async function migrateWith(checkout: string, env: Record<string, string>): Promise<void> {
  const migrate = spawn(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
    cwd: checkout,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => migrate.once('exit', resolve));
  if (code !== 0) throw new Error(`migrating with ${checkout} failed (${code})`);
}

/** An empty database migrated by the checkout under test (`npm run migrate` there), with the data set's actors. */
async function freshDatabase(
  baseUrl: string,
  name: string,
  actors: boolean,
  migrateRoot: string,
): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(baseUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = withDatabase(baseUrl, name);
  await migrateWith(migrateRoot, { DATABASE_URL: url });
  if (actors) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await insertVocabulary(client, syntheticActors(DEFAULT_SEED).all);
    await client.end();
  }
  return url;
}

export async function runCli(
  cliRoot: string,
  file: string,
  env: Record<string, string>,
): Promise<Omit<Run, 'scenario'>> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=192', '--import', 'tsx', 'src/cli/import.ts', file],
    {
      cwd: cliRoot,
      // A checkout before import jobs ran its set-based statements under the API's 5-s statement timeout, which
      // a busy machine exceeds: the benchmark measures speed, so no statement is cut short.
      env: {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'warn',
        DATABASE_STATEMENT_TIMEOUT_MS: '600000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const peak = watchPeak(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => {
    stdout += c;
  });
  child.stderr?.on('data', (c) => {
    stderr += c;
    process.stderr.write(c);
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`the import command failed (${code}):\n${stderr.slice(-2000)}`);
  const report = JSON.parse(stdout.trim().split('\n').at(-1) as string);
  return {
    rows: report.rows,
    seconds,
    rowsPerSecond: report.rows / seconds,
    peakRssMb: peak(),
    notes: `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`,
  };
}

/** The service as `npm start` runs it, on a port of its own; resolves once it answers. */
export async function startService(serviceRoot: string, env: Record<string, string>, listenPort = 0) {
  const child = spawn(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', 'src/server.ts'], {
    cwd: serviceRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(listenPort),
      LOG_LEVEL: 'info',
      SEED_ON_EMPTY: 'false',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_READS_PER_MINUTE: '0',
      // As for the command line: an import's statements are not cut short (see runCli).
      DATABASE_STATEMENT_TIMEOUT_MS: '600000',
      // The benchmark's file is larger than the default 100 MiB limit.
      IMPORT_BODY_LIMIT_BYTES: String(4 * 1024 ** 3),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const peak = watchPeak(child);
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const found = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (found) resolve(Number(found[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`the service exited:\n${output.slice(-2000)}`)));
  });
  return { child, port, peak, output: () => output };
}

/** POSTs a file with Prefer: respond-async (again after a 503 while the service warms up); polls the job. */
async function importOverHttp(port: number, token: string, file: string) {
  const size = (await stat(file)).size;
  const post = () =>
    new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/events:import',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/x-ndjson',
            'content-length': size,
            prefer: 'respond-async',
          },
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, location: res.headers.location });
        },
      );
      req.once('error', reject);
      pipeline(createReadStream(file), req).catch(() => {});
    });
  let answer = await post();
  for (let attempt = 0; answer.status === 503 && attempt < 30; attempt++) {
    await sleep(1000);
    answer = await post();
  }
  // A service without jobs (before them) answers when the import is done.
  if (answer.status === 200) return undefined;
  if (answer.status !== 202 || !answer.location) throw new Error(`POST answered ${answer.status}`);
  const location = answer.location;
  for (;;) {
    await sleep(1000);
    const res = await fetch(new URL(location, `http://127.0.0.1:${port}`), {
      headers: { authorization: `Bearer ${token}` },
    });
    // A busy machine makes the service shed load (503 with Retry-After): ask again.
    if (res.status === 503) {
      await res.arrayBuffer();
      note('  http: the service answered 503 (shedding load), polling again');
      continue;
    }
    if (res.status !== 200)
      throw new Error(`GET ${location} answered ${res.status}: ${(await res.text()).slice(0, 2000)}`);
    const job = await res.json();
    if (job.state === 'succeeded') return job.result;
    if (job.state === 'failed')
      throw new Error(`the import failed: ${JSON.stringify(job.problem).slice(0, 2000)}`);
    note(`  http: ${job.progress.phase}, ${job.progress.rows} rows, ${job.progress.rows_per_second} rows/s`);
  }
}

async function runHttp(
  serviceRoot: string,
  url: string,
  file: string,
  port: number,
): Promise<Omit<Run, 'scenario'>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const handle = openPostgres({ url, poolSize: 1, statementTimeoutMs: 60_000, connectTimeoutMs: 5000 });
  const { token } = await createApiKey(handle.db, { name: 'bench', scopes: ['write'] });
  await handle.close();
  await client.end();
  const service = await startService(serviceRoot, { DATABASE_URL: url }, port);
  try {
    const started = performance.now();
    const result = await importOverHttp(service.port, token, file).catch((error: Error) => {
      throw new Error(`${error.message}\nthe service's last lines:\n${service.output().slice(-6000)}`);
    });
    const seconds = (performance.now() - started) / 1000;
    const rows = result?.rows ?? (await countRows(url, 'events'));
    return {
      rows,
      seconds,
      rowsPerSecond: rows / seconds,
      peakRssMb: service.peak(),
      notes: 'upload, import and polling; the service process',
    };
  } finally {
    service.child.kill('SIGTERM');
    await new Promise((resolve) => service.child.once('exit', resolve));
  }
}

async function countRows(url: string, table: 'events' | 'revisions'): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  await client.end();
  return rows[0]?.n ?? 0;
}

const FLOOR_TABLES: [string, string][] = [
  [
    'events',
    'id, slug, type, status, title, summary, edtf, precision, start_earliest, start_latest, end_earliest, end_latest, approximate, uncertain, open_end, unknown_end, location_name, location_country, location_lat, location_lon, tags, search, version, created_at, updated_at',
  ],
  ['event_participants', 'event_id, actor_id, role'],
  ['event_sources', 'event_id, position, title, publisher, url, published, lang, quote, quoted_actor'],
  ['event_relations', 'event_id, kind, target_id'],
  ['revisions', 'entity, entity_id, version, operation, snapshot, api_key_id, created_at'],
];

interface IndexDefinition {
  name: string;
  definition: string;
}

/**
 * The written tables' indexes that no constraint owns (primary keys, unique and exclusion constraints stay:
 * the writes need them): those pg_restore builds after the data.
 */
async function secondaryIndexes(client: pg.Client): Promise<IndexDefinition[]> {
  const { rows } = await client.query<IndexDefinition>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
     order by i.tablename, i.indexname`,
    [FLOOR_TABLES.map(([table]) => table)],
  );
  return rows;
}

/**
 * The floor: the very rows the import wrote (search documents and snapshots included), copied with COPY
 * into an empty database with the same tables, indexes and triggers, one table after the other in one
 * transaction, as the import writes them. With `indexesAfter`, the secondary indexes are dropped first and
 * built again after the load, in the same transaction (what a bulk mode would do): the indexes are then
 * checked to be defined as before.
 */
async function runFloor(
  importedUrl: string,
  floorUrl: string,
  dir: string,
  indexesAfter = false,
): Promise<Run[]> {
  const source = new pg.Client({ connectionString: importedUrl });
  await source.connect();
  for (const [table, columns] of FLOOR_TABLES) {
    await pipeline(
      source.query(copyTo(`copy (select ${columns} from ${table}) to stdout`)),
      (await import('node:fs')).createWriteStream(path.join(dir, `${table}.copy`)),
    );
  }
  await source.end();
  const target = new pg.Client({ connectionString: floorUrl });
  await target.connect();
  const runs: Run[] = [];
  const indexes = indexesAfter ? await secondaryIndexes(target) : [];
  const started = performance.now();
  await target.query('begin');
  for (const index of indexes) await target.query(`drop index "${index.name}"`);
  let events = 0;
  for (const [table, columns] of FLOOR_TABLES) {
    const t = performance.now();
    const stream = target.query(copyFrom(`copy ${table} (${columns}) from stdin`));
    await pipeline(createReadStream(path.join(dir, `${table}.copy`)), stream);
    if (table === 'events') events = stream.rowCount;
    runs.push(copyRun(table, stream.rowCount, (performance.now() - t) / 1000));
  }
  if (indexes.length > 0) {
    const t = performance.now();
    for (const index of indexes) await target.query(index.definition);
    runs.push({
      scenario: `  CREATE INDEX × ${indexes.length}`,
      rows: events,
      seconds: (performance.now() - t) / 1000,
      rowsPerSecond: 0,
      peakRssMb: null,
      notes: indexes.map((i) => i.name).join(', '),
    });
  }
  await target.query('commit');
  const seconds = (performance.now() - started) / 1000;
  if (indexesAfter) {
    const after = await secondaryIndexes(target);
    if (JSON.stringify(after) !== JSON.stringify(indexes))
      throw new Error('the indexes built after the load differ from those dropped');
  }
  await target.end();
  const scenario = indexesAfter
    ? 'floor, secondary indexes built after the load (one transaction)'
    : 'floor: COPY of the same rows, same tables and indexes';
  return [floorRun(scenario, events, seconds), ...runs];
}

/** A floor's whole run: every table in one transaction. */
function floorRun(scenario: string, events: number, seconds: number): Run {
  const notes = 'events, participants, sources, relations, revisions in one transaction';
  return { scenario, rows: events, seconds, rowsPerSecond: events / seconds, peakRssMb: null, notes };
}

/** One table's COPY within a floor. */
function copyRun(table: string, rows: number, seconds: number): Run {
  return {
    scenario: `  COPY ${table}`,
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    peakRssMb: null,
    notes: '',
  };
}

async function runEmbedded(
  cliRoot: string,
  file: string,
  events: number,
  dir: string,
  suffix: string,
): Promise<Run> {
  const part = path.join(dir, `first-${events}${suffix}.ndjson`);
  const lines = (await readFile(file, 'utf8')).split('\n').slice(0, events);
  await writeFile(part, `${lines.join('\n')}\n`);
  const dataDir = path.join(dir, `embedded${suffix}`);
  await freshEmbedded(cliRoot, dataDir);
  const run = await runCli(cliRoot, part, { DATA_DIR: dataDir });
  return { scenario: `embedded (PGlite): command line, ${events} events`, ...run };
}

/** A fresh embedded data folder, migrated by the checkout under test, with the data set's actors. */
async function freshEmbedded(checkout: string, dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await migrateWith(checkout, { DATA_DIR: dataDir });
  const handle = await openEmbedded({ dataDir });
  await insertVocabulary(handle.pglite as unknown as pg.Client, syntheticActors(DEFAULT_SEED).all);
  await handle.close();
}

/**
 * The embedded floor: the rows the embedded import wrote, copied with PGlite's fastest path (COPY from a
 * blob) into a fresh folder with the same tables, indexes and triggers, in one transaction, in this process
 * (no start-up counted).
 */
async function runEmbeddedFloor(checkout: string, importedDir: string, floorDir: string): Promise<Run[]> {
  const source = await openEmbedded({ dataDir: importedDir });
  const blobs = new Map<string, Blob>();
  for (const [table, columns] of FLOOR_TABLES) {
    const result = await source.pglite.query(`copy (select ${columns} from ${table}) to '/dev/blob'`);
    if (!result.blob) throw new Error(`COPY of ${table} gave no blob`);
    blobs.set(table, result.blob);
  }
  await source.close();
  await freshEmbedded(checkout, floorDir);
  const target = await openEmbedded({ dataDir: floorDir });
  const runs: Run[] = [];
  const started = performance.now();
  await target.pglite.query('begin');
  let events = 0;
  for (const [table, columns] of FLOOR_TABLES) {
    const t = performance.now();
    const result = await target.pglite.query(`copy ${table} (${columns}) from '/dev/blob'`, [], {
      blob: blobs.get(table),
    });
    const rows = result.affectedRows ?? 0;
    if (table === 'events') events = rows;
    runs.push(copyRun(table, rows, (performance.now() - t) / 1000));
  }
  await target.pglite.query('commit');
  const seconds = (performance.now() - started) / 1000;
  await target.close();
  const scenario = 'embedded floor: COPY of the same rows into the same tables and indexes (in process)';
  return [floorRun(scenario, events, seconds), ...runs];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '100000' },
      only: { type: 'string', default: 'cli,reimport,http,floor' },
      'embedded-events': { type: 'string', default: '20000' },
      root: { type: 'string' },
      json: { type: 'string' },
      port: { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const events = Number(values.events);
  if (!Number.isInteger(events) || events < 1000)
    throw new UsageError(`--events: a whole number ≥ 1000\n\n${USAGE}`);
  const only = new Set(values.only.split(','));
  const otherRoot = values.root ? path.resolve(values.root) : root;
  const baseUrl = [...only].every((o) => o.startsWith('embedded')) ? '' : requireDatabaseUrl();
  const dir = path.join(here, 'results', 'import-files');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `events-${events}.ndjson`);
  if (!existsSync(file)) {
    note(`writing ${file}`);
    const written = await writeImportFile(file, events, DEFAULT_SEED);
    note(`${written.rows} rows, ${(written.bytes / 1e6).toFixed(0)} MB`);
  }
  const runs: Run[] = [];
  const show = (run: Run) => {
    runs.push(run);
    note(
      `${run.scenario}: ${run.rows} rows in ${run.seconds.toFixed(1)} s = ${Math.round(run.rowsPerSecond)} rows/s${run.peakRssMb === null ? '' : `, peak RSS ${run.peakRssMb} MB`}; ${run.notes}`,
    );
  };
  const label = values.root ? ` (${path.basename(otherRoot)})` : '';
  // Another checkout's runs get databases and folders of their own, so that before and after can run side by side.
  const suffix = values.root ? `_${path.basename(otherRoot).replace(/\W/g, '_')}` : '';
  const cliDb = `bench_import_cli${suffix}`;
  if (only.has('cli')) {
    const url = await freshDatabase(baseUrl, cliDb, true, otherRoot);
    show({
      scenario: `command line, fresh database${label}`,
      ...(await runCli(otherRoot, file, { DATABASE_URL: url })),
    });
  }
  if (only.has('reimport')) {
    const url = withDatabase(baseUrl, cliDb);
    const revisionsBefore = await countRows(url, 'revisions');
    const run = await runCli(otherRoot, file, { DATABASE_URL: url });
    const written = (await countRows(url, 'revisions')) - revisionsBefore;
    show({
      scenario: `command line, same file again${label}`,
      ...run,
      notes: `${run.notes}; ${written.toLocaleString('en')} new revisions`,
    });
  }
  if (only.has('http')) {
    const url = await freshDatabase(baseUrl, `bench_import_http${suffix}`, true, otherRoot);
    show({
      scenario: `HTTP (Prefer: respond-async + job), fresh database${label}`,
      ...(await runHttp(otherRoot, url, file, Number(values.port))),
    });
  }
  if (only.has('floor')) {
    const floorUrl = await freshDatabase(baseUrl, `bench_import_floor${suffix}`, true, otherRoot);
    for (const run of await runFloor(withDatabase(baseUrl, cliDb), floorUrl, dir)) show(run);
  }
  if (only.has('floor-bulk')) {
    const floorUrl = await freshDatabase(baseUrl, `bench_import_floor_bulk${suffix}`, true, otherRoot);
    for (const run of await runFloor(withDatabase(baseUrl, cliDb), floorUrl, dir, true)) show(run);
  }
  if (only.has('embedded'))
    show(await runEmbedded(otherRoot, file, Number(values['embedded-events']), dir, suffix));
  if (only.has('embedded-floor')) {
    const imported = path.join(dir, `embedded${suffix}`);
    for (const run of await runEmbeddedFloor(otherRoot, imported, path.join(dir, `embedded-floor${suffix}`)))
      show(run);
  }

  const machine = baseUrl
    ? await machineInfo(withDatabase(baseUrl, 'postgres'))
    : { cpus: os.cpus().length, loadAverage: os.loadavg() };
  const result = { events, root: otherRoot, machine, loadAverageAtEnd: os.loadavg(), runs };
  const out =
    values.json ??
    path.join(here, 'results', `import-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    [
      '| scenario | rows | s | rows/s | peak RSS MB | notes |',
      '|---|---|---|---|---|---|',
      ...runs.map(
        (r) =>
          `| ${r.scenario} | ${r.rows.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${Math.round(r.rowsPerSecond).toLocaleString('en')} | ${r.peakRssMb ?? ''} | ${r.notes} |`,
      ),
      '',
      `figures: ${out}`,
      '',
    ].join('\n'),
  );
}

// Run as a script, not when bench/embedded.ts borrows the helpers above.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof UsageError ? error.message : (error as Error).stack}\n`);
    process.exit(error instanceof UsageError ? 64 : 1);
  });
}
