import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

/** A server of the comparison in its own process: where to reach it and its CPU time. */
export interface PeerServer {
  name: string;
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

export class PeerNotInstalled extends Error {
  override name = 'PeerNotInstalled';
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const HANDWRITTEN_DIR = `${HERE}handwritten`;
export const PLATFORMATIC_DIR = `${HERE}platformatic`;
/** The application_name of each peer's connections. */
export const PEER_APPLICATIONS = {
  handwritten: 'bench-peer-handwritten',
  platformatic: 'bench-peer-platformatic',
};

function requireInstalled(dir: string, probe: string): void {
  if (!existsSync(`${dir}/node_modules/${probe}`)) {
    throw new PeerNotInstalled(
      `${dir} has no node_modules: install it once with\n  npm ci --prefix ${dir} --no-audit --no-fund`,
    );
  }
}

/** A free loopback port: the kernel picks one, and it is handed on. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHttp(
  origin: string,
  path: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = performance.now() + 90_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${origin}${path}`);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`it did not answer ${origin}${path} within 90 s:\n${output()}`);
}

function start(
  name: string,
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  probe: string,
) {
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const origin = `http://127.0.0.1:${port}`;
  const server: PeerServer = {
    name,
    origin,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return {
    server,
    ready: waitForHttp(origin, probe, child, () => output).catch(async (error: Error) => {
      await server.stop();
      throw new Error(`${name}: ${error.message}`);
    }),
  };
}

/** Peer B: bench/peers/handwritten on the same database, pool and session settings as the API. */
export async function startHandwritten(databaseUrl: string, poolSize: number): Promise<PeerServer> {
  requireInstalled(HANDWRITTEN_DIR, 'fastify');
  const port = await freePort();
  const { server, ready } = start(
    'B (hand-written)',
    HANDWRITTEN_DIR,
    ['server.js'],
    { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), POOL_SIZE: String(poolSize) },
    port,
    '/v1/events?limit=1',
  );
  await ready;
  return server;
}

/** Peer C: Platformatic DB's generated REST (bench/peers/platformatic/platformatic.json), pool of the same size. */
export async function startPlatformatic(databaseUrl: string, poolSize: number): Promise<PeerServer> {
  requireInstalled(PLATFORMATIC_DIR, '@platformatic/db');
  const port = await freePort();
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', PEER_APPLICATIONS.platformatic);
  const { server, ready } = start(
    'C (Platformatic DB)',
    PLATFORMATIC_DIR,
    ['node_modules/@platformatic/db/db.mjs', 'start'],
    {
      ...process.env,
      PLT_DATABASE_URL: url.toString(),
      PLT_PORT: String(port),
      PLT_POOL_SIZE: String(poolSize),
      // Its pg driver reads dates as local midnight: in UTC they serialise as that very day.
      TZ: 'UTC',
    },
    port,
    '/events?limit=1&fields=id',
  );
  await ready;
  return server;
}

const TICK_MICROS = 10_000; // USER_HZ is 100 on Linux

/** User + system CPU time of a process and all its descendants so far, in µs (from /proc). */
export function processTreeCpuMicros(pid: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const self = Number(entry);
    const parent = Number(fields[1]);
    ticks.set(self, Number(fields[11]) + Number(fields[12]));
    const list = children.get(parent);
    if (list) list.push(self);
    else children.set(parent, [self]);
  }
  let total = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.pop() as number;
    total += ticks.get(p) ?? 0;
    queue.push(...(children.get(p) ?? []));
  }
  return total * TICK_MICROS;
}
