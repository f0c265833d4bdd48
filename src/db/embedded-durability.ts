import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { NodeFS } from '@electric-sql/pglite/nodefs';

/*
 * Why an embedded commit did not reach the disk, and what this file changes.
 *
 * PGlite (0.4) runs PostgreSQL as WebAssembly; on Node its data folder is Emscripten's NODEFS, which turns
 * each write() into fs.writeSync() — so a committed transaction's WAL is in the operating system's page cache
 * when the query returns, and survives the process being killed. It did not survive a power loss, for two
 * reasons: PGlite starts PostgreSQL with `-F` (fsync = off), and NODEFS has no fsync at all (Emscripten's
 * fd_sync is a no-op for it, fdatasync always is). Here PostgreSQL runs with fsync on and
 * `wal_sync_method = fsync` (the one call that reaches the file system), and NODEFS's fsync calls the real
 * fsync(2). PostgreSQL then does what it does on a server: it flushes the WAL before a commit returns, and
 * data files, pg_control and directories at checkpoints.
 */

/** The Emscripten internals this file reaches into (not part of PGlite's typed API). */
interface EmscriptenStream {
  nfd?: number;
  node: unknown;
}
interface NodeFsBackend {
  stream_ops: { fsync?: (stream: EmscriptenStream) => number };
  realPath(node: unknown): string;
  tryFSOperation<T>(operation: () => T): T;
}
interface EmscriptenModule {
  FS: { filesystems: { NODEFS: NodeFsBackend } };
}

/** How many fsync calls PostgreSQL made through NODEFS in this process (for /readyz and tests). */
export const embeddedFsyncs = { calls: 0 };

/** Gives Emscripten's NODEFS a real fsync: of the open file, or of a directory PostgreSQL opened to sync. */
export function honourFsync(module: EmscriptenModule): void {
  const nodefs = module.FS.filesystems.NODEFS;
  if (nodefs.stream_ops.fsync) return;
  nodefs.stream_ops.fsync = (stream) =>
    nodefs.tryFSOperation(() => {
      embeddedFsyncs.calls += 1;
      if (stream.nfd !== undefined) {
        fsyncSync(stream.nfd);
      } else {
        // NODEFS keeps no descriptor for a directory; open the real one to flush its entries.
        const fd = openSync(nodefs.realPath(stream.node), 'r');
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      return 0;
    });
}

/** PGlite's start-up parameters with fsync on (its default `-F` dropped) and a WAL sync method NODEFS can honour. */
export function durableStartParams(defaults: readonly string[]): string[] {
  return [...defaults.filter((param) => param !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
}

/**
 * A PGlite file system for a data folder on Node whose fsync reaches the disk. It is NodeFS (loaded by the
 * caller, so that server-PostgreSQL deployments never load PGlite) with the NODEFS patch applied before
 * PostgreSQL opens its first file.
 */
export function durableNodeFs(NodeFSClass: typeof NodeFS, dataDir: string): NodeFS {
  class DurableNodeFS extends NodeFSClass {
    override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
      const { emscriptenOpts } = await super.init(pg, opts);
      const preRun = emscriptenOpts.preRun ?? [];
      return {
        emscriptenOpts: {
          ...emscriptenOpts,
          preRun: [...preRun, (module: object) => honourFsync(module as EmscriptenModule)],
        },
      };
    }
  }
  return new DurableNodeFS(dataDir);
}

/**
 * Flushes every file and directory of a data folder to disk (only the folder's own files without
 * `recursive`): after PGlite's initdb (which writes without fsync) and after crash recovery, so that nothing
 * PostgreSQL relies on is only in the page cache. A migrated folder holds about a thousand files: 0.4–2.7 s
 * here, most of it right after initdb, when they are dirty.
 */
export function fsyncTree(folder: string, { recursive = true } = {}): number {
  let count = 0;
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (recursive) visit(full);
      } else if (entry.isFile()) {
        const fd = openSync(full, 'r');
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        count += 1;
      }
    }
    const fd = openSync(current, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    count += 1;
  };
  visit(folder);
  return count;
}

/** Left in the data folder by a clean close (after PostgreSQL's shutdown checkpoint), taken at the next open. */
const CLEAN_CLOSE_MARK = 'closed-cleanly';

/** True if the folder was closed cleanly last time (the mark is removed: this run has not closed yet). */
export async function takeCleanCloseMark(dataDir: string): Promise<boolean> {
  try {
    await unlink(path.join(dataDir, CLEAN_CLOSE_MARK));
    return true;
  } catch {
    return false;
  }
}

export async function leaveCleanCloseMark(dataDir: string): Promise<void> {
  await writeFile(path.join(dataDir, CLEAN_CLOSE_MARK), '');
  fsyncTree(dataDir, { recursive: false });
}
