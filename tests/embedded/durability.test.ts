import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openEmbedded } from '../../src/db/connect.ts';
import { embeddedFsyncs } from '../../src/db/embedded-durability.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createApiKey } from '../../src/modules/keys/keys.service.ts';
import { eventInput, uniqueSlug } from '../helpers/fixtures.ts';
import { startServer } from '../helpers/server-process.ts';

// The embedded database in a data folder: a commit is flushed to disk before it returns, and an acknowledged
// write is there after the process is killed. (Power loss itself cannot be staged here; what it needs — the
// WAL fsynced before the commit returns — is what the first test checks.)

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'timeline-durability-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('embedded durability', () => {
  test('in a data folder PostgreSQL runs with fsync on, and each commit calls fsync before it returns', async () => {
    const database = await openEmbedded({ dataDir: path.join(dir, 'fsync') });
    try {
      const settings = await sql<{ name: string; setting: string }>`
        select name, setting from pg_settings where name in ('fsync', 'wal_sync_method') order by name`.execute(
        database.db,
      );
      assert.deepEqual(settings.rows, [
        { name: 'fsync', setting: 'on' },
        { name: 'wal_sync_method', setting: 'fsync' },
      ]);
      await sql`create table t (id int primary key)`.execute(database.db);
      const calls: number[] = [];
      for (let i = 1; i <= 3; i += 1) {
        const before = embeddedFsyncs.calls;
        await sql`insert into t values (${i})`.execute(database.db);
        calls.push(embeddedFsyncs.calls - before);
      }
      assert.deepEqual(calls, [1, 1, 1], 'one fsync of the WAL per commit');
      const before = embeddedFsyncs.calls;
      await sql`select count(*) from t`.execute(database.db);
      assert.equal(embeddedFsyncs.calls - before, 0, 'a read flushes nothing');
    } finally {
      await database.close();
    }
  });

  test('a clean close leaves a mark the next open takes (no mark: the folder is flushed whole after recovery)', async () => {
    const folder = path.join(dir, 'mark');
    const mark = path.join(folder, 'closed-cleanly');
    const first = await openEmbedded({ dataDir: folder });
    assert.equal(existsSync(mark), false, 'a new folder has no mark while open');
    await first.close();
    assert.equal(existsSync(mark), true);
    const second = await openEmbedded({ dataDir: folder });
    assert.equal(existsSync(mark), false, 'taken at open: a crash from here on leaves none');
    await second.close();
  });

  test('fsync: false keeps PGlite as it comes (commits reach the OS, not the disk)', async () => {
    const database = await openEmbedded({ dataDir: path.join(dir, 'relaxed'), fsync: false });
    try {
      const row = await sql<{ fsync: string }>`select current_setting('fsync') as fsync`.execute(database.db);
      assert.equal(row.rows[0]?.fsync, 'off');
    } finally {
      await database.close();
    }
  });

  test('an event acknowledged with 201 is there after the server is killed with SIGKILL and started again', async () => {
    const dataDir = path.join(dir, 'crash');
    const setup = await openEmbedded({ dataDir });
    await migrateToLatest(setup.db);
    const { token } = await createApiKey(setup.db, { name: 'writer', scopes: ['write'] });
    await setup.close();

    const env = { DATA_DIR: dataDir, SEED_ON_EMPTY: 'false' };
    const first = await startServer(env);
    const slugs = [uniqueSlug('crash'), uniqueSlug('crash')];
    try {
      for (const slug of slugs) {
        const res = await fetch(`${first.url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(eventInput({ slug, participants: [] })),
        });
        assert.equal(res.status, 201, await res.text());
      }
    } finally {
      assert.equal(await first.stop('SIGKILL'), null, 'killed, not shut down');
    }
    assert.match(
      first.output(),
      /"table":"events".*"msg":"analyzed at start-up"/,
      'a folder never analyzed is',
    );

    const second = await startServer(env);
    try {
      for (const slug of slugs) {
        const res = await fetch(`${second.url}/v1/events/${slug}`);
        assert.equal(res.status, 200, `${slug} survived: ${await res.text()}`);
      }
    } finally {
      await second.stop();
    }
    assert.doesNotMatch(second.output(), /analyzed at start-up/, 'once analyzed, not again at every start');
  });
});
