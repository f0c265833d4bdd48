import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { apiEnvironment } from './api/child.ts';
import { datasetUrl, requireDatabaseUrl, UsageError } from './database-url.ts';
import { captureQueries } from './measure/capture.ts';
import { floorPool } from './measure/replay.ts';

const USAGE = `Prints the SQL one API request runs, each statement with EXPLAIN (ANALYZE, BUFFERS); --summary
prints only each statement's execution time and first plan nodes.

  DATABASE_URL=… npx tsx bench/explain.ts [--events N] [--runs 3] [--summary] '/v1/events?actor=state-ru&type=meeting'`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      events: { type: 'string' },
      runs: { type: 'string', default: '3' },
      summary: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const base = requireDatabaseUrl();
  const url = values.events ? datasetUrl(base, Number(values.events)) : base;
  const config = loadConfig(apiEnvironment({ databaseUrl: url, poolSize: 4, statementTimeoutMs: 60_000 }));
  const captured = await captureQueries(config, url, positionals);
  const pool = floorPool(url, 1);
  try {
    for (const request of captured) {
      process.stdout.write(`\n### GET ${request.path} (${request.responseBytes} bytes)\n`);
      for (const [w, wave] of request.waves.entries()) {
        for (const q of wave) {
          process.stdout.write(
            `\n-- wave ${w + 1}\n${q.sql}\n-- parameters: ${JSON.stringify(q.parameters)}\n`,
          );
          // Warm the cache first; the last run is the one shown.
          let plan: { 'QUERY PLAN': string }[] = [];
          for (let run = 0; run < Number(values.runs); run++) {
            plan = (await pool.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[])).rows;
          }
          const lines = plan.map((r) => r['QUERY PLAN']);
          if (values.summary) {
            const time = lines.find((l) => l.startsWith('Execution Time'));
            const scans = lines
              .filter((l) => /Scan|Join/.test(l))
              .map((l) => l.trim().replace(/\s+\(cost.*$/, ''));
            process.stdout.write(`  wave ${w + 1}: ${time} — ${scans.slice(0, 3).join(' / ')}\n`);
          } else {
            process.stdout.write(`${lines.join('\n')}\n`);
          }
        }
      }
    }
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : (error as Error).stack}\n`);
  process.exit(error instanceof UsageError ? 64 : 1);
});
