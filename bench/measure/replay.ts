import pg from 'pg';
import type { CapturedRequest } from './capture.ts';
import { FLOOR_APPLICATION, settle } from './quiesce.ts';
import { type LoadResult, rotation, summarize } from './stats.ts';

export interface ReplayOptions {
  databaseUrl: string;
  requests: readonly CapturedRequest[];
  /** Requests in flight at once, like the HTTP connections. */
  concurrency: number;
  /** The API's pool size, so PostgreSQL sees the same number of connections. */
  poolSize: number;
  seconds: number;
}

const DATE_OID = 1082;

/** A pg pool like the API's (dates as strings), so the floor pays the same row parsing. */
export function floorPool(databaseUrl: string, max: number): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max,
    application_name: FLOOR_APPLICATION,
    // The API's session settings (src/db/connect.ts), so that both run the same plans.
    options: `-c max_parallel_workers_per_gather=${Number(process.env.DATABASE_PARALLEL_WORKERS ?? 0)}`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === DATE_OID
          ? (value: string) => value
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
}

/**
 * The database floor: the statements a route ran for each request, replayed through a plain pg pool with the
 * same parameters, the same waves (statements the route ran in parallel run in parallel here) and the same
 * concurrency, for the same time. No HTTP, no validation, no mapping, no serialization.
 */
export async function replay(options: ReplayOptions): Promise<LoadResult & { cpuMicros: number }> {
  const pool = floorPool(options.databaseUrl, options.poolSize);
  const next = rotation(options.requests);
  const latencies: number[] = [];
  let failures = 0;
  try {
    // Open the connections first, as the API's pool already has them.
    const clients = await Promise.all(Array.from({ length: options.poolSize }, () => pool.connect()));
    for (const c of clients) c.release();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    const worker = async () => {
      while (performance.now() < deadline) {
        const request = next();
        const t = performance.now();
        try {
          for (const wave of request.waves) {
            await Promise.all(wave.map((q) => pool.query(q.sql, q.parameters as unknown[])));
          }
          // Like autocannon, count only what completed within the run.
          if (performance.now() <= deadline) latencies.push(performance.now() - t);
        } catch {
          if (performance.now() < deadline) failures += 1;
        }
      }
    };
    const workers = Promise.all(Array.from({ length: options.concurrency }, worker));
    // At the end, cancel what is still running instead of waiting for it (and be done cancelling before the
    // next run starts).
    let settled: Promise<void> = Promise.resolve();
    const stop = setTimeout(() => {
      settled = settle(options.databaseUrl, FLOOR_APPLICATION, workers);
    }, options.seconds * 1000);
    await workers;
    clearTimeout(stop);
    await settled;
    const ended = Math.min(performance.now(), deadline);
    const seconds = (ended - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return { ...summarize(latencies, seconds, failures), cpuMicros: cpu.user + cpu.system };
  } finally {
    await pool.end();
  }
}
