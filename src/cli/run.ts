import { ConfigError } from '../config.ts';
import { DataDirBusyError } from '../db/data-dir-lock.ts';
import { DataDirInUseError } from '../db/exclusive.ts';
import { Problem } from '../http/problem.ts';

/**
 * Runs a command-line task: a failure prints one clear line and exits non-zero, never 0: 78 for bad
 * configuration, 75 when the data folder is held by another process (nothing was done), 1 otherwise.
 */
export async function runCli(task: () => Promise<void>): Promise<void> {
  try {
    await task();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    if (error instanceof DataDirInUseError || error instanceof DataDirBusyError) {
      // EX_TEMPFAIL: nothing was done; it can be done later, or another way (the message says which).
      console.error(`Refused: ${error.message}`);
      process.exit(75);
    }
    const detail = error instanceof Problem ? `${error.message}` : (error as Error).message;
    console.error(`Error: ${detail}`);
    process.exit(1);
  }
}
