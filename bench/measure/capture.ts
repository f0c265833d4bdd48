import { Kysely, type LogEvent, PostgresDialect, sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { floorPool } from './replay.ts';

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** The statements one request ran, in waves: the statements of a wave ran at the same time. */
export interface CapturedRequest {
  path: string;
  waves: CapturedQuery[][];
  /** The size of the response body, to tell an empty answer from a real one. */
  responseBytes: number;
  /** How long the request took alone (in-process, one at a time). */
  millis: number;
}

interface Logged extends CapturedQuery {
  start: number;
  end: number;
}

/**
 * Runs each request once through the real app (buildApp) on a Kysely that logs every statement, and keeps
 * the exact SQL and parameters each route sent. Statements that started before the others of their wave
 * ended ran in parallel (Promise.all); a statement that started later depended on them.
 */
export async function captureQueries(
  config: Config,
  databaseUrl: string,
  paths: readonly string[],
): Promise<CapturedRequest[]> {
  let logged: Logged[] = [];
  const pool = floorPool(databaseUrl, config.DATABASE_POOL_SIZE);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event: LogEvent) => {
      if (event.level !== 'query') return;
      const end = performance.now();
      logged.push({
        sql: event.query.sql,
        parameters: event.query.parameters,
        start: end - event.queryDurationMillis,
        end,
      });
    },
  });
  const database: DatabaseHandle = {
    db,
    kind: 'postgres',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
  const app = await buildApp({ config, database });
  // Open the pool's connections first: a statement that waits for a new connection would look dependent.
  const clients = await Promise.all(Array.from({ length: config.DATABASE_POOL_SIZE }, () => pool.connect()));
  for (const client of clients) client.release();
  try {
    const captured: CapturedRequest[] = [];
    for (const path of paths) {
      logged = [];
      let started = performance.now();
      let response = await app.inject({ method: 'GET', url: path });
      // Building the app blocks the event loop, which the load-shedding check reads as overload for a moment.
      for (let attempt = 0; response.statusCode === 503 && attempt < 10; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        logged = [];
        started = performance.now();
        response = await app.inject({ method: 'GET', url: path });
      }
      const millis = performance.now() - started;
      if (response.statusCode !== 200) {
        throw new Error(`GET ${path} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
      }
      captured.push({ path, waves: waves(logged), responseBytes: response.rawPayload.length, millis });
    }
    return captured;
  } finally {
    await app.close();
    await database.close();
  }
}

function waves(queries: Logged[]): CapturedQuery[][] {
  const out: CapturedQuery[][] = [];
  let current: Logged[] = [];
  let firstEnd = Number.POSITIVE_INFINITY;
  for (const q of [...queries].sort((a, b) => a.start - b.start)) {
    if (current.length > 0 && q.start >= firstEnd) {
      out.push(current.map(({ sql, parameters }) => ({ sql, parameters })));
      current = [];
      firstEnd = Number.POSITIVE_INFINITY;
    }
    current.push(q);
    firstEnd = Math.min(firstEnd, q.end);
  }
  if (current.length > 0) out.push(current.map(({ sql, parameters }) => ({ sql, parameters })));
  return out;
}
