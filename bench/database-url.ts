import pg from 'pg';

/** The server the benchmarks run against: DATABASE_URL, required, so nothing runs on a database by accident. */
export function requireDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new UsageError(
      'Set DATABASE_URL to a PostgreSQL database for the benchmark, e.g.\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:55432/bench npm run bench:data -- --events 10000',
    );
  }
  return url;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** `10k`, `100k`, `1m`: the suffix of the database a size is kept in. */
export function sizeLabel(events: number): string {
  if (events % 1_000_000 === 0) return `${events / 1_000_000}m`;
  if (events % 1000 === 0) return `${events / 1000}k`;
  return String(events);
}

/** The database of one data set size beside DATABASE_URL's: `bench` → `bench_10k`, `bench_1m`. */
export function datasetUrl(baseUrl: string, events: number): string {
  return withDatabase(baseUrl, `${databaseName(baseUrl)}_${sizeLabel(events)}`);
}

/** Creates the database of `url` (through the server's `postgres` database) unless it exists. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await client.end();
  }
}

export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
