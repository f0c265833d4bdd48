import type { AddressInfo } from 'node:net';
import closeWithGrace from 'close-with-grace';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { seedDatabase } from '../seeds/load.ts';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, takeAdminKey } from './config.ts';
import type { DatabaseHandle } from './db/connect.ts';
import { DataDirBusyError, describeOwner } from './db/data-dir-lock.ts';
import { analyzeTable, tablesToAnalyzeAtStart } from './db/embedded-upkeep.ts';
import { migrateToLatest } from './db/migrate.ts';
import { describeStartupDatabaseError, openConfiguredDatabase } from './db/open.ts';
import { createLogger } from './logging.ts';
import { type EnvironmentKeyOutcome, ensureEnvironmentAdminKey } from './modules/keys/keys.service.ts';

// Process entry: config → database → migrations → (seed) → app → listen, and a graceful shutdown.
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  let adminKey: string | undefined;
  try {
    config = loadConfig();
    adminKey = takeAdminKey();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);

  let database: DatabaseHandle;
  try {
    database = await openConfiguredDatabase(config, logger);
  } catch (error) {
    if (error instanceof DataDirBusyError) {
      logger.fatal(
        `Cannot start: DATA_DIR ${config.DATA_DIR} is in use by ${describeOwner(error.owner)}. Stop that process first, or give this server another DATA_DIR (or a DATABASE_URL).`,
      );
    } else {
      logger.fatal(
        { err: { message: (error as Error).message } },
        describeStartupDatabaseError(error, config),
      );
    }
    process.exit(1);
  }
  try {
    await database.ping();
    const migrations = await migrateToLatest(database.db);
    for (const m of migrations.results ?? [])
      logger.info({ migration: m.migrationName, status: m.status }, 'migration');
    if (adminKey) logAdminKey(logger, await ensureEnvironmentAdminKey(database.db, adminKey));
    adminKey = undefined;
    if (config.SEED_ON_EMPTY && (await isEmpty(database))) {
      const report = await seedDatabase(database.db);
      logger.info({ seed: report }, 'empty database seeded with the NRC timeline');
    }
    // No autovacuum in PGlite: a folder never analyzed (or changed a lot since) would be planned as empty.
    if (database.kind === 'embedded') {
      for (const table of await tablesToAnalyzeAtStart(database.db)) {
        const started = Date.now();
        await analyzeTable(database.db, table);
        logger.info({ table, ms: Date.now() - started }, 'analyzed at start-up');
      }
    }
  } catch (error) {
    logger.fatal({ err: { message: (error as Error).message } }, describeStartupDatabaseError(error, config));
    await database.close().catch(() => undefined);
    process.exit(1);
  }

  const app = await buildApp({ config, database, logger });
  closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    // Every request has finished by now; a pool connection left behind by a database crash must not hold
    // the exit hostage past close-with-grace's deadline.
    const closed = await Promise.race([
      database.close().then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, 3000, false).unref()),
    ]);
    if (!closed) logger.warn('database connections did not close within 3 s; exiting anyway');
  });

  try {
    await app.listen({ host: config.HOST, port: config.PORT });
    // Tools started on the same data folder find the server here and work through it.
    await database.dataDirLock?.announce(localUrl(app.server.address(), config.HOST));
  } catch (error) {
    const e = error as { code?: string; message: string };
    const hint =
      e.code === 'EADDRINUSE'
        ? `port ${config.PORT} is in use: stop the other process or set PORT`
        : e.code === 'EACCES'
          ? `port ${config.PORT} needs privileges: choose PORT above 1023`
          : e.message;
    logger.fatal({ code: e.code }, `Cannot listen on ${config.HOST}:${config.PORT}: ${hint}`);
    await database.close();
    process.exit(1);
  }
}

function logAdminKey(logger: Logger, outcome: EnvironmentKeyOutcome): void {
  for (const old of outcome.retired)
    logger.info({ prefix: old.prefix }, 'the previous ADMIN_KEY was revoked: ADMIN_KEY has changed');
  if (outcome.status === 'revoked') {
    logger.warn(
      { prefix: outcome.key.prefix },
      'ADMIN_KEY has been revoked and does not authenticate: generate a new one with `npm run -s keys -- generate`',
    );
  } else {
    logger.info({ prefix: outcome.key.prefix, status: outcome.status }, 'ADMIN_KEY is an admin key');
  }
}

/** The server's address as a client on this machine reaches it (a wildcard host becomes loopback). */
function localUrl(address: string | AddressInfo | null, host: string): string {
  const port = typeof address === 'object' && address ? address.port : 0;
  const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

async function isEmpty(database: DatabaseHandle): Promise<boolean> {
  const row = await sql<{
    n: number;
  }>`select (select count(*) from events)::int + (select count(*) from actors)::int as n`.execute(
    database.db,
  );
  return (row.rows[0]?.n ?? 0) === 0;
}

await main();
