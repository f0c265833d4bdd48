import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openConfiguredDatabase } from '../src/db/open.ts';
import { ApiProcess, apiEnvironment, cpuMicros } from './api/child.ts';
import { datasetUrl, redact, requireDatabaseUrl, UsageError } from './database-url.ts';
import { ensureDataset } from './dataset/ensure.ts';
import { DEFAULT_SEED } from './dataset/load.ts';
import { profileSummary } from './measure/cpu-profile.ts';
import { rotation } from './measure/stats.ts';
import { closedLoop, HttpClient } from './peers/load.ts';
import { type PeerTaskId, peerTasks } from './peers/tasks.ts';
import { note } from './progress.ts';
import { RESULTS_DIR } from './report.ts';

const USAGE = `Where the API spends its CPU on one task of the peers comparison: the API process under load (after a
warm-up) with a V8 CPU profile of just the measured window, then its self time by area and function per request.

  DATABASE_URL=postgres://postgres@127.0.0.1:5540/bench npx tsx bench/profile.ts --events 100000 --task timeline

  --task T          timeline (default), first-page, histogram, fulltext-common, fulltext-rare, gaps
  --seconds S       profiled seconds (default 20), after --warmup S (default 5)
  --connections C   concurrent requests (default 16)
  --events N        use the database <DATABASE_URL's name>_<N>, as npm run bench does
  --top N           functions to list (default 30)
  --node-args=A     more node flags for the API process (socket runs), e.g. --node-args=--heap-growing-percent=100
  --in-process      the app in this process through app.inject() (no sockets): on a machine where many
                    processes wait for the CPU, a socket profile piles samples on writev (the thread is
                    switched out as it wakes the client); without sockets the samples fall where the JS runs

A socket run also splits the API process's CPU by thread (Linux): the main thread, which the V8 profile samples,
and the others, which it does not see: V8's helpers (concurrent marking and sweeping of the major GC, parallel
scavenges) and libuv's pool.

The profile is kept in bench/results/profiles/ (git-ignored); bench/profile-summary.ts reads it again.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      task: { type: 'string', default: 'timeline' },
      seconds: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '5' },
      connections: { type: 'string', default: '16' },
      events: { type: 'string' },
      top: { type: 'string', default: '30' },
      pool: { type: 'string', default: '4' },
      'node-args': { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const base = requireDatabaseUrl();
  const events = values.events === undefined ? undefined : Number(values.events);
  const url = events === undefined ? base : datasetUrl(base, events);
  const dataset = await ensureDataset(url, events, DEFAULT_SEED);
  const task = peerTasks(dataset).find((t) => t.id === (values.task as PeerTaskId));
  if (!task)
    throw new UsageError(
      `--task: one of ${peerTasks(dataset)
        .map((t) => t.id)
        .join(', ')}`,
    );
  const connections = Number(values.connections);
  const dir = path.join(RESULTS_DIR, 'profiles');

  if (values['in-process']) {
    const summary = await profileInProcess(url, task.paths, {
      poolSize: Number(values.pool),
      concurrency: connections,
      warmupSeconds: Number(values.warmup),
      seconds: Number(values.seconds),
      dir,
      top: Number(values.top),
    });
    process.stdout.write(summary);
    return;
  }
  const api = await ApiProcess.start({
    databaseUrl: url,
    poolSize: Number(values.pool),
    statementTimeoutMs: 60_000,
    nodeArgs: values['node-args']?.split(' ').filter(Boolean),
  });
  const client = new HttpClient(api.baseUrl, connections);
  try {
    const views = task.paths.map((p) => (get: (p: string) => Promise<Buffer>) => get(p));
    note(`profile: ${task.title} on ${redact(url)}, ${connections} connections; warm-up ${values.warmup} s`);
    await closedLoop({ client, views, concurrency: connections, seconds: Number(values.warmup) });
    const before = await api.cpuUsage();
    const threadsBefore = threadCpuMicros(api.pid);
    await api.startProfile();
    const load = await closedLoop({
      client,
      views,
      concurrency: connections,
      seconds: Number(values.seconds),
    });
    const file = await api.stopProfile(dir);
    const after = await api.cpuUsage();
    const threadsAfter = threadCpuMicros(api.pid);
    const perRequest = cpuMicros(before, after) / Math.max(1, load.requests);
    note(
      `${load.requests} requests in ${values.seconds} s (${load.perSecond.toFixed(1)}/s, p50 ${load.p50Ms.toFixed(1)} ms); API process CPU ${Math.round(perRequest).toLocaleString('en')} µs per request (profiling included)`,
    );
    const split = threadSplit(api.pid, threadsBefore, threadsAfter, load.requests);
    if (split) note(split);
    note(`profile: ${path.relative(process.cwd(), file)}`);
    process.stdout.write(await profileSummary(file, load.requests, Number(values.top)));
  } finally {
    client.close();
    await api.stop();
  }
}

const TICK_MICROS = 10_000; // USER_HZ is 100 on Linux

/** User + system CPU time (µs) of each thread of a process so far, from /proc; empty where there is none. */
function threadCpuMicros(pid: number): Map<string, number> {
  const byThread = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byThread;
  }
  for (const task of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      // The thread's name may hold spaces and parentheses: the fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byThread.set(task, (Number(fields[11]) + Number(fields[12])) * TICK_MICROS);
    } catch {
      // A thread that ended in between.
    }
  }
  return byThread;
}

/**
 * The API process's CPU per request on its main thread (what the V8 profile samples) and on its other threads
 * (V8's GC helpers and libuv's pool, which it does not): a major GC's concurrent marking shows up only there.
 */
function threadSplit(
  pid: number,
  before: Map<string, number>,
  after: Map<string, number>,
  requests: number,
): string | null {
  if (after.size === 0 || requests === 0) return null;
  let main = 0;
  let others = 0;
  for (const [task, micros] of after) {
    const used = micros - (before.get(task) ?? 0);
    if (task === String(pid)) main += used;
    else others += used;
  }
  const per = (micros: number) => Math.round(micros / requests).toLocaleString('en');
  return `by thread: main ${per(main)} µs per request, other threads (V8's GC helpers, libuv's pool) ${per(others)} µs per request`;
}

/** The real app (buildApp) in this process, loaded through app.inject(), profiled with the inspector. */
async function profileInProcess(
  url: string,
  paths: string[],
  o: {
    poolSize: number;
    concurrency: number;
    warmupSeconds: number;
    seconds: number;
    dir: string;
    top: number;
  },
): Promise<string> {
  const config = loadConfig({
    ...apiEnvironment({ databaseUrl: url, poolSize: o.poolSize, statementTimeoutMs: 60_000 }),
    // inject() keeps the event loop busy all the time: load shedding would refuse the requests.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
  });
  const database = await openConfiguredDatabase(config);
  const app = await buildApp({ config, database });
  await app.ready();
  const next = rotation(paths);
  const loop = async (seconds: number) => {
    let requests = 0;
    const deadline = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < deadline) {
        const response = await app.inject({ method: 'GET', url: next() });
        if (response.statusCode !== 200)
          throw new Error(`${response.statusCode}: ${response.body.slice(0, 200)}`);
        requests += 1;
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    return requests;
  };
  try {
    note(`profile (in process, app.inject): warm-up ${o.warmupSeconds} s`);
    await loop(o.warmupSeconds);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const cpuBefore = process.cpuUsage();
    const requests = await loop(o.seconds);
    const cpu = process.cpuUsage(cpuBefore);
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await mkdir(o.dir, { recursive: true });
    const file = path.join(o.dir, `in-process-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    note(
      `${requests} requests in ${o.seconds} s; process CPU ${Math.round((cpu.user + cpu.system) / requests).toLocaleString('en')} µs per request (profiler and inject included); profile: ${path.relative(process.cwd(), file)}`,
    );
    return profileSummary(file, requests, o.top);
  } finally {
    await app.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : (error as Error).stack}\n`);
  process.exit(error instanceof UsageError ? 64 : 1);
});
