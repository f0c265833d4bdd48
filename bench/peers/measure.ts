import pg from 'pg';
import type { ApiProcess } from '../api/child.ts';
import type { DatasetInfo } from '../dataset/load.ts';
import { machineCpu } from '../machine.ts';
import { API_APPLICATION } from '../measure/quiesce.ts';
import type { LoadResult } from '../measure/stats.ts';
import { note } from '../progress.ts';
import { type Difference, firstDifference } from './compare.ts';
import { closedLoop, HttpClient, type View } from './load.ts';
import { platformaticView } from './platformatic-frontend.ts';
import {
  PEER_APPLICATIONS,
  PeerNotInstalled,
  type PeerServer,
  processTreeCpuMicros,
  startHandwritten,
  startPlatformatic,
} from './servers.ts';
import { type PeerTask, type PeerTaskId, peerTasks } from './tasks.ts';

export type ServerKey = 'api' | 'b' | 'c';

export interface PeerSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Seconds of the one-client run that gives the single-client p50. */
  singleSeconds: number;
  /** Rounds per task; the servers' order alternates between rounds. */
  rounds: number;
  poolSize: number;
  maxSeconds: number;
  only: PeerTaskId[] | null;
}

export interface PeerRun extends LoadResult {
  server: ServerKey;
  round: number;
  /** CPU time of the server process (and its children) per page view. */
  cpuMicrosPerView: number;
  /** CPU time of the PostgreSQL backends serving it per page view (its pool's connections). */
  databaseCpuMicrosPerView: number;
  machineBusyPercent: number;
  /** One client, one page view at a time. */
  single: LoadResult;
  /**
   * Measured with one client only: its page view downloads more than 1 MiB (Platformatic's histogram fetches
   * every event). Sixteen such downloads at once would hold sixteen copies of the table in the peer's memory,
   * and its work is one Node thread's anyway: the one-client rate is its rate.
   */
  singleClientOnly: boolean;
}

export type CheckResult =
  | { status: 'same'; paths: number }
  | { status: 'differs'; path: string; difference: Difference }
  | { status: 'cannot'; reason: string }
  | { status: 'absent'; reason: string };

export interface PeerTaskResult {
  id: PeerTaskId;
  title: string;
  paths: string[];
  seconds: number;
  /** Mean response bytes of one page view (all its requests) per server. */
  bytesPerView: Partial<Record<ServerKey, number>>;
  requestsPerView: Partial<Record<ServerKey, number>>;
  checks: { b: CheckResult; c: CheckResult };
  runs: PeerRun[];
}

export interface PeerReport {
  settings: PeerSettings;
  servers: Partial<Record<ServerKey, string>>;
  absent: Partial<Record<ServerKey, string>>;
  tasks: PeerTaskResult[];
}

interface Contender {
  key: ServerKey;
  pid: number;
  application: string;
  client: HttpClient;
}

/** Counts the requests and bytes a page view makes, for the report. */
function counting(view: View) {
  let requests = 0;
  let bytes = 0;
  const counted: View = (get) =>
    view(async (path) => {
      const body = await get(path);
      requests += 1;
      bytes += body.length;
      return body;
    });
  return { counted, totals: () => ({ requests, bytes }) };
}

async function backendPids(databaseUrl: string, application: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1 and datname = current_database()',
      [application],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + processTreeCpuMicros(pid), 0);

/** A page view that downloads more than this is measured with one client (see `singleClientOnly`). */
const BULK_VIEW_BYTES = 1024 * 1024;

