import path from 'node:path';
import { type Config, readUrls } from '../config.ts';
import { type DatabaseHandle, type DatabaseLogger, openEmbedded, openPostgres } from './connect.ts';

/**
 * The database the config names: server PostgreSQL with DATABASE_URL, else embedded PGlite in DATA_DIR, which
 * this process then holds alone until `close()` (a DataDirBusyError if another process holds it; command-line
 * tools use openConfiguredDatabaseExclusive for a message that says what to do instead).
 */
export async function openConfiguredDatabase(
  config: Config,
  logger?: DatabaseLogger,
  command = entryScriptName(),
): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    return openPostgres({
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      acquireTimeoutMs: config.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
      parallelWorkers: config.DATABASE_PARALLEL_WORKERS,
      settings: config.DATABASE_SETTINGS,
      preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
      readUrls: readUrls(config),
      readMaxLagMs: config.DATABASE_READ_MAX_LAG_MS,
      readCheckIntervalMs: config.DATABASE_READ_CHECK_INTERVAL_MS,
      logger,
    });
  }
  return openEmbedded({ dataDir: config.DATA_DIR, fsync: config.EMBEDDED_FSYNC, command });
}

/** `server` for src/server.ts, `import` for src/cli/import.ts: what a lock names as the folder's owner. */
function entryScriptName(): string {
  return path.basename(process.argv[1] ?? 'unknown').replace(/\.[cm]?[jt]s$/, '') || 'unknown';
}

/** A one-line reason for a database that cannot be reached at start-up, with what to do next. */
export function describeStartupDatabaseError(error: unknown, config: Config): string {
  const e = error as { code?: string; message?: string };
  const where = config.DATABASE_URL
    ? redactUrl(config.DATABASE_URL)
    : `the embedded database in ${config.DATA_DIR}`;
  const reason = e.code ? `${e.code}: ${e.message}` : (e.message ?? String(error));
  const hint = config.DATABASE_URL
    ? 'check DATABASE_URL (host, port, user, password, database name) and that PostgreSQL is running'
    : 'check that DATA_DIR is writable';
  return `Cannot open ${where} (${reason}): ${hint}.`;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
