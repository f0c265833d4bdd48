import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { ApiProcess, type ApiProcessOptions, apiEnvironment } from './api/child.ts';
import { NOOP_PATH } from './api/protocol.ts';
import { datasetUrl, redact, requireDatabaseUrl, UsageError } from './database-url.ts';
import { ensureDataset } from './dataset/ensure.ts';
import { machineInfo } from './machine.ts';
import { type ApiExportResult, apiExport, type ExportResult, psqlCopy } from './measure/export.ts';
import {
  captureScenarios,
  describe,
  type Measured,
  measureHttp,
  measureScenario,
  type ScenarioResult,
} from './measure/scenario.ts';
import { OPTIONS_HELP, parseBenchOptions } from './options.ts';
import { measurePeers, type PeerReport } from './peers/measure.ts';
import { median, medianAndRange, peerShapeTable, peerTable, ratios } from './peers/report.ts';
import type { PeerTaskId } from './peers/tasks.ts';
import { note } from './progress.ts';
import {
  RESULTS_DIR,
  type ScenarioRow,
  scenarioTable,
  type Target,
  targetTable,
  withLimits,
  writeReport,
} from './report.ts';
import {
  EXPORT_COPY_PLAIN_SELECT,
  EXPORT_COPY_SELECT,
  EXPORT_PATH,
  fullTextScenario,
  gapsScenario,
  geoScenario,
  histogramScenario,
  pageScenarios,
  type Scenario,
  statsScenario,
  timelineScenario,
} from './scenarios.ts';

const USAGE = `Measures the API beside its limits: each scenario through HTTP (autocannon), the same SQL through a
plain pg pool (the database floor), a no-op route (the HTTP ceiling), the NDJSON export beside COPY, and the
API beside two peers on the same tasks (bench/peers: B hand-written, C Platformatic DB; each installed once with
npm ci --prefix bench/peers/<name>).

  DATABASE_URL=postgres://postgres@127.0.0.1:55432/bench npm run bench -- [options]

${OPTIONS_HELP}`;

const MB = 1024 * 1024;

interface ExportReport {
  api: ApiExportResult;
  copy: ExportResult;
  copyPlain: ExportResult;
  ratioToCopy: number;
  ratioToCopyPlain: number;
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const startedAt = new Date().toISOString();
  const baseUrl = requireDatabaseUrl();
  const url = options.events === undefined ? baseUrl : datasetUrl(baseUrl, options.events);
  const dataset = await ensureDataset(url, options.events, options.seed);
  const machine = await machineInfo(url);
  const settings = options.settings;
  const wanted = (id: string) => options.only === null || options.only.includes(id);
  note(
    `bench: ${dataset.events.toLocaleString('en')} events in ${redact(url)}; ${settings.connections} connections, pool ${settings.poolSize}, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s per run; load average ${machine.loadAverageAtStart.join(' ')}`,
  );

  const apiOptions: ApiProcessOptions = {
    databaseUrl: url,
    poolSize: settings.poolSize,
    statementTimeoutMs: options.statementTimeoutMs,
    ...(options.cpuProfile ? { cpuProfileDir: path.join(RESULTS_DIR, 'profiles') } : {}),
    nodeArgs: options.apiNodeArgs,
  };
  const config = loadConfig(apiEnvironment(apiOptions));
  const results: ScenarioResult[] = [];
  const skipped: { id: string; reason: string }[] = [];
  let noop: { app: Measured; bare: Measured };
  let pageDepth: number | null = null;
  let exportReport: ExportReport | null = null;
  let peers: PeerReport | null = null;