async function measureOne(
  databaseUrl: string,
  contender: Contender,
  views: View[],
  settings: PeerSettings,
  seconds: { loaded: number; single: number },
  singleClientOnly: boolean,
  round: number,
): Promise<PeerRun> {
  const concurrency = singleClientOnly ? 1 : settings.connections;
  // The first round warms the server up; later rounds only refill its pool and caches after the others ran.
  const warmup = round === 1 ? settings.warmupSeconds : Math.min(1, settings.warmupSeconds);
  if (warmup > 0) await closedLoop({ client: contender.client, views, concurrency, seconds: warmup });
  const backends = await backendPids(databaseUrl, contender.application);
  const cpuBefore = processTreeCpuMicros(contender.pid);
  const dbBefore = cpuOf(backends);
  const machineBefore = machineCpu();
  const loaded = await closedLoop({
    client: contender.client,
    views,
    concurrency,
    seconds: singleClientOnly ? seconds.single : seconds.loaded,
  });
  const machineAfter = machineCpu();
  const cpu = processTreeCpuMicros(contender.pid) - cpuBefore;
  const db = cpuOf(backends) - dbBefore;
  const single = singleClientOnly
    ? loaded
    : await closedLoop({ client: contender.client, views, concurrency: 1, seconds: seconds.single });
  const total = machineAfter.total - machineBefore.total;
  return {
    ...loaded,
    server: contender.key,
    round,
    singleClientOnly,
    cpuMicrosPerView: cpu / Math.max(1, loaded.requests),
    databaseCpuMicrosPerView: db / Math.max(1, loaded.requests),
    machineBusyPercent: total > 0 ? (100 * (machineAfter.busy - machineBefore.busy)) / total : Number.NaN,
    single,
  };
}

async function checkAnswers(
  api: HttpClient,
  peer: HttpClient,
  task: PeerTask,
  viewOf: (path: string) => View,
  rules: PeerTask['normaliseB'],
): Promise<{ check: CheckResult; bytes: number; requests: number; aloneMillis: number }> {
  let bytes = 0;
  let requests = 0;
  let aloneMillis = 0;
  for (const path of task.paths) {
    const expected = JSON.parse((await api.get(path)).toString('utf8'));
    const { counted, totals } = counting(viewOf(path));
    const started = performance.now();
    const actual = await counted(peer.get);
    aloneMillis += performance.now() - started;
    const parsed = Buffer.isBuffer(actual) ? JSON.parse(actual.toString('utf8')) : actual;
    bytes += totals().bytes;
    requests += totals().requests;
    const difference = firstDifference(expected, parsed, rules);
    if (difference) {
      return { check: { status: 'differs', path, difference }, bytes, requests, aloneMillis };
    }
  }
  const n = task.paths.length;
  return {
    check: { status: 'same', paths: n },
    bytes: bytes / n,
    requests: requests / n,
    aloneMillis: aloneMillis / n,
  };
}

/**
 * The API beside peer B (hand-written, one statement per task) and peer C (Platformatic DB's generated REST
 * with a frontend's page views), on the same database, one server loaded at a time with the same client,
 * after checking that all give the same answers (normalised as tasks.ts says).
 */
export async function measurePeers(
  api: ApiProcess,
  databaseUrl: string,
  dataset: DatasetInfo,
  settings: PeerSettings,
): Promise<PeerReport> {
  const report: PeerReport = { settings, servers: {}, absent: {}, tasks: [] };
  const started: PeerServer[] = [];
  const contenders = new Map<ServerKey, Contender>();
  const client = (origin: string) => new HttpClient(origin, settings.connections);
  contenders.set('api', {
    key: 'api',
    pid: api.pid,
    application: API_APPLICATION,
    client: client(api.baseUrl),
  });
  report.servers.api = api.baseUrl;
  const peers: [ServerKey, () => Promise<PeerServer>, string][] = [
    ['b', () => startHandwritten(databaseUrl, settings.poolSize), PEER_APPLICATIONS.handwritten],
    ['c', () => startPlatformatic(databaseUrl, settings.poolSize), PEER_APPLICATIONS.platformatic],
  ];
  try {
    for (const [key, start, application] of peers) {
      try {
        const server = await start();
        started.push(server);
        contenders.set(key, { key, pid: server.pid, application, client: client(server.origin) });
        report.servers[key] = server.origin;
        note(`peers: ${server.name} at ${server.origin} (pid ${server.pid})`);
      } catch (error) {
        if (!(error instanceof PeerNotInstalled)) throw error;
        report.absent[key] = error.message;
        note(`peers: ${key.toUpperCase()} skipped: ${error.message}`);
      }
    }
    const tasks = peerTasks(dataset).filter((t) => settings.only === null || settings.only.includes(t.id));
    for (const task of tasks) report.tasks.push(await measureTask(databaseUrl, task, contenders, settings));
  } finally {
    for (const c of contenders.values()) c.client.close();
    for (const server of started) await server.stop();
  }
  return report;
}

