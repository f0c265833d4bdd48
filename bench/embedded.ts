import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { openEmbedded } from '../src/db/connect.ts';
import { createApiKey } from '../src/modules/keys/keys.service.ts';
import { UsageError } from './database-url.ts';
import { syntheticActors } from './dataset/actors.ts';
import { writeImportFile } from './dataset/import-file.ts';
import { type DatasetInfo, DEFAULT_SEED, insertVocabulary } from './dataset/load.ts';
import { migrateWith, runCli, startService } from './import.ts';
import { percentile } from './measure/stats.ts';
import { note } from './progress.ts';
import {
  fullTextScenario,
  gapsScenario,
  histogramScenario,
  type Scenario,
  timelineScenario,
} from './scenarios.ts';

const USAGE = `The embedded database (PGlite) at a few sizes, as a user meets it: the bench data set's NDJSON file
imported with the command line (\`npm run import\`) into a fresh DATA_DIR, then \`npm start\` on that folder,
single-client p50 of a timeline page, full text over a decade, the histogram and the gaps; then N sequential
POST /v1/events with EMBEDDED_FSYNC=true and again with false (what a durable commit costs).

  npm run bench:embedded -- --sizes 10000,100000

  --sizes LIST     events per run (default 10000,100000); the files are kept in bench/results/import-files/
  --requests N     measured requests per query (default 20, after 2 warm-ups), cycling through the query's variants
  --writes N       sequential writes per EMBEDDED_FSYNC setting, at the first size (default 50; 0 skips them)
  --root DIR       the command line and the service of another checkout (e.g. the one before a change)
  --port N         the service's port (default 0: any free port)
  --keep           keep the data folders (printed) instead of removing them
  --json FILE      also write the figures to FILE (default bench/results/embedded-<time>.json)`;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

interface QueryFigure {
  id: string;
  title: string;
  requests: number;
  p50Ms: number;
  p90Ms: number;
  failures: number;
}

interface SizeFigure {
  events: number;
  importSeconds: number;
  importRowsPerSecond: number;
  importPeakRssMb: number;
  serviceStartSeconds: number;
  servicePeakRssMb: number;
  folderMb: number;
  queries: QueryFigure[];
}

interface WriteFigure {
  fsync: boolean;
  writes: number;
  p50Ms: number;
  p90Ms: number;
  failures: number;
  commitsSurvive: string;
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

/** Sequential GETs: two warm-ups, then `requests` timed ones cycling through the variants. */
async function measureQuery(origin: string, scenario: Scenario, requests: number): Promise<QueryFigure> {
  const latencies: number[] = [];
  let failures = 0;
  for (let i = -2; i < requests; i++) {
    const url = `${origin}${scenario.paths[(i + 2) % scenario.paths.length]}`;
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    const ms = performance.now() - started;
    if (response.status !== 200) {
      failures += 1;
      if (failures === 1) note(`  ${scenario.id}: GET ${url} answered ${response.status}`);
    }
    if (i >= 0) latencies.push(ms);
  }
  const sorted = Float64Array.from(latencies).sort();
  return {
    id: scenario.id,
    title: scenario.title,
    requests,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    failures,
  };
}

/** Waits until the service answers a read with 200 (it may answer 503 while it warms up). */
async function untilReady(origin: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const response = await fetch(`${origin}/v1/events?limit=1`).catch(() => undefined);
    await response?.arrayBuffer();
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${origin} did not answer 200 within a minute: look at the service's log above`);
}

/** Rows of the import file as POST bodies: a slug of their own, no relations (their targets may not exist). */
async function writeBodies(file: string, count: number): Promise<string[]> {
  const bodies: string[] = [];
  const tag = Date.now().toString(36);
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (bodies.length === count) break;
    const { relations: _relations, ...row } = JSON.parse(line) as Record<string, unknown>;
    bodies.push(JSON.stringify({ ...row, slug: `bench-write-${tag}-${bodies.length}` }));
  }
  lines.close();
  return bodies;
}

