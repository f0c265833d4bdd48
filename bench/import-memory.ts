import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openEmbedded } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiKey } from '../src/modules/keys/keys.service.ts';
import { redact, withDatabase } from './database-url.ts';
import { syntheticActors } from './dataset/actors.ts';
import { writeImportFile } from './dataset/import-file.ts';
import { DEFAULT_SEED, insertVocabulary } from './dataset/load.ts';
import { note } from './progress.ts';

const USAGE = `Bounded memory of the HTTP import: the service in its own process (as production runs it, a 192 MB
old space) imports three files one after the other, each with a fresh process so that each peak is its own:
  good  about 100 MB of valid events (the bench generator's, with the data set's actors)
  bad   the same rows with every participant unknown (each row passes the row check and fails in the database)
  x     1,000,000 lines of "x" (2 MB of JSON errors)
It prints rows, outcome, seconds and the service's peak RSS (VmHWM) for each.

  DATABASE_URL=postgres://postgres@127.0.0.1:5570/postgres npx tsx bench/import-memory.ts   # server PostgreSQL
  npx tsx bench/import-memory.ts --embedded                                              # embedded database

  --events N   events in the good file (default 280000, about 100 MB)
  --port P     the service's port (default 5589)`;

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    embedded: { type: 'boolean', default: false },
    events: { type: 'string', default: '280000' },
    port: { type: 'string', default: '5589' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const events = Number(values.events);
const port = Number(values.port);
const baseUrl = `http://127.0.0.1:${port}`;
const work = await mkdtemp(path.join(tmpdir(), 'bench-import-memory-'));

interface Outcome {
  file: string;
  megabytes: number;
  lines: number;
  status: string;
  seconds: number;
  peakRssMb: number;
}

/** A database (or data folder) migrated, with the data set's actors and types, and a write key. */
async function prepare(): Promise<{ env: Record<string, string>; token: string }> {
  if (values.embedded) {
    const dataDir = path.join(work, `data-${Date.now()}`);
    const embedded = await openEmbedded({ dataDir });
    try {
      await migrateToLatest(embedded.db);
      const client = {
        query: (text: string, params?: unknown[]) => embedded.pglite.query(text, params),
      } as unknown as pg.Client;
      await insertVocabulary(client, syntheticActors(DEFAULT_SEED).all);
      const { token } = await createApiKey(embedded.db, { name: 'bench', scopes: ['write'] });
      return { env: { DATA_DIR: dataDir }, token };
    } finally {
      await embedded.close();
    }
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error(`Set DATABASE_URL or pass --embedded.\n${USAGE}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists bench_import_memory with (force)');
  await admin.query('create database bench_import_memory');
  await admin.end();
  const url = withDatabase(adminUrl, 'bench_import_memory');
  const { openPostgres } = await import('../src/db/connect.ts');
  const database = openPostgres({ url, poolSize: 1, statementTimeoutMs: 600_000, connectTimeoutMs: 5_000 });
  try {
    await migrateToLatest(database.db);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await insertVocabulary(client, syntheticActors(DEFAULT_SEED).all);
    await client.end();
    const { token } = await createApiKey(database.db, { name: 'bench', scopes: ['write'] });
    note(`database ${redact(url)} ready`);
    return { env: { DATABASE_URL: url }, token };
  } finally {
    await database.close();
  }
}

async function startService(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SEED_ON_EMPTY: 'false',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      IMPORT_BODY_LIMIT_BYTES: String(200 * 1024 * 1024),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let attempt = 0; ; attempt++) {
    if (
      await fetch(`${baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    if (child.exitCode !== null || attempt > 900) throw new Error('the service did not start');
    await sleep(200);
  }
}

async function peakRssMb(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024);
}

/** POSTs a file with Prefer: respond-async and follows its job to the end. */
async function importFile(file: string, token: string): Promise<string> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' };
  const size = (await stat(file)).size;
  const res = await fetch(`${baseUrl}/v1/events:import`, {
    method: 'POST',
    headers: { ...headers, prefer: 'respond-async', 'content-length': String(size) },
    body: createReadStream(file) as unknown as BodyInit,
    duplex: 'half',
  } as RequestInit);
  if (res.status !== 202) return `${res.status} ${(await res.text()).slice(0, 200)}`;
  const location = res.headers.get('location') as string;
  for (;;) {
    await sleep(1000);
    // On the embedded database a set-based step of a large import holds the one session for minutes, and the
    // poll waits behind it (fetch gives up after 300 s without headers): ask again.
    const answer = await fetch(`${baseUrl}${location}`, { headers }).catch((error: Error) => error);
    if (answer instanceof Error) {
      note(`${path.basename(file)}: no answer to the poll (${answer.cause ?? answer.message}); asking again`);
      continue;
    }
    const job = await answer.json();
    if (job.state === 'succeeded') return `200: ${job.result.created} created`;
    if (job.state === 'failed')
      return `${job.problem.status}: ${job.problem.error_count ?? '?'} errors (first ${job.problem.errors?.length ?? 0} listed)`;
    note(`${path.basename(file)}: ${job.state}, ${JSON.stringify(job.progress ?? {})}`);
  }
}

async function writeLines(file: string, lines: number, line: string): Promise<void> {
  const out = createWriteStream(file);
  const chunk = `${line}\n`.repeat(10_000);
  for (let i = 0; i < lines / 10_000; i++) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await finished(out);
}

/** The good file with every participant unknown: rows the database refuses, not the row check. */
async function writeUnknownActors(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  for await (const chunk of createReadStream(from, { encoding: 'utf8' })) {
    if (!out.write((chunk as string).replaceAll('"actor":"', '"actor":"unknown-'))) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    for (const byte of chunk as Buffer) if (byte === 10) lines++;
  }
  return lines;
}

try {
  await mkdir(work, { recursive: true });
  const good = path.join(work, 'good.ndjson');
  const bad = path.join(work, 'bad.ndjson');
  const xs = path.join(work, 'x.ndjson');
  note(`writing the files in ${work}`);
  await writeImportFile(good, events, DEFAULT_SEED);
  await writeUnknownActors(good, bad);
  await writeLines(xs, 1_000_000, 'x');
  const outcomes: Outcome[] = [];
  for (const [name, file] of [
    ['good', good],
    ['bad', bad],
    ['x', xs],
  ] as const) {
    const { env, token } = await prepare();
    const service = await startService(env);
    let status: string;
    let seconds: number;
    let peak: number;
    let alive: boolean;
    try {
      note(`${name}: importing ${file}`);
      const started = performance.now();
      status = await importFile(file, token);
      seconds = (performance.now() - started) / 1000;
      peak = await peakRssMb(service);
      alive = service.exitCode === null;
    } finally {
      // Never leave the service running on a folder the cleanup below removes.
      if (service.exitCode === null) {
        service.kill('SIGTERM');
        await once(service, 'exit');
      }
    }
    outcomes.push({
      file: name,
      megabytes: Math.round((await stat(file)).size / 1e6),
      lines: await countLines(file),
      status: alive ? status : `${status} (the service died)`,
      seconds: Math.round(seconds * 10) / 10,
      peakRssMb: peak,
    });
  }
  console.log(`\n| file | MB | lines | answer | s | peak RSS (MB) |\n|---|---|---|---|---|---|`);
  for (const o of outcomes) {
    console.log(`| ${o.file} | ${o.megabytes} | ${o.lines} | ${o.status} | ${o.seconds} | ${o.peakRssMb} |`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
