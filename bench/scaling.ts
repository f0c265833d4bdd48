import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { ApiProcess, type ApiProcessOptions, apiEnvironment } from './api/child.ts';
import { datasetUrl, redact, requireDatabaseUrl, UsageError } from './database-url.ts';
import { ensureDataset } from './dataset/ensure.ts';
import type { DatasetInfo } from './dataset/load.ts';
import { machineInfo } from './machine.ts';
import { captureScenarios, measureScenario, type ScenarioResult } from './measure/scenario.ts';
import { OPTIONS_HELP, parseBenchOptions } from './options.ts';
import { note } from './progress.ts';
import { markdownTable, RESULTS_DIR, type Target, targetTable, writeReport } from './report.ts';
import { gapsScenario, pageScenarios, type Scenario, timelineScenario } from './scenarios.ts';

const USAGE = `Runs scenarios 1 (timeline), 3 (first and deep page) and 5 (gaps) at several data set sizes, each in
its own database (<DATABASE_URL's name>_10k, _100k, _1m, loaded first if needed), and reports how p50 grows.

  DATABASE_URL=postgres://postgres@127.0.0.1:55432/bench npm run bench:scaling -- [--sizes 10000,100000,1000000] [options]

${OPTIONS_HELP.split('\n')
  .filter((line) => !line.includes('--events') && !line.includes('without it') && !line.includes('--export'))
  .join('\n')}`;

interface SizeRun {
  events: number;
  database: string;
  dataset: DatasetInfo;
  pageDepth: number;
  scenarios: ScenarioResult[];
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sizes = options.sizes ?? [10_000, 100_000, 1_000_000];
  const baseUrl = requireDatabaseUrl();
  const startedAt = new Date().toISOString();
  const settings = options.settings;
  const runs: SizeRun[] = [];

  // Load every size first, so that the measurements of all sizes are taken close together.
  const datasets = new Map<number, DatasetInfo>();
  for (const events of sizes)
    datasets.set(events, await ensureDataset(datasetUrl(baseUrl, events), events, options.seed));
  const machine = await machineInfo(datasetUrl(baseUrl, sizes[0]!));

  for (const events of sizes) {
    const url = datasetUrl(baseUrl, events);
    const dataset = datasets.get(events)!;
    note(`scaling: ${events.toLocaleString('en')} events in ${redact(url)}`);
    const apiOptions: ApiProcessOptions = {
      databaseUrl: url,
      poolSize: settings.poolSize,
      statementTimeoutMs: options.statementTimeoutMs,
      ...(options.cpuProfile ? { cpuProfileDir: path.join(RESULTS_DIR, 'profiles') } : {}),
      nodeArgs: options.apiNodeArgs,
    };
    const api = await ApiProcess.start(apiOptions);
    try {
      const pages = await pageScenarios(api.baseUrl, events);
      const scenarios: Scenario[] = [timelineScenario(dataset), pages.first, pages.deep, gapsScenario()];
      if (api.routes['/v1/gaps']) scenarios.push(gapsScenario('bench-council-steady'));
      const runnable = scenarios.filter((s) => api.routes[s.route]);
      const captured = await captureScenarios(loadConfig(apiEnvironment(apiOptions)), url, runnable);
      const results: ScenarioResult[] = [];
      for (const scenario of runnable) {
        results.push(await measureScenario(api, url, scenario, captured.get(scenario) ?? null, settings));
      }
      runs.push({ events, database: redact(url), dataset, pageDepth: pages.depth, scenarios: results });
    } finally {
      await api.stop();
    }
  }

  const ids = [...new Set(runs.flatMap((r) => r.scenarios.map((s) => s.id)))];
  const find = (run: SizeRun, id: string) => run.scenarios.find((s) => s.id === id);
  const first = runs[0]!;
  const last = runs.at(-1)!;
  const growth = (id: string, pick: (s: ScenarioResult) => number | undefined) => {
    const a = find(first, id);
    const b = find(last, id);
    const va = a ? pick(a) : undefined;
    const vb = b ? pick(b) : undefined;
    return va && vb ? vb / va : null;
  };
  const rows = ids.map((id) => {
    const title = runs.map((r) => find(r, id)?.title).find(Boolean) ?? id;
    return [
      id === 'page-deep' ? 'deep page (1,000th, fewer in small sets)' : title,
      ...runs.map((r) => {
        const s = find(r, id);
        return s ? `${s.api.p50Ms.toFixed(2)} (${s.floor?.p50Ms.toFixed(2) ?? '–'})` : '–';
      }),
      growth(id, (s) => s.api.p50Ms)?.toFixed(2) ?? '–',
      growth(id, (s) => s.floor?.p50Ms)?.toFixed(2) ?? '–',
    ];
  });
  const header = [
    'scenario: p50 ms API (floor)',
    ...runs.map((r) => `${r.events.toLocaleString('en')} events`),
    `API p50 ×`,
    `floor p50 ×`,
  ];

  const targets: Target[] = [];
  for (const [id, name] of [
    ['timeline', 'scenario 1 (timeline)'],
    ['gaps', 'scenario 5 (gaps bench-council-1; its meetings grow with the data set)'],
    ['gaps-steady', 'scenario 5 with bench-council-steady (1,000 meetings at every size)'],
  ] as const) {
    const g = growth(id, (s) => s.api.p50Ms);
    if (g === null) continue;
    targets.push({
      name: `${name}: p50 ${first.events.toLocaleString('en')} → ${last.events.toLocaleString('en')}`,
      goal: '≤ 1.5×',
      measured: `${g.toFixed(2)}×`,
      pass: g <= 1.5,
    });
  }
  for (const run of runs) {
    const a = find(run, 'page-first');
    const b = find(run, 'page-deep');
    if (a && b) {
      const ratio = b.api.p50Ms / a.api.p50Ms;
      targets.push({
        name: `p50 of page ${run.pageDepth} ÷ page 1 at ${run.events.toLocaleString('en')} events`,
        goal: '≤ 1.20',
        measured: ratio.toFixed(2),
        pass: ratio <= 1.2,
      });
    }
  }

  const file = await writeReport('scaling', {
    kind: 'scaling',
    startedAt,
    finishedAt: new Date().toISOString(),
    arguments: process.argv.slice(2),
    machine,
    settings: {
      ...settings,
      quick: options.quick,
      statementTimeoutMs: options.statementTimeoutMs,
      apiNodeArgs: options.apiNodeArgs,
    },
    runs,
    targets,
  });
  process.stdout.write(
    [
      `p50 by data set size; ${settings.connections} connections, pool ${settings.poolSize}, ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up; ${machine.cpus} CPUs, load average at start ${machine.loadAverageAtStart.join(' ')}`,
      '',
      markdownTable(header, rows),
      '',
      targetTable(targets),
      '',
      `JSON: ${path.relative(process.cwd(), file)}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : (error as Error).stack}\n`);
  process.exit(error instanceof UsageError ? 64 : 1);
});
