import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/*
 * One owner per embedded data folder. PGlite is PostgreSQL in one process's memory: two processes on one
 * folder each keep their own buffers and WAL position, so what one writes the other never sees, and the
 * folder can be corrupted. PGlite does not lock the folder itself (its postmaster.pid names a process that
 * does not exist outside WebAssembly), so every process that opens it takes `owner.lock` first: a JSON file
 * with its pid, host, command and — for a server, once it listens — its HTTP address, so that a second
 * process can say where the owner is or do its work through it. A lock whose process is gone is stale and
 * is taken over.
 */

export const LOCK_FILE = 'owner.lock';

export interface DataDirOwner {
  pid: number;
  hostname: string;
  /** What holds the folder: `server`, or a command-line tool (`keys`, `seed`, `migrate`, `import`, …). */
  command: string;
  /** The server's HTTP address for local clients, once it listens; null before and for tools. */
  url: string | null;
  started_at: string;
  /** The process's start time from /proc (Linux), telling a reused pid from the owner. */
  process_start: string | null;
  /** Tells this lock from a later one of the same process. */
  nonce: string;
}

export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by ${describeOwner(owner)}: a second process on the same embedded database would write what that one never sees. Stop it first, or do this through its HTTP API.`,
    );
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  readonly owner: DataDirOwner;
  /** Records the server's HTTP address in the lock, for tools that do their work through it. */
  announce(url: string): Promise<void>;
  /** Removes the lock if it is still this one's. */
  release(): Promise<void>;
}

/** "the server at http://127.0.0.1:3000 (pid 4242)", "`npm run keys` (pid 4242)". */
export function describeOwner(owner: DataDirOwner): string {
  const where = owner.hostname === hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.hostname}`;
  if (owner.command !== 'server') return `\`npm run ${owner.command}\` (${where})`;
  return owner.url ? `the server at ${owner.url} (${where})` : `a server that is starting (${where})`;
}

const held = new Set<string>();

/** Takes the folder for this process, or throws DataDirBusyError naming the live owner. */
export async function lockDataDir(dataDir: string, command: string): Promise<DataDirLock> {
  const folder = path.resolve(dataDir);
  await mkdir(folder, { recursive: true });
  const lockPath = path.join(folder, LOCK_FILE);
  const owner: DataDirOwner = {
    pid: process.pid,
    hostname: hostname(),
    command,
    url: null,
    started_at: new Date().toISOString(),
    process_start: processStart(process.pid),
    nonce: randomBytes(8).toString('hex'),
  };
  for (let attempt = 1; ; attempt += 1) {
    if (await createExclusively(lockPath, owner)) break;
    const current = await readOwner(lockPath);
    if (current && (await isAlive(current, lockPath))) throw new DataDirBusyError(dataDir, current);
    if (attempt >= 5) {
      throw new Error(
        `Cannot take ${lockPath}: it keeps changing. If no other process uses ${dataDir}, delete that file and try again.`,
      );
    }
    await takeOverStale(lockPath, current);
  }
  held.add(lockPath);
  let released = false;
  return {
    dataDir: folder,
    owner,
    announce: async (url) => {
      owner.url = url;
      const temporary = `${lockPath}.${owner.nonce}.tmp`;
      await writeFile(temporary, JSON.stringify(owner));
      await rename(temporary, lockPath);
    },
    release: async () => {
      if (released) return;
      released = true;
      held.delete(lockPath);
      const current = await readOwner(lockPath);
      if (current?.nonce === owner.nonce) await unlink(lockPath).catch(() => undefined);
    },
  };
}

/** The live owner of a folder, if any (a stale lock counts as none). */
export async function readDataDirOwner(dataDir: string): Promise<DataDirOwner | undefined> {
  const lockPath = path.join(path.resolve(dataDir), LOCK_FILE);
  const current = await readOwner(lockPath);
  return current && (await isAlive(current, lockPath)) ? current : undefined;
}

/** Creates the lock with its whole content in one step (a hard link of a finished file), or false if one exists. */
async function createExclusively(lockPath: string, owner: DataDirOwner): Promise<boolean> {
  const temporary = `${lockPath}.${owner.nonce}.tmp`;
  await writeFile(temporary, JSON.stringify(owner));
  try {
    await link(temporary, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function readOwner(lockPath: string): Promise<DataDirOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<DataDirOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return undefined;
    return {
      pid: parsed.pid,
      hostname: parsed.hostname,
      command: typeof parsed.command === 'string' ? parsed.command : 'unknown',
      url: typeof parsed.url === 'string' ? parsed.url : null,
      started_at: typeof parsed.started_at === 'string' ? parsed.started_at : '',
      process_start: typeof parsed.process_start === 'string' ? parsed.process_start : null,
      nonce: typeof parsed.nonce === 'string' ? parsed.nonce : '',
    };
  } catch {
    // Gone, or not a lock this service wrote: either way nobody live holds it.
    return undefined;
  }
}

async function isAlive(owner: DataDirOwner, lockPath: string): Promise<boolean> {
  if (owner.hostname !== hostname()) {
    // Another machine or container: its process cannot be checked from here. A server that no longer
    // answers at its address is gone (a container restarted under a new name); anything else counts as live.
    return owner.url ? answers(owner.url) : true;
  }
  if (owner.pid === process.pid) return held.has(lockPath);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The pid is taken; by the owner only if it started when the owner did.
  const started = processStart(owner.pid);
  return owner.process_start === null || started === null || started === owner.process_start;
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/** Field 22 of /proc/<pid>/stat (clock ticks after boot); null where /proc does not exist. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Removes a stale lock, under a short-lived takeover lock so that two processes finding the same stale lock
 * cannot both remove it and each take the folder (the second would remove the first one's new lock).
 */
async function takeOverStale(lockPath: string, stale: DataDirOwner | undefined): Promise<void> {
  const guard = `${lockPath}.takeover`;
  try {
    await writeFile(guard, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Someone else is taking it over; a guard left by a process that died doing so is old after seconds.
    const age = Date.now() - ((await stat(guard).catch(() => undefined))?.mtimeMs ?? Date.now());
    if (age > 10_000) await unlink(guard).catch(() => undefined);
    await sleep(50);
    return;
  }
  try {
    const current = await readOwner(lockPath);
    if (current?.nonce === stale?.nonce) await unlink(lockPath).catch(() => undefined);
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}