async function measureTask(
  databaseUrl: string,
  task: PeerTask,
  contenders: Map<ServerKey, Contender>,
  settings: PeerSettings,
): Promise<PeerTaskResult> {
  const apiClient = contenders.get('api')!.client;
  const plain =
    (path: string): View =>
    (get) =>
      get(path);
  const viewsOf: Record<ServerKey, ((path: string) => View) | null> = {
    api: plain,
    b: plain,
    c: task.platformaticCannot
      ? null
      : (path) => platformaticView(task.id, path) ?? (() => Promise.reject(new Error('no view'))),
  };
  const result: PeerTaskResult = {
    id: task.id,
    title: task.title,
    paths: task.paths,
    seconds: settings.seconds,
    bytesPerView: {},
    requestsPerView: {},
    checks: {
      b: { status: 'absent', reason: 'not started' },
      c: task.platformaticCannot
        ? { status: 'cannot', reason: task.platformaticCannot }
        : { status: 'absent', reason: 'not started' },
    },
    runs: [],
  };
  note(`peers: ${task.id}: ${task.title} (${task.paths.length} request(s))`);

  // The API's own size and time alone, then each peer's answers beside it.
  const own = await checkAnswers(apiClient, apiClient, task, plain, task.normaliseB);
  result.bytesPerView.api = own.bytes;
  result.requestsPerView.api = own.requests;
  const alone: Partial<Record<ServerKey, number>> = { api: own.aloneMillis };
  const timed: ServerKey[] = ['api'];
  for (const key of ['b', 'c'] as const) {
    const contender = contenders.get(key);
    const viewOf = viewsOf[key];
    if (!contender || !viewOf) continue;
    const checked = await checkAnswers(
      apiClient,
      contender.client,
      task,
      viewOf,
      key === 'b' ? task.normaliseB : task.normaliseC,
    );
    result.checks[key] = checked.check;
    if (checked.check.status !== 'same') {
      note(`  ${key.toUpperCase()} answers differ, not timed: ${JSON.stringify(checked.check)}`);
      continue;
    }
    result.bytesPerView[key] = checked.bytes;
    result.requestsPerView[key] = checked.requests;
    alone[key] = checked.aloneMillis;
    timed.push(key);
  }

  const bulk = (key: ServerKey) => (result.bytesPerView[key] ?? 0) > BULK_VIEW_BYTES;
  // A page view that takes seconds alone completes only a few times in a short run: such a task runs long
  // enough for about three rounds of the connections (or, with one client, for about five views).
  const slowest = Math.max(...timed.filter((k) => !bulk(k)).map((k) => alone[k] ?? 0)) / 1000;
  const rounds = (slowest * settings.connections) / settings.poolSize;
  const stretch = (wanted: number, floor: number) =>
    wanted > floor ? Math.max(floor, Math.min(settings.maxSeconds, Math.ceil(wanted))) : floor;
  result.seconds = stretch(rounds * 3, settings.seconds);
  for (let round = 1; round <= settings.rounds; round++) {
    const order = round % 2 === 1 ? timed : [...timed].reverse();
    for (const key of order) {
      // A bulk view takes seconds to minutes: two rounds of it (one past 30 s a view) are enough for a ratio
      // of a hundred or more.
      if (bulk(key) && round > ((alone[key] ?? 0) > 30_000 ? 1 : 2)) continue;
      const contender = contenders.get(key)!;
      const views = task.paths.map((path) => viewsOf[key]!(path));
      const seconds = {
        loaded: result.seconds,
        // About five views, or for a bulk view as long as it takes to complete one or two.
        single: stretch(((alone[key] ?? 0) / 1000) * (bulk(key) ? 2.5 : 5), settings.singleSeconds),
      };
      const run = await measureOne(databaseUrl, contender, views, settings, seconds, bulk(key), round);
      result.runs.push(run);
      note(
        `  ${key.toUpperCase().padEnd(3)} round ${round}: ${run.perSecond.toFixed(run.perSecond < 100 ? 1 : 0)} views/s${run.singleClientOnly ? ' (1 client)' : ''}, p50 ${run.p50Ms.toFixed(1)} ms (1 client: ${run.single.p50Ms.toFixed(1)} ms), ${Math.round(run.cpuMicrosPerView)} µs CPU/view (+ ${Math.round(run.databaseCpuMicrosPerView)} µs in PostgreSQL), machine ${run.machineBusyPercent.toFixed(0)} % busy${run.failures ? `, ${run.failures} FAILED ${JSON.stringify(run.failuresBy)}` : ''}`,
      );
    }
  }
  return result;
}
