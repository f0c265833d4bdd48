import { ConfigError } from '../config.ts';
import { Problem } from '../http/problem.ts';

/** Runs a command-line task: a failure prints one clear line and exits non-zero, never 0. */
export async function runCli(task: () => Promise<void>): Promise<void> {
  try {
    await task();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    const detail = error instanceof Problem ? `${error.message}` : (error as Error).message;
    console.error(`Error: ${detail}`);
    process.exit(1);
  }
}
