import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ApiProcess } from '../api/child.ts';
import { datasetUrl, redact, withDatabase } from '../database-url.ts';
import { ensureDataset } from '../dataset/ensure.ts';
import { httpLoad } from '../measure/http-load.ts';
import type { LoadResult } from '../measure/stats.ts';
import { note } from '../progress.ts';
import { RESULTS_DIR } from '../report.ts';
import { timelineScenario } from '../scenarios.ts';

const USAGE = `Measures the timeline page (scenario 1) through 1 and 2 API processes on the scale-out topology of
bench/topology/start.sh, with reads on the primary and on the replica, all through PgBouncer.

  source /tmp/peers-topology/urls.env
  PRIMARY_URL=$PRIMARY_URL PGBOUNCER_URL=$PGBOUNCER_URL PGBOUNCER_READ_URL=$PGBOUNCER_READ_URL \\
    npm run bench:topology -- [--events 100000] [--seconds 10] [--connections 16]

The data set is loaded (once) directly into the primary, in database <PRIMARY_URL's name>_<size>. Writes a JSON
report to bench/results/topology-<time>.json and prints a table.`;

interface Setup {
  instances: number;
  reads: 'primary' | 'replica';
}

const SETUPS: Setup[] = [
  { instances: 1, reads: 'primary' },
  { instances: 1, reads: 'replica' },
  { instances: 2, reads: 'primary' },
  { instances: 2, reads: 'replica' },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      help: { type: 'boolean', default: false },
    },
  });
  const { PRIMARY_URL, PGBOUNCER_URL, PGBOUNCER_READ_URL } = process.env;
  if (values.help || !PRIMARY_URL || !PGBOUNCER_URL || !PGBOUNCER_READ_URL) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 64;
    return;
  }
  const events = Number(values.events);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const direct = datasetUrl(PRIMARY_URL, events);
  const name = new URL(direct).pathname.slice(1);
  const dataset = await ensureDataset(direct, events, 1);
  // DATABASE_SETTINGS=role: the API's session settings as the role's defaults in this database only (the
  // loader above must not get a short statement timeout), before any process connects.
  const admin = new pg.Client({ connectionString: direct });
  await admin.connect();
  await admin.query(
    `alter role current_user in database ${name} set statement_timeout = '30s';
     alter role current_user in database ${name} set max_parallel_workers_per_gather = 0;
     alter role current_user in database ${name} set idle_in_transaction_session_timeout = '60s'`,
  );
  await admin.end();
  const paths = timelineScenario(dataset).paths;
  note(`data set: ${events.toLocaleString('en')} events in ${redact(direct)}`);

  const results: (Setup & LoadResult & { perInstance: number[] })[] = [];
  for (const setup of SETUPS) {
    // The API processes read their settings from the environment ApiProcess hands them (process.env).
    process.env.DATABASE_SETTINGS = 'role';
    process.env.DATABASE_DIRECT_URL = direct;
    if (setup.reads === 'replica') process.env.DATABASE_READ_URL = withDatabase(PGBOUNCER_READ_URL, name);
    else delete process.env.DATABASE_READ_URL;
    const apis: ApiProcess[] = [];
    try {
      for (let i = 0; i < setup.instances; i += 1) {
        apis.push(
          await ApiProcess.start({
            databaseUrl: withDatabase(PGBOUNCER_URL, name),
            poolSize: 4,
            statementTimeoutMs: 30_000,
          }),
        );
      }
      // Warm-up: plans, pools and the replica's first check.
      await Promise.all(
        apis.map((api) =>
          httpLoad({ origin: origin(api), paths, connections: 4, seconds: 2, timeoutSeconds: 30 }),
        ),
      );
      note(
        `${setup.instances} instance(s), reads on the ${setup.reads}: ${seconds} s at ${connections} connections`,
      );
      const each = await Promise.all(
        apis.map((api) =>
          httpLoad({
            origin: origin(api),
            paths,
            connections: Math.max(1, Math.round(connections / apis.length)),
            seconds,
            timeoutSeconds: 30,
          }),
        ),
      );
      const perSecond = each.reduce((sum, r) => sum + r.perSecond, 0);
      const requests = each.reduce((sum, r) => sum + r.requests, 0);
      // The median of the busier instance: what a client behind a balancer sees at worst.
      const worst = each.reduce((a, b) => (a.p50Ms >= b.p50Ms ? a : b));
      results.push({
        ...setup,
        ...worst,
        requests,
        perSecond,
        failures: each.reduce((sum, r) => sum + r.failures, 0),
        perInstance: each.map((r) => Math.round(r.perSecond)),
      });
    } finally {
      for (const api of apis) await api.stop();
    }
  }

  const file = path.join(RESULTS_DIR, `topology-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify({ events, seconds, connections, results }, null, 2)}\n`);
  const lines = [
    '| API processes | reads on | req/s | per process | p50 ms (busier) | p99 ms | failures |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.instances} | ${r.reads} | ${Math.round(r.perSecond)} | ${r.perInstance.join(' + ')} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.failures} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n\nwritten to ${path.relative(process.cwd(), file)}\n`);
}

function origin(api: ApiProcess): string {
  return `http://127.0.0.1:${api.port}`;
}

await main();