async function measureWrites(
  origin: string,
  token: string,
  bodies: string[],
  fsync: boolean,
): Promise<WriteFigure> {
  const latencies: number[] = [];
  let failures = 0;
  for (const body of bodies) {
    const started = performance.now();
    const response = await fetch(`${origin}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    latencies.push(performance.now() - started);
    if (response.status !== 201) {
      failures += 1;
      if (failures === 1) note(`  POST /v1/events answered ${response.status}: ${text.slice(0, 500)}`);
    }
  }
  const ready = await fetch(`${origin}/readyz`);
  const details = (await ready.json().catch(() => ({}))) as { embedded?: { commits_survive?: string } };
  const sorted = Float64Array.from(latencies).sort();
  return {
    fsync,
    writes: bodies.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    failures,
    commitsSurvive: details.embedded?.commits_survive ?? 'not reported',
  };
}

async function ensureFile(events: number): Promise<string> {
  const dir = path.join(here, 'results', 'import-files');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `events-${events}.ndjson`);
  if (!existsSync(file)) {
    note(`writing ${file}`);
    // Written aside and renamed, so that a run beside this one never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    const written = await writeImportFile(partial, events, DEFAULT_SEED);
    await rename(partial, file);
    note(`${written.rows} rows, ${(written.bytes / 1e6).toFixed(0)} MB`);
  }
  return file;
}

/** A migrated folder with the data set's vocabulary and a write key, the file imported with the command line. */
async function prepareFolder(checkout: string, dataDir: string, file: string) {
  await migrateWith(checkout, { DATA_DIR: dataDir });
  const handle = await openEmbedded({ dataDir, command: 'bench' });
  let token: string;
  try {
    await insertVocabulary(handle.pglite as unknown as pg.Client, syntheticActors(DEFAULT_SEED).all);
    ({ token } = await createApiKey(handle.db, { name: 'bench', scopes: ['write'] }));
  } finally {
    await handle.close();
  }
  note(`  importing ${path.basename(file)} with the command line`);
  const imported = await runCli(checkout, file, { DATA_DIR: dataDir });
  return { token, imported };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      requests: { type: 'string', default: '20' },
      writes: { type: 'string', default: '50' },
      root: { type: 'string' },
      port: { type: 'string', default: '0' },
      keep: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000))
    throw new UsageError(`--sizes: whole numbers ≥ 1000, comma-separated\n\n${USAGE}`);
  const requests = Number(values.requests);
  const writes = Number(values.writes);
  const port = Number(values.port);
  if (!Number.isInteger(requests) || requests < 1)
    throw new UsageError(`--requests: a whole number ≥ 1\n\n${USAGE}`);
  if (!Number.isInteger(writes) || writes < 0)
    throw new UsageError(`--writes: a whole number ≥ 0\n\n${USAGE}`);
  const checkout = values.root ? path.resolve(values.root) : root;
  const dataset = { seed: DEFAULT_SEED } as DatasetInfo;
  const scenarios = [timelineScenario(dataset), fullTextScenario(), histogramScenario(), gapsScenario()];

  const figures: SizeFigure[] = [];
  const writeFigures: WriteFigure[] = [];
  for (const [index, events] of sizes.entries()) {
    const file = await ensureFile(events);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `timeline-embedded-${events}-`));
    note(`${events.toLocaleString('en')} events: migrating ${dataDir}`);
    const { token, imported } = await prepareFolder(checkout, dataDir, file).catch(async (error: unknown) => {
      if (!values.keep) await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
    note(
      `  imported ${imported.rows} rows in ${imported.seconds.toFixed(1)} s (${Math.round(imported.rowsPerSecond)} rows/s)`,
    );

    const started = performance.now();
    let service = await startService(checkout, { DATA_DIR: dataDir }, port);
    let origin = `http://127.0.0.1:${service.port}`;
    try {
      await untilReady(origin);
      const serviceStartSeconds = (performance.now() - started) / 1000;
      note(`  the service answers after ${serviceStartSeconds.toFixed(1)} s`);
      const queries: QueryFigure[] = [];
      for (const scenario of scenarios) {
        const figure = await measureQuery(origin, scenario, requests);
        note(`  ${scenario.id}: p50 ${figure.p50Ms.toFixed(0)} ms, p90 ${figure.p90Ms.toFixed(0)} ms`);
        queries.push(figure);
      }
      if (index === 0 && writes > 0) {
        const bodies = await writeBodies(file, 2 * writes);
        const withFsync = await measureWrites(origin, token, bodies.slice(0, writes), true);
        note(`  ${writes} POSTs, EMBEDDED_FSYNC=true: p50 ${withFsync.p50Ms.toFixed(1)} ms`);
        writeFigures.push(withFsync);
        service.child.kill('SIGTERM');
        await new Promise((resolve) => service.child.once('exit', resolve));
        service = await startService(checkout, { DATA_DIR: dataDir, EMBEDDED_FSYNC: 'false' }, port);
        origin = `http://127.0.0.1:${service.port}`;
        await untilReady(origin);
        const withoutFsync = await measureWrites(origin, token, bodies.slice(writes), false);
        note(`  ${writes} POSTs, EMBEDDED_FSYNC=false: p50 ${withoutFsync.p50Ms.toFixed(1)} ms`);
        writeFigures.push(withoutFsync);
      }
      figures.push({
        events,
        importSeconds: imported.seconds,
        importRowsPerSecond: imported.rowsPerSecond,
        importPeakRssMb: imported.peakRssMb ?? 0,
        serviceStartSeconds,
        servicePeakRssMb: service.peak(),
        folderMb: (await folderBytes(dataDir)) / 1e6,
        queries,
      });
    } finally {
      service.child.kill('SIGTERM');
      await new Promise((resolve) => service.child.once('exit', resolve));
      if (values.keep) note(`  kept ${dataDir}`);
      else await rm(dataDir, { recursive: true, force: true });
    }
  }

  const result = {
    root: checkout,
    cpus: os.cpus().length,
    loadAverageAtEnd: os.loadavg(),
    figures,
    writeFigures,
  };
  const out =
    values.json ??
    path.join(here, 'results', `embedded-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  const ms = (value: number) => `${Math.round(value)} ms`;
  const lines = [
    `| events | import rows/s | ${scenarios.map((s) => `${s.id} p50`).join(' | ')} | folder MB | service peak RSS MB |`,
    `|---|---|${scenarios.map(() => '---').join('|')}|---|---|`,
    ...figures.map(
      (f) =>
        `| ${f.events.toLocaleString('en')} | ${Math.round(f.importRowsPerSecond).toLocaleString('en')} | ${f.queries
          .map((q) => `${ms(q.p50Ms)}${q.failures ? ` (${q.failures} failed)` : ''}`)
          .join(' | ')} | ${Math.round(f.folderMb)} | ${f.servicePeakRssMb} |`,
    ),
  ];
  if (writeFigures.length > 0) {
    lines.push(
      '',
      '| EMBEDDED_FSYNC | sequential POST /v1/events | p50 | p90 | failed | /readyz commits_survive |',
      '|---|---|---|---|---|---|',
      ...writeFigures.map(
        (w) =>
          `| ${w.fsync} | ${w.writes} | ${w.p50Ms.toFixed(1)} ms | ${w.p90Ms.toFixed(1)} ms | ${w.failures} | ${w.commitsSurvive} |`,
      ),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\nfigures: ${out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : (error as Error).stack}\n`);
  process.exit(error instanceof UsageError ? 64 : 1);
});
