import { parseArgs } from 'node:util';
import { UsageError } from './database-url.ts';
import { DEFAULT_SEED } from './dataset/load.ts';
import type { RunSettings } from './measure/scenario.ts';

export interface BenchOptions {
  events: number | undefined;
  seed: number;
  quick: boolean;
  settings: RunSettings;
  statementTimeoutMs: number;
  exportSeconds: number;
  only: string[] | null;
  cpuProfile: boolean;
  /** Extra node flags for the API process. */
  apiNodeArgs: string[];
  help: boolean;
  /** bench:scaling only: the data set sizes. */
  sizes: number[] | null;
  /** The side-by-side comparison with the peers (scenario `peers`). */
  peers: { tasks: string[] | null; rounds: number; seconds: number; singleSeconds: number };
}

export const OPTIONS_HELP = `  --events N           use the database <DATABASE_URL's name>_<N> (e.g. bench_100k), loading it first if needed;
                       without it, DATABASE_URL itself, loaded by bench:data
  --quick              short runs (0.5 s warm-up, 1 s measured, export capped at 5 s, one API process): a smoke test
  --connections C      concurrent HTTP connections, and floor requests in flight (default 16)
  --seconds S          measured seconds per run (default 10)
  --warmup S           warm-up seconds before each run (default 3)
  --pool N             the API's pg pool size, and the floor's (default 4)
  --export-seconds S   stop the export and each COPY after S seconds (default 60)
  --only a,b           only these scenarios (timeline, fulltext, pages, histogram, gaps, geo, stats, export, peers)
  --peer-tasks a,b     only these tasks of the peers comparison (timeline, first-page, histogram,
                       fulltext-common, fulltext-rare, gaps)
  --peer-rounds N      rounds of the peers comparison, the servers' order alternating (default 4; quick 1)
  --peer-seconds S     measured seconds per server and round, 16 connections (default 5; quick 1)
  --single-seconds S   seconds of each one-client run of the peers comparison (default 3; quick 1)
  --cpu-prof           write a V8 CPU profile of the API process to bench/results/profiles/
  --api-node-args=A    more node flags for the API process, e.g. --api-node-args=--max-old-space-size=160
  --seed S             generator seed for --events (default ${DEFAULT_SEED})`;

export function parseBenchOptions(args: string[]): BenchOptions {
  const parse = () =>
    parseArgs({
      args,
      options: {
        events: { type: 'string' },
        seed: { type: 'string', default: String(DEFAULT_SEED) },
        quick: { type: 'boolean', default: false },
        connections: { type: 'string', default: '16' },
        seconds: { type: 'string' },
        warmup: { type: 'string' },
        pool: { type: 'string', default: '4' },
        'export-seconds': { type: 'string' },
        only: { type: 'string' },
        'cpu-prof': { type: 'boolean', default: false },
        'api-node-args': { type: 'string' },
        help: { type: 'boolean', default: false },
        sizes: { type: 'string' },
        'peer-tasks': { type: 'string' },
        'peer-rounds': { type: 'string' },
        'peer-seconds': { type: 'string' },
        'single-seconds': { type: 'string' },
      },
    });
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n(see --help)`);
  }
  const number = (name: string, value: unknown, min: number) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name}: give a number ≥ ${min}`);
    return n;
  };
  const quick = values.quick === true;
  const options: BenchOptions = {
    events: values.events === undefined ? undefined : number('events', values.events, 5000),
    seed: number('seed', values.seed, 0),
    quick,
    settings: {
      connections: number('connections', values.connections, 1),
      seconds: number('seconds', values.seconds ?? (quick ? 1 : 10), 0.5),
      warmupSeconds: number('warmup', values.warmup ?? (quick ? 0.5 : 3), 0),
      poolSize: number('pool', values.pool, 1),
      timeoutSeconds: 60,
      maxSeconds: quick ? 5 : 120,
    },
    statementTimeoutMs: 60_000,
    exportSeconds: number('export-seconds', values['export-seconds'] ?? (quick ? 5 : 60), 1),
    only: typeof values.only === 'string' ? values.only.split(',').map((s) => s.trim()) : null,
    cpuProfile: values['cpu-prof'] === true,
    apiNodeArgs: values['api-node-args']?.split(/\s+/).filter(Boolean) ?? [],
    help: values.help === true,
    sizes: values.sizes === undefined ? null : values.sizes.split(',').map((n) => number('sizes', n, 5000)),
    peers: {
      tasks:
        typeof values['peer-tasks'] === 'string'
          ? values['peer-tasks'].split(',').map((s) => s.trim())
          : null,
      rounds: number('peer-rounds', values['peer-rounds'] ?? (quick ? 1 : 4), 1),
      seconds: number('peer-seconds', values['peer-seconds'] ?? (quick ? 1 : 5), 0.5),
      singleSeconds: number('single-seconds', values['single-seconds'] ?? (quick ? 1 : 3), 0.5),
    },
  };
  return options;
}
