import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with `http://127.0.0.1:<port>` once it listens (never, if it exits first). */
  listening: Promise<string>;
  /** Resolves with the exit code (null after a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** Sends a signal (if it still runs) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The real server (`src/server.ts`) in a child process on a free port of the loopback interface. */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: '0',
      // Load shedding reacts to the machine (a busy test run), not to what the test checks.
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
      PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let announce: (url: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const collect = (chunk: Buffer) => {
    output += chunk;
    const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url) announce(url);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    listening,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Spawns the server and waits until it listens; throws with its output if it exits or takes too long. */
export async function startServer(
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ServerProcess & { url: string }> {
  const server = spawnServer(env);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    server.listening.then((url) => ({ url })),
    server.exited.then((code) => ({ code })),
    new Promise<{ timeout: true }>((resolve) => {
      timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if ('url' in outcome) return { ...server, url: outcome.url };
  await server.stop('SIGKILL');
  throw new Error(
    'code' in outcome
      ? `the server exited (${outcome.code}) before listening:\n${server.output()}`
      : `the server did not listen within ${timeoutMs} ms:\n${server.output()}`,
  );
}

/** Spawns the server expecting it to refuse to start; its exit code and output. */
export async function runServerToExit(
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<{ code: number | null; output: string }> {
  const server = spawnServer(env);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    server.exited.then((code) => ({ code })),
    server.listening.then((url) => ({ url })),
    new Promise<{ timeout: true }>((resolve) => {
      timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if ('code' in outcome) return { code: outcome.code, output: server.output() };
  await server.stop('SIGKILL');
  throw new Error(
    `the server ${'url' in outcome ? `listens at ${outcome.url}` : 'neither listened nor exited'}:\n${server.output()}`,
  );
}