  const api = await ApiProcess.start(apiOptions);
  try {
    note('no-op route and bare Fastify (the HTTP ceilings)');
    noop = {
      app: await measureHttp(api, null, api.baseUrl, [NOOP_PATH], settings),
      bare: await measureHttp(api, null, `http://127.0.0.1:${api.barePort}`, ['/'], settings),
    };
    note(`  no-op ${describe(noop.app)}\n  bare  ${describe(noop.bare)}`);

    const scenarios: Scenario[] = [];
    if (wanted('timeline')) scenarios.push(timelineScenario(dataset));
    if (wanted('fulltext')) scenarios.push(fullTextScenario());
    if (wanted('pages')) {
      note('walking the timeline to the deep pages');
      const pages = await pageScenarios(api.baseUrl, dataset.events);
      pageDepth = pages.depth;
      scenarios.push(pages.first, pages.deep);
    }
    if (wanted('histogram')) scenarios.push(histogramScenario());
    if (wanted('gaps')) scenarios.push(gapsScenario());
    if (wanted('geo')) scenarios.push(geoScenario());
    if (wanted('stats')) scenarios.push(statsScenario());

    const runnable = scenarios.filter((scenario) => {
      if (api.routes[scenario.route]) return true;
      const reason = `GET ${scenario.route} does not exist in this build of the API yet: skipped`;
      note(`${scenario.id}: ${reason}`);
      skipped.push({ id: scenario.id, reason });
      return false;
    });
    if (runnable.length > 0) {
      note('capturing the SQL each request runs');
      const captured = await captureScenarios(config, url, runnable);
      for (const scenario of runnable) {
        results.push(await measureScenario(api, url, scenario, captured.get(scenario) ?? null, settings));
      }
    }
    if (wanted('peers')) {
      note('peers: the API beside B (hand-written, one statement per task) and C (Platformatic DB)');
      peers = await measurePeers(api, url, dataset, {
        connections: settings.connections,
        seconds: options.peers.seconds,
        warmupSeconds: settings.warmupSeconds,
        singleSeconds: options.peers.singleSeconds,
        rounds: options.peers.rounds,
        poolSize: settings.poolSize,
        maxSeconds: settings.maxSeconds,
        only: options.peers.tasks as PeerTaskId[] | null,
      });
    }
    if (wanted('export') && options.quick) {
      exportReport = await measureExport(apiOptions, url, options.exportSeconds, api);
    }
  } finally {
    await api.stop();
  }
  if (wanted('export') && !options.quick) {
    exportReport = await measureExport(apiOptions, url, options.exportSeconds, null);
  }

  const rows = results.map((r) => withLimits(r, noop.app));
  const targets = [...evaluateTargets(rows, exportReport, pageDepth), ...peerTargets(peers)];
  const report = {
    kind: 'bench',
    startedAt,
    finishedAt: new Date().toISOString(),
    arguments: process.argv.slice(2),
    machine,
    database: redact(url),
    dataset,
    settings: {
      ...settings,
      quick: options.quick,
      statementTimeoutMs: options.statementTimeoutMs,
      pageDepth,
      apiNodeArgs: options.apiNodeArgs,
    },
    noop,
    scenarios: rows,
    skipped,
    export: exportReport,
    peers,
    targets,
  };
  const file = await writeReport(null, report);

