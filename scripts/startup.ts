import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { imageCommand, readDockerfile, stageEnv } from './dockerfile.ts';

// `npm run startup`: start-up time and idle RSS of the server's command lines on this machine — the sources
// through tsx (what the image ran before it was compiled) against the Docker image's own command (its CMD and
// NODE_OPTIONS, read from the Dockerfile) on the compiled dist/. Each run must come up ready, answer a page
// of events, and exit 0 on SIGTERM; CI runs the image's command once this way (`--only image --cwd DIR`) in a
// folder with production dependencies only, as the image has them.
//   --runs N     measured runs per command line (default 5), after one unmeasured warm-up
//   --only image only the image's command
//   --cwd DIR    run the image's command in DIR (default: the repository, after `npm run build`)
// DATABASE_URL: server PostgreSQL; unset: an embedded database in a temporary folder (seeded by the warm-up).

const root = fileURLToPath(new URL('..', import.meta.url));
const IDLE_MS = 5000;
// USER_HZ, 100 on Linux on x86 and arm (getconf CLK_TCK).
const CLOCK_TICKS_PER_SECOND = 100;
// Generous: a first start on the embedded database runs initdb and the seed, minutes on a busy machine.
const READY_TIMEOUT_MS = 600_000;

interface CommandLine {
  label: string;
  argv: string[];
  nodeOptions: string;
  cwd: string;
  env?: Record<string, string>;
}

interface Sample {
  readyMs: number;
  /** CPU time (user + system, all threads) spent until then: steadier than wall time on a busy machine. */
  cpuMs: number;
  rssMiB: number;
}

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    cwd: { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer, got "${values.runs}"`);
if (values.only !== undefined && values.only !== 'image') fail(`--only takes "image", got "${values.only}"`);

const stages = readDockerfile(path.join(root, 'Dockerfile'));
const [program, ...args] = imageCommand(stages);
const imageNodeOptions = stageEnv(stages.at(-1)!).NODE_OPTIONS ?? '';
if (program !== 'node')
  fail(`the Dockerfile's CMD starts "${program}", not node: this script runs node only`);
const image: CommandLine = {
  label: `image: node ${args.join(' ')}`,
  argv: args,
  nodeOptions: imageNodeOptions,
  cwd: path.resolve(values.cwd ?? root),
};
const entry = args.find((a) => a.endsWith('.js'));
if (!entry || !existsSync(path.join(image.cwd, entry)))
  fail(`${path.join(image.cwd, entry ?? '(no .js file in CMD)')} is missing: run \`npm run build\` first`);
const sources: CommandLine = {
  label: 'sources: node --import tsx src/server.ts',
  argv: ['--import', 'tsx', 'src/server.ts'],
  // The heap cap the image had before it was compiled, so only the way the code is loaded differs.
  nodeOptions: '--max-old-space-size=192',
  cwd: root,
};
// tsx keeps its transforms in a cache under the temp folder; a fresh container starts without one.
const sourcesCold: CommandLine = {
  ...sources,
  label: 'sources, no tsx cache (a fresh container): node --import tsx src/server.ts',
  env: { TSX_DISABLE_CACHE: '1' },
};
const lines = values.only === 'image' ? [image] : [sourcesCold, sources, image];

const dataDir = process.env.DATABASE_URL ? null : mkdtempSync(path.join(tmpdir(), 'startup-'));
const database = process.env.DATABASE_URL ? 'server PostgreSQL (DATABASE_URL)' : 'the embedded database';
console.error(`node ${process.version}; ${database}; ${runs} measured run(s) per command after a warm-up`);
try {
  const results: [CommandLine, Sample[]][] = [];
  for (const line of lines) {
    console.error(`==> ${line.label} (NODE_OPTIONS=${line.nodeOptions || '—'}) in ${line.cwd}`);
    await startOnce(line, 'warm-up');
    const samples: Sample[] = [];
    for (let i = 1; i <= runs; i += 1) samples.push(await startOnce(line, `run ${i}/${runs}`));
    results.push([line, samples]);
  }
  console.log(`\nnode ${process.version}, ${database}; median (min–max) of ${runs} run(s)\n`);
  console.log('| command line | start-up (to the first answer) | CPU time of the start-up | idle RSS |');
  console.log('|---|---|---|---|');
  for (const [line, samples] of results) {
    const column = (pick: (s: Sample) => number) => spread(samples.map(pick), 0);
    console.log(
      `| ${line.label.replace(/: (.*)$/, ': `$1`')} | ${column((s) => s.readyMs)} ms | ${column((s) => s.cpuMs)} ms | ${column((s) => s.rssMiB)} MiB |`,
    );
  }
} finally {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

async function startOnce(line: CommandLine, what: string): Promise<Sample> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, line.argv, {
    cwd: line.cwd,
    env: {
      ...process.env,
      NODE_OPTIONS: line.nodeOptions,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      ...line.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    // Start-up ends at the first HTTP answer: migrations checked, app built, listening. Right after a start
    // that kept the event loop busy, load shedding may answer 503 for a moment; that counts as up.
    const readyMs = await poll(child, started, `${base}/healthz`, () => true);
    const cpuMs = cpuTimeMs(child);
    await poll(child, started, `${base}/readyz`, (r) => r.ok);
    await sleep(IDLE_MS);
    const rssMiB = residentMiB(child);
    const page = await fetch(`${base}/v1/events?limit=1`);
    const body = (await page.json()) as { data?: unknown[] };
    if (page.status !== 200 || !body.data?.length)
      throw new Error(`GET /v1/events?limit=1 answered ${page.status} ${JSON.stringify(body).slice(0, 200)}`);
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`exited ${code} after SIGTERM, not 0`);
    console.error(
      `    ${what}: up in ${readyMs.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms), idle RSS ${rssMiB.toFixed(1)} MiB`,
    );
    return { readyMs, cpuMs, rssMiB };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    fail(`${line.label} (${what}): ${(error as Error).message}\n--- its output ---\n${output}`);
  }
}

async function poll(
  child: ChildProcess,
  started: number,
  url: string,
  done: (response: Response) => boolean,
): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ${url} answered`);
    if (performance.now() - started > READY_TIMEOUT_MS)
      throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
    const response = await fetch(url).catch(() => null);
    await response?.body?.cancel();
    if (response && done(response)) return performance.now() - started;
    await sleep(20);
  }
}

function cpuTimeMs(child: ChildProcess): number {
  // Fields 14 and 15 of /proc/PID/stat, after the parenthesised command name: utime and stime in clock ticks.
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

function residentMiB(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS in /proc/${child.pid}/status`);
  return Number(kib) / 1024;
}

function spread(numbers: number[], digits: number): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const range = sorted.length > 1 ? ` (${sorted[0]?.toFixed(digits)}–${sorted.at(-1)?.toFixed(digits)})` : '';
  return `${median.toFixed(digits)}${range}`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no free port');
  return address.port;
}

function fail(message: string): never {
  console.error(`startup: ${message}`);
  process.exit(1);
}
