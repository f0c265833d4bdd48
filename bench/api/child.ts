import { type ChildProcess, fork } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ApiMessage, type ControlMessage, NOOP_PATH } from './protocol.ts';

export interface ApiProcessOptions {
  databaseUrl: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** Write a V8 CPU profile of the API process into this folder when it stops. */
  cpuProfileDir?: string;
  /** More node flags for the API process, e.g. `--max-old-space-size=160`. */
  nodeArgs?: string[];
}

export interface CpuUsage {
  userMicros: number;
  systemMicros: number;
}

/** The environment the API process runs with; loadConfig(apiEnvironment(…)) is its config. */
export function apiEnvironment(options: ApiProcessOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    // Production refuses the development cursor secret; cursors of a benchmark run need no real one.
    CURSOR_SECRET: process.env.CURSOR_SECRET || 'benchmark-cursor-secret-not-for-production',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: String(options.poolSize),
    DATABASE_STATEMENT_TIMEOUT_MS: String(options.statementTimeoutMs),
    // Slow scenarios at 16 connections queue for the pool as long as a statement may run (the floor's pool
    // queues without limit), so that the run measures capacity rather than the default 10 s acquire timeout.
    DATABASE_POOL_ACQUIRE_TIMEOUT_MS: String(options.statementTimeoutMs),
    LOG_LEVEL: 'silent',
    SEED_ON_EMPTY: 'false',
    // Should a rate limit be registered later, the benchmark is not what it is for.
    RATE_LIMIT_READS_PER_MINUTE: '0',
  };
}

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

/** The API under test in a child process: its port, CPU time and memory as the benchmark sees them. */
export class ApiProcess {
  readonly #child: ChildProcess;
  readonly port: number;
  readonly barePort: number;
  readonly routes: Record<string, boolean>;
  #nextId = 1;

  private constructor(child: ChildProcess, ready: Extract<ApiMessage, { type: 'ready' }>) {
    this.#child = child;
    this.port = ready.port;
    this.barePort = ready.barePort;
    this.routes = ready.routes;
  }

  static async start(options: ApiProcessOptions): Promise<ApiProcess> {
    const child = fork(SERVER, [], {
      execArgv: [
        '--import',
        'tsx',
        ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
        // What `npm start` and the Dockerfile run with; --api-node-args can override it.
        '--max-old-space-size=192',
        ...(options.nodeArgs ?? []),
      ],
      env: apiEnvironment(options),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<Extract<ApiMessage, { type: 'ready' }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the API process did not start within 60 s')), 60_000);
      child.on('message', (message: ApiMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message);
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`the API process failed to start: ${message.message}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the API process exited with code ${code} before it was ready`));
      });
    });
    const api = new ApiProcess(child, ready);
    await api.#waitUntilServing();
    return api;
  }

  /** Start-up blocks the event loop for a while: wait until the load-shedding check sees a calm process. */
  async #waitUntilServing(): Promise<void> {
    const deadline = performance.now() + 15_000;
    let calm = 0;
    while (calm < 3) {
      const response = await fetch(`${this.baseUrl}${NOOP_PATH}`);
      await response.arrayBuffer();
      calm = response.status === 200 ? calm + 1 : 0;
      if (performance.now() > deadline)
        throw new Error(`the API process answers ${response.status} to ${NOOP_PATH}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** CPU time the API process has used so far (its own process.cpuUsage). */
  cpuUsage(): Promise<CpuUsage> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (message: ApiMessage) => {
        if (message.type === 'usage' && message.id === id) {
          this.#child.off('message', onMessage);
          resolve({ userMicros: message.userMicros, systemMicros: message.systemMicros });
        }
      };
      this.#child.on('message', onMessage);
      if (!this.#child.send({ type: 'usage', id } satisfies ControlMessage)) {
        reject(new Error('the API process is gone'));
      }
    });
  }

  /** Starts a V8 CPU profile in the API process (the profiler samples every 1 ms by default). */
  async startProfile(): Promise<void> {
    await this.#ask({ type: 'profile-start', id: this.#nextId++ });
  }

  /** Stops the profile started by startProfile and returns the .cpuprofile file it wrote into `dir`. */
  async stopProfile(dir: string): Promise<string> {
    return this.#ask({ type: 'profile-stop', id: this.#nextId++, dir });
  }

  #ask(message: Extract<ControlMessage, { type: 'profile-start' | 'profile-stop' }>): Promise<string> {
    return new Promise((resolve, reject) => {
      const onMessage = (answer: ApiMessage) => {
        if (answer.type === 'profiled' && answer.id === message.id) {
          this.#child.off('message', onMessage);
          resolve(answer.file);
        }
      };
      this.#child.on('message', onMessage);
      if (!this.#child.send(message)) reject(new Error('the API process is gone'));
    });
  }

  /** Resident and peak resident memory in bytes, from /proc/<pid>/status (VmRSS, VmHWM). */
  async memory(): Promise<{ rss: number; peak: number }> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }

  /** Starts VmHWM again from the current RSS (Linux: `5` into clear_refs). */
  async resetPeakMemory(): Promise<void> {
    await writeFile(`/proc/${this.pid}/clear_refs`, '5');
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.send({ type: 'stop' } satisfies ControlMessage);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

export function cpuMicros(before: CpuUsage, after: CpuUsage): number {
  return after.userMicros - before.userMicros + (after.systemMicros - before.systemMicros);
}
