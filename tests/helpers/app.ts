import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { seedDatabase } from '../../seeds/load.ts';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type DatabaseHandle, openPostgres } from '../../src/db/connect.ts';
import { openConfiguredDatabase } from '../../src/db/open.ts';
import type { Database } from '../../src/db/schema.ts';
import { watchContract } from './contract.ts';
import { createTestDatabase, withDatabase } from './database.ts';
import { createKeys, type Inject, type TestKeys } from './fixtures.ts';

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<Database>;
  database: DatabaseHandle;
  config: Config;
}

/** A fresh database (optionally seeded with the NRC timeline) and an app on it, closed after the test. */
export async function createTestApp(
  t: { after: (fn: () => Promise<void>) => unknown },
  options: { seed?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    ...(database.url ? { DATABASE_URL: database.url, ...topologyEnv(database.url) } : {}),
    SEED_ON_EMPTY: 'false',
    CURSOR_SECRET: 'test-cursor-secret-0123456789',
    // Load shedding reacts to the machine, not to the code under test: off unless a test turns it on.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
    // Suites send thousands of reads from one address; the read limits have a test of their own.
    RATE_LIMIT_READS_PER_MINUTE: '0',
    // Suites send many bad keys on purpose; the failed-authentication limit has a test of its own.
    AUTH_FAILURES_PER_MINUTE: '0',
    ...options.env,
  });
  if (options.seed) await seedDatabase(database.db);
  // On the scale-out topology the app goes through PgBouncer with reads on the replica; the test's own `db`
  // stays a direct connection to the primary.
  const appDatabase = config.DATABASE_READ_URL ? await openConfiguredDatabase(config) : database;
  const app = await buildApp({ config, database: appDatabase });
  const contract = watchContract(app);
  t.after(async () => {
    await app.close();
    if (appDatabase !== database) await appDatabase.close();
    await database.close();
    if (contract.violations.length > 0) {
      throw new Error(`Responses that break openapi.json:\n${contract.violations.join('\n')}`);
    }
  });
  await app.ready();
  return { app, db: database.db, database, config };
}

/**
 * With TEST_PGBOUNCER_URL and TEST_PGBOUNCER_READ_URL (the scale-out topology of bench/topology/start.sh, which
 * .ci/run starts): the test database through PgBouncer to the primary, reads through PgBouncer to the replica,
 * LISTEN and imports directly (DATABASE_DIRECT_URL), session settings from the role. Nothing otherwise.
 */
function topologyEnv(directUrl: string): Record<string, string> {
  const primary = process.env.TEST_PGBOUNCER_URL;
  const replica = process.env.TEST_PGBOUNCER_READ_URL;
  if (!primary || !replica) return {};
  const name = new URL(directUrl).pathname.slice(1);
  return {
    DATABASE_URL: withDatabase(primary, name),
    DATABASE_READ_URL: withDatabase(replica, name),
    DATABASE_DIRECT_URL: directUrl,
    DATABASE_SETTINGS: 'role',
  };
}

export interface SharedTestApp extends TestApp {
  /** One API key of each kind (with `keys: true`). */
  keys: TestKeys;
  inject: Inject;
}

/**
 * The app of a whole test file: a fresh database (seeded with the NRC timeline with `seed`), an app on it and,
 * with `keys`, one API key of each kind. Made in the file's `before` hook and closed in its `after`: its
 * fields are there from the first test on (read them inside tests, not at the top of the file). Setup that
 * needs the app goes in a `describe`'s `before`: the file's own top-level hooks run side by side with this
 * one (node 20), not after it.
 */
export function useTestApp(
  options: { seed?: boolean; keys?: boolean; env?: Record<string, string> } = {},
): SharedTestApp {
  const shared = {} as SharedTestApp;
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    const built = await createTestApp({ after: (fn) => cleanups.push(fn) }, options);
    Object.assign(shared, built, { inject: built.app.inject.bind(built.app) as Inject });
    if (options.keys) shared.keys = await createKeys(built.db);
  });
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  return shared;
}

/**
 * An app whose database nobody listens on (127.0.0.1:1), for tests of the HTTP layer that never need it;
 * closed after the test. `env` as for loadConfig.
 */
export async function createAppWithoutDatabase(
  t: { after: (fn: () => Promise<void>) => unknown },
  env: Record<string, string> = {},
): Promise<FastifyInstance> {
  const database = openPostgres({
    url: 'postgres://unused@127.0.0.1:1/unused',
    poolSize: 1,
    statementTimeoutMs: 1000,
    connectTimeoutMs: 300,
  });
  // Load shedding reacts to the machine, not to the code under test: off unless the test turns it on.
  const config = loadConfig({
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
    ...env,
  });
  const app = await buildApp({ config, database });
  t.after(async () => {
    await app.close();
    await database.close();
  });
  return app;
}
