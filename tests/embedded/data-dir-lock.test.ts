import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { openEmbedded } from '../../src/db/connect.ts';
import {
  DataDirBusyError,
  type DataDirOwner,
  LOCK_FILE,
  lockDataDir,
  readDataDirOwner,
} from '../../src/db/data-dir-lock.ts';

// The lock that gives an embedded data folder one owner: who holds it, when it is stale, and that opening
// the embedded database takes it.

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'timeline-lock-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

async function writeLock(folder: string, owner: Partial<DataDirOwner>): Promise<void> {
  await mkdir(folder, { recursive: true });
  const full: DataDirOwner = {
    pid: process.pid,
    hostname: hostname(),
    command: 'server',
    url: null,
    started_at: new Date().toISOString(),
    process_start: null,
    nonce: 'written-by-test',
    ...owner,
  };
  await writeFile(path.join(folder, LOCK_FILE), JSON.stringify(full));
}

describe('data folder lock', () => {
  test('a second lock on a held folder fails naming the owner; after release the folder is free', async () => {
    const folder = path.join(dir, 'held');
    const lock = await lockDataDir(folder, 'seed');
    const written = JSON.parse(await readFile(path.join(folder, LOCK_FILE), 'utf8'));
    assert.deepEqual([written.pid, written.command, written.url], [process.pid, 'seed', null]);
    await assert.rejects(lockDataDir(folder, 'keys'), (error: Error) => {
      assert.ok(error instanceof DataDirBusyError);
      assert.match(error.message, new RegExp(`in use by \`npm run seed\` \\(pid ${process.pid}\\)`));
      return true;
    });
    assert.equal((await readDataDirOwner(folder))?.command, 'seed');
    await lock.release();
    assert.equal(await readDataDirOwner(folder), undefined);
    const again = await lockDataDir(folder, 'keys');
    await again.release();
  });

  test('a server announces its address in the lock', async () => {
    const folder = path.join(dir, 'announced');
    const lock = await lockDataDir(folder, 'server');
    await lock.announce('http://127.0.0.1:3999');
    const owner = await readDataDirOwner(folder);
    assert.deepEqual([owner?.command, owner?.url], ['server', 'http://127.0.0.1:3999']);
    await assert.rejects(lockDataDir(folder, 'keys'), /in use by the server at http:\/\/127\.0\.0\.1:3999/);
    await lock.release();
  });

  test('the lock of a process that has exited is stale and taken over', async () => {
    const folder = path.join(dir, 'stale');
    await writeLock(folder, { pid: deadPid(), url: 'http://127.0.0.1:3998' });
    assert.equal(await readDataDirOwner(folder), undefined);
    const lock = await lockDataDir(folder, 'migrate');
    assert.equal(JSON.parse(await readFile(path.join(folder, LOCK_FILE), 'utf8')).command, 'migrate');
    await lock.release();
  });

  test('a live pid holds the folder; the same pid with another start time is a reused pid, and stale', async () => {
    const folder = path.join(dir, 'live');
    await writeLock(folder, { pid: process.ppid, command: 'import' });
    await assert.rejects(lockDataDir(folder, 'keys'), /in use by `npm run import`/);
    await writeLock(folder, { pid: process.ppid, command: 'import', process_start: '1' });
    const lock = await lockDataDir(folder, 'keys');
    await lock.release();
  });

  test("this process's own pid in a lock it does not hold is a previous life (a container's pid 1)", async () => {
    const folder = path.join(dir, 'previous-life');
    await writeLock(folder, { pid: process.pid });
    const lock = await lockDataDir(folder, 'server');
    await lock.release();
  });

  test('another host: a server that does not answer at its address is gone; a tool counts as live', async () => {
    const folder = path.join(dir, 'other-host');
    await writeLock(folder, { hostname: 'elsewhere', url: 'http://127.0.0.1:1' });
    const lock = await lockDataDir(folder, 'server');
    await lock.release();
    await writeLock(folder, { hostname: 'elsewhere', command: 'import' });
    await assert.rejects(
      lockDataDir(folder, 'server'),
      /in use by `npm run import` \(pid \d+ on elsewhere\)/,
    );
  });

  test('release leaves a lock that is no longer its own', async () => {
    const folder = path.join(dir, 'replaced');
    const lock = await lockDataDir(folder, 'seed');
    await writeLock(folder, { pid: process.ppid, command: 'import', nonce: 'someone-else' });
    await lock.release();
    assert.equal(JSON.parse(await readFile(path.join(folder, LOCK_FILE), 'utf8')).nonce, 'someone-else');
  });

  test('opening the embedded database takes the lock until close; a second open is refused', async () => {
    const folder = path.join(dir, 'embedded');
    const database = await openEmbedded({ dataDir: folder, command: 'seed' });
    try {
      await assert.rejects(openEmbedded({ dataDir: folder, command: 'keys' }), DataDirBusyError);
      assert.equal((await readDataDirOwner(folder))?.command, 'seed');
    } finally {
      await database.close();
    }
    assert.equal(await readDataDirOwner(folder), undefined);
  });

  test('a folder made before the lock existed (PostgreSQL files directly in it) opens in place', async () => {
    const folder = path.join(dir, 'legacy');
    const old = new PGlite({ dataDir: folder });
    await old.exec("create table kept (v text); insert into kept values ('from before')");
    await old.close();
    const database = await openEmbedded({ dataDir: folder });
    try {
      const rows = await sql<{ v: string }>`select v from kept`.execute(database.db);
      assert.deepEqual(rows.rows, [{ v: 'from before' }]);
      assert.equal((await readDataDirOwner(folder))?.pid, process.pid);
    } finally {
      await database.close();
    }
  });
});
