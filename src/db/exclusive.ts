import type { Config } from '../config.ts';
import type { DatabaseHandle } from './connect.ts';
import { DataDirBusyError, describeOwner, readDataDirOwner } from './data-dir-lock.ts';
import { openConfiguredDatabase } from './open.ts';

/*
 * For command-line tools (keys, seed, migrate, import): the configured database, held alone while it is open
 * when it is the embedded one. A tool never works beside a running server on the same data folder — its
 * writes would be invisible to the server and lost — it refuses at once with what to do instead.
 */

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

export interface ExclusiveOptions {
  /** The tool's name as in `npm run <command>`. */
  command: string;
  /** What to do instead while a server holds the folder (e.g. the HTTP call that does the same). */
  whileServerRuns?: string;
}

/** The configured database for a tool; throws DataDirInUseError with the owner and what to do next. */
export async function openConfiguredDatabaseExclusive(
  config: Config,
  options: ExclusiveOptions,
): Promise<DatabaseHandle> {
  try {
    return await openConfiguredDatabase(config, undefined, options.command);
  } catch (error) {
    if (error instanceof DataDirBusyError) throw new DataDirInUseError(busyMessage(config, error, options));
    throw error;
  }
}

/**
 * Throws DataDirInUseError if a live process holds the embedded data folder; returns at once for server
 * PostgreSQL. A check only (the folder may be taken right after): use it to fail before slow preparation,
 * then open with openConfiguredDatabaseExclusive.
 */
export async function assertDataDirFree(config: Config, options: ExclusiveOptions): Promise<void> {
  if (config.DATABASE_URL) return;
  const owner = await readDataDirOwner(config.DATA_DIR);
  if (owner)
    throw new DataDirInUseError(busyMessage(config, new DataDirBusyError(config.DATA_DIR, owner), options));
}

function busyMessage(config: Config, error: DataDirBusyError, options: ExclusiveOptions): string {
  const { owner } = error;
  const held = `DATA_DIR ${config.DATA_DIR} is in use by ${describeOwner(owner)}: a second process on the same embedded database would write what that one never sees.`;
  if (owner.command !== 'server')
    return `${held} Wait until it has finished, then run \`npm run ${options.command}\` again.`;
  if (!owner.url) return `${held} Wait until it listens and try again, or stop it first.`;
  const stop = `stop the server first (Ctrl-C in its terminal, or \`kill ${owner.pid}\`) and run \`npm run ${options.command}\` again`;
  return options.whileServerRuns
    ? `${held} ${options.whileServerRuns}; or ${stop}.`
    : `${held} To do this, ${stop}.`;
}