  const out: string[] = [
    `${dataset.events.toLocaleString('en')} events, ${settings.connections} connections, pool ${settings.poolSize}, ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up; ${machine.cpus} CPUs, load average at start ${machine.loadAverageAtStart.join(' ')}`,
    '',
    scenarioTable(rows, noop),
  ];
  if (exportReport) out.push('', exportTable(exportReport));
  if (peers) {
    out.push('', peerTable(peers), '', peerShapeTable(peers));
    for (const [key, reason] of Object.entries(peers.absent))
      out.push('', `peer ${key.toUpperCase()}: ${reason}`);
  }
  for (const s of skipped) out.push('', `${s.id}: ${s.reason}`);
  out.push('', targetTable(targets), '', `JSON: ${path.relative(process.cwd(), file)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

async function measureExport(
  apiOptions: ApiProcessOptions,
  url: string,
  capSeconds: number,
  running: ApiProcess | null,
): Promise<ExportReport> {
  // A fresh API process, so its memory is the export's alone; a quick run reuses the one it has (the peak is
  // reset before the export either way).
  const api = running ?? (await ApiProcess.start(apiOptions));
  let apiResult: ApiExportResult;
  try {
    note(`export: GET ${EXPORT_PATH} (at most ${capSeconds} s)${running ? ' in the same API process' : ''}`);
    apiResult = await apiExport(api, EXPORT_PATH, capSeconds);
  } finally {
    if (!running) await api.stop();
  }
  note(
    `  API  ${apiResult.rows} rows in ${apiResult.seconds.toFixed(1)} s: ${Math.round(apiResult.rowsPerSecond)} rows/s, peak RSS ${(apiResult.peakRssBytes / MB).toFixed(0)} MB`,
  );
  const copy = await psqlCopy(url, EXPORT_COPY_SELECT, capSeconds);
  note(`  COPY (with participants, sources, relations) ${Math.round(copy.rowsPerSecond)} rows/s`);
  const copyPlain = await psqlCopy(url, EXPORT_COPY_PLAIN_SELECT, capSeconds);
  note(`  COPY (event rows only) ${Math.round(copyPlain.rowsPerSecond)} rows/s`);
  return {
    api: apiResult,
    copy,
    copyPlain,
    ratioToCopy: apiResult.rowsPerSecond / copy.rowsPerSecond,
    ratioToCopyPlain: apiResult.rowsPerSecond / copyPlain.rowsPerSecond,
  };
}

function exportTable(e: ExportReport): string {
  const row = (name: string, r: ExportResult, extra: string) =>
    `| ${name} | ${r.rows.toLocaleString('en')}${r.truncated ? ' (capped)' : ''} | ${r.seconds.toFixed(1)} | ${Math.round(r.rowsPerSecond).toLocaleString('en')} | ${extra} |`;
  return [
    '| export | rows | s | rows/s | notes |',
    '|---|---|---|---|---|',
    row(
      'NDJSON from the API',
      e.api,
      `peak RSS ${(e.api.peakRssBytes / MB).toFixed(0)} MB (${(e.api.rssBeforeBytes / MB).toFixed(0)} MB before), ${e.api.cpuMicrosPerRow.toFixed(0)} µs CPU/row`,
    ),
    row(
      'COPY, same data (participants, sources, relations as JSON)',
      e.copy,
      `API ÷ COPY = ${e.ratioToCopy.toFixed(2)}`,
    ),
    row('COPY, event rows only', e.copyPlain, `API ÷ COPY = ${e.ratioToCopyPlain.toFixed(2)}`),
  ].join('\n');
}

function evaluateTargets(rows: ScenarioRow[], exported: ExportReport | null, depth: number | null): Target[] {
  const targets: Target[] = [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ['timeline', 'fulltext', 'gaps', 'geo', 'stats']) {
    const r = byId.get(id);
    if (!r) continue;
    targets.push({
      name: `${r.title}: req/s ÷ L`,
      goal: '≥ 0.90',
      measured: `${r.ratioToLimit?.toFixed(2)} (÷ floor ${r.ratioToFloor?.toFixed(2)})`,
      pass: r.ratioToLimit === null ? null : r.ratioToLimit >= 0.9,
    });
  }
  const first = byId.get('page-first');
  const deep = byId.get('page-deep');
  if (first && deep) {
    const ratio = deep.api.p50Ms / first.api.p50Ms;
    targets.push({
      name: `p50 of page ${depth} ÷ p50 of page 1`,
      goal: '≤ 1.20',
      measured: `${ratio.toFixed(2)} (${deep.api.p50Ms.toFixed(2)} / ${first.api.p50Ms.toFixed(2)} ms)`,
      pass: ratio <= 1.2,
    });
  }
  if (exported) {
    targets.push({
      name: 'NDJSON export rows/s ÷ COPY rows/s (same data)',
      goal: '≥ 0.30',
      measured: `${exported.ratioToCopy.toFixed(2)} (÷ plain COPY ${exported.ratioToCopyPlain.toFixed(2)})`,
      pass: exported.ratioToCopy >= 0.3,
    });
    targets.push({
      name: 'NDJSON export peak RSS of the API process',
      goal: '< 256 MB',
      measured: `${(exported.api.peakRssBytes / MB).toFixed(0)} MB${exported.api.truncated ? ' (export capped)' : ''}`,
      pass: exported.api.peakRssBytes < 256 * MB,
    });
  }
  return targets;
}

/** The goals of the comparison: API ÷ B ≥ 1 and API ÷ C ≥ 2 on every task, API CPU per timeline page ≤ 3 ms. */
function peerTargets(report: PeerReport | null): Target[] {
  if (!report) return [];
  const targets: Target[] = [];
  for (const task of report.tasks) {
    for (const [peer, goal] of [
      ['b', 1],
      ['c', 2],
    ] as const) {
      if (task.checks[peer].status !== 'same') continue;
      const rounds = ratios(task, peer);
      const measured = median(rounds);
      targets.push({
        name: `${task.title}: API ÷ ${peer.toUpperCase()} (req/s, median of rounds)`,
        goal: `≥ ${goal.toFixed(1)}`,
        measured: medianAndRange(rounds),
        pass: Number.isNaN(measured) ? null : measured >= goal,
      });
    }
  }
  const timeline = report.tasks.find((t) => t.id === 'timeline');
  const apiRuns = timeline?.runs.filter((r) => r.server === 'api') ?? [];
  if (apiRuns.length > 0) {
    const ms = apiRuns.reduce((n, r) => n + r.cpuMicrosPerView, 0) / apiRuns.length / 1000;
    targets.push({
      name: 'API CPU per timeline page (process CPU ÷ requests)',
      goal: '≤ 3 ms',
      measured: `${ms.toFixed(2)} ms`,
      pass: ms <= 3,
    });
  }
  return targets;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : (error as Error).stack}\n`);
  process.exit(error instanceof UsageError ? 64 : 1);
});
