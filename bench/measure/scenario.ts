import type { Config } from '../../src/config.ts';
import { type ApiProcess, cpuMicros } from '../api/child.ts';
import { machineCpu } from '../machine.ts';
import { note } from '../progress.ts';
import type { Scenario } from '../scenarios.ts';
import { type CapturedRequest, captureQueries } from './capture.ts';
import { httpLoad } from './http-load.ts';
import { API_APPLICATION, settle } from './quiesce.ts';
import { replay } from './replay.ts';
import type { LoadResult } from './stats.ts';

export interface RunSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  poolSize: number;
  timeoutSeconds: number;
  /** The longest a slow scenario's run is stretched to. */
  maxSeconds: number;
}

export interface Measured extends LoadResult {
  /** CPU time of the process doing the work (the API, or the floor's pg client) per request. */
  cpuMicrosPerRequest: number;
  /** How busy the whole machine was during the run, in % of all cores. */
  machineBusyPercent: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  paths: string[];
  api: Measured;
  /** The same statements through a plain pg pool: the database floor. */
  floor: Measured | null;
  statementsPerRequest: number;
  wavesPerRequest: number;
  meanResponseBytes: number;
  /** The mean time of one request alone, and the measured seconds (longer for slow scenarios). */
  aloneMillis: number;
  seconds: number;
}

async function busyDuring<T>(run: () => Promise<T>): Promise<{ value: T; busyPercent: number }> {
  const before = machineCpu();
  const value = await run();
  const after = machineCpu();
  const total = after.total - before.total;
  return { value, busyPercent: total > 0 ? (100 * (after.busy - before.busy)) / total : Number.NaN };
}

/** autocannon on the API process: a warm-up, then the measured run with the API's CPU time around it. */
export async function measureHttp(
  api: ApiProcess,
  /** The database to quiet down between runs; null for routes that touch none. */
  databaseUrl: string | null,
  origin: string,
  paths: readonly string[],
  settings: RunSettings,
): Promise<Measured> {
  const load = (seconds: number) =>
    httpLoad({
      origin,
      paths,
      connections: settings.connections,
      seconds,
      timeoutSeconds: settings.timeoutSeconds,
    });
  if (settings.warmupSeconds > 0) {
    await load(settings.warmupSeconds);
    if (databaseUrl) await settle(databaseUrl, API_APPLICATION);
  }
  const cpuBefore = await api.cpuUsage();
  const { value, busyPercent } = await busyDuring(() => load(settings.seconds));
  const cpuAfter = await api.cpuUsage();
  if (databaseUrl) await settle(databaseUrl, API_APPLICATION);
  return {
    ...value,
    cpuMicrosPerRequest: cpuMicros(cpuBefore, cpuAfter) / Math.max(1, value.requests),
    machineBusyPercent: busyPercent,
  };
}

export async function measureFloor(
  databaseUrl: string,
  requests: readonly CapturedRequest[],
  settings: RunSettings,
): Promise<Measured> {
  const run = (seconds: number) =>
    replay({
      databaseUrl,
      requests,
      concurrency: settings.connections,
      poolSize: settings.poolSize,
      seconds,
    });
  if (settings.warmupSeconds > 0) await run(settings.warmupSeconds);
  const { value, busyPercent } = await busyDuring(() => run(settings.seconds));
  const { cpuMicros: micros, ...result } = value;
  return {
    ...result,
    cpuMicrosPerRequest: micros / Math.max(1, result.requests),
    machineBusyPercent: busyPercent,
  };
}

/** One scenario: the API under load, then the statements its requests ran (captured before) alone. */
export async function measureScenario(
  api: ApiProcess,
  databaseUrl: string,
  scenario: Scenario,
  captured: readonly CapturedRequest[] | null,
  settings: RunSettings,
): Promise<ScenarioResult> {
  const count = captured?.length || 1;
  const statements = (captured ?? []).reduce((n, c) => n + c.waves.flat().length, 0) / count;
  const waves = (captured ?? []).reduce((n, c) => n + c.waves.length, 0) / count;
  const bytes = (captured ?? []).reduce((n, c) => n + c.responseBytes, 0) / count;
  note(
    `${scenario.id}: ${scenario.paths.length} request(s), ${statements.toFixed(1)} statements in ${waves.toFixed(1)} waves, ${Math.round(bytes)} bytes each`,
  );
  // A request that takes seconds alone would complete a handful of times, or never, in a short run: such a
  // scenario runs long enough for about three rounds of the pool (up to maxSeconds).
  const aloneSeconds = (captured ?? []).reduce((n, c) => n + c.millis, 0) / count / 1000;
  const rounds = (aloneSeconds * settings.connections) / settings.poolSize;
  const runSettings =
    rounds * 3 > settings.seconds
      ? {
          ...settings,
          seconds: Math.max(settings.seconds, Math.min(settings.maxSeconds, Math.ceil(rounds * 3))),
        }
      : settings;
  if (runSettings !== settings) {
    note(`  ${aloneSeconds.toFixed(1)} s per request alone: measuring for ${runSettings.seconds} s`);
  }
  const apiResult = await measureHttp(api, databaseUrl, api.baseUrl, scenario.paths, runSettings);
  note(`  API   ${describe(apiResult)}`);
  let floor: Measured | null = null;
  if (captured) {
    floor = await measureFloor(databaseUrl, captured, runSettings);
    note(`  floor ${describe(floor)}`);
  }
  return {
    id: scenario.id,
    title: scenario.title,
    paths: scenario.paths,
    api: apiResult,
    floor,
    statementsPerRequest: statements,
    wavesPerRequest: waves,
    meanResponseBytes: bytes,
    aloneMillis: aloneSeconds * 1000,
    seconds: runSettings.seconds,
  };
}

/** The statements of every scenario's requests, captured through one app (building one takes seconds). */
export async function captureScenarios(
  config: Config,
  databaseUrl: string,
  scenarios: readonly Scenario[],
): Promise<Map<Scenario, CapturedRequest[]>> {
  const all = await captureQueries(
    config,
    databaseUrl,
    scenarios.flatMap((s) => s.paths),
  );
  const out = new Map<Scenario, CapturedRequest[]>();
  let offset = 0;
  for (const s of scenarios) {
    out.set(s, all.slice(offset, offset + s.paths.length));
    offset += s.paths.length;
  }
  return out;
}

export function describe(m: Measured): string {
  return `${m.perSecond.toFixed(m.perSecond < 100 ? 1 : 0)} req/s, p50 ${m.p50Ms.toFixed(2)} ms, p99 ${m.p99Ms.toFixed(2)} ms, ${m.cpuMicrosPerRequest.toFixed(0)} µs CPU/req, machine ${m.machineBusyPercent.toFixed(0)} % busy${m.failures ? `, ${m.failures} FAILED ${JSON.stringify(m.failuresBy ?? {})}` : ''}`;
}
