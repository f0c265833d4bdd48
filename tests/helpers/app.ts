import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { seedDatabase } from '../../seeds/load.ts';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type DatabaseHandle, openPostgres } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { watchContract } from './contract.ts';
import { createTestDatabase } from './database.ts';
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
    ...(database.url ? { DATABASE_URL: database.url } : {}),
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
  const app = await buildApp({ config, database });
  const contract = watchContract(app);
  t.after(async () => {
    await app.close();
    await database.close();
    if (contract.violations.length > 0) {
      throw new Error(`Responses that break openapi.json:\n${contract.violations.join('\n')}`);
    }
  });
  await app.ready();
  return { app, db: database.db, database, config };
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
