import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openEmbedded, openPostgres } from '../../src/db/connect.ts';
import { authenticateToken } from '../../src/modules/keys/keys.service.ts';
import { usingServerPostgres, withDatabase } from '../helpers/database.ts';
import { eventInput } from '../helpers/fixtures.ts';

// The command-line tools, run as a user runs them, against a database of their own: a fresh server
// database (TEST_DATABASE_URL) or a fresh embedded data folder. The tools migrate it themselves.

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
let dir: string;
let env: NodeJS.ProcessEnv;
let dropDatabase: (() => Promise<void>) | undefined;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'timeline-cli-'));
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  env = { ...rest, LOG_LEVEL: 'silent' };
  if (usingServerPostgres) {
    const adminUrl = process.env.TEST_DATABASE_URL as string;
    const name = `timeline_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    env.DATABASE_URL = withDatabase(adminUrl, name);
    dropDatabase = async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    };
  } else {
    env.DATA_DIR = path.join(dir, 'data');
  }
});
after(async () => {
  await dropDatabase?.();
  await rm(dir, { recursive: true, force: true });
});

async function cli(script: 'keys' | 'import', ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', `src/cli/${script}.ts`, ...args],
      { cwd: root, env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function withDatabaseOpen<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = env.DATABASE_URL
    ? openPostgres({
        url: env.DATABASE_URL,
        poolSize: 1,
        statementTimeoutMs: 10_000,
        connectTimeoutMs: 5_000,
      })
    : await openEmbedded({ dataDir: env.DATA_DIR });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

test('keys CLI: create prints the key once, list shows it without the secret, revoke ends it', async () => {
  const badScope = await cli('keys', 'create', '--name', 'x', '--scope', 'superuser');
  assert.equal(badScope.code, 1);
  assert.match(badScope.stderr, /Unknown scope "superuser"/);

  const created = await cli('keys', 'create', '--name', 'ci bot', '--scope', 'write', '--scope', 'admin');
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^dtl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
  assert.match(created.stderr, /shown only this once/);
  const token = created.stdout.trim();
  const prefix = token.slice(4, 16);

  const listed = await cli('keys', 'list', '--json');
  assert.equal(listed.code, 0, listed.stderr);
  const keys = JSON.parse(listed.stdout);
  assert.deepEqual(
    keys.map((k: Record<string, unknown>) => [k.name, k.prefix, k.scopes, k.revoked_at]),
    [['ci bot', prefix, ['admin', 'write'], null]],
  );
  assert.ok(!listed.stdout.includes(token.slice(17)), 'the secret is never shown again');

  const revoked = await cli('keys', 'revoke', `dtl_${prefix}`);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match(revoked.stdout, /^Revoked key .* "ci bot"/);

  const [stored, auth] = await withDatabaseOpen(
    async (database) =>
      [
        await database.db.selectFrom('api_keys').select(['secret_hash']).executeTakeFirstOrThrow(),
        await authenticateToken(database.db, token),
      ] as const,
  );
  assert.match(stored.secret_hash, /^[0-9a-f]{64}$/, 'only a hash is stored');
  assert.deepEqual(auth, { ok: false, reason: 'revoked' });
});

test('import CLI: a dry run with progress on stderr, and a bad file listing its lines', async () => {
  const file = path.join(dir, 'events.ndjson');
  const rows = [1, 2, 3].map((i) =>
    eventInput({ slug: `cli-event-${i}`, participants: [], date: `200${i}` }),
  );
  await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  const dry = await cli('import', file, '--dry-run', '--progress-every', '1');
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(JSON.parse(dry.stdout), { rows: 3, created: 3, updated: 0, unchanged: 0, dry_run: true });
  assert.match(dry.stderr, /checked: 1 rows/);
  assert.match(dry.stderr, /written: 3 rows/);

  const bad = path.join(dir, 'bad.csv');
  await writeFile(bad, 'slug,type,date,title_en\ncli-x,meeting,2019,Fine\ncli-y,meeting,2019-13,Bad date\n');
  const failed = await cli('import', bad);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /line 3: \/date: /);
  assert.match(failed.stderr, /1 of 2 rows are invalid; nothing was written/);

  const unknownFormat = await cli('import', path.join(dir, 'events.txt'));
  assert.equal(unknownFormat.code, 1);
  assert.match(unknownFormat.stderr, /name it \.ndjson or \.csv/);

  const events = await withDatabaseOpen(async (database) => {
    const row = await sql<{ n: number }>`select count(*)::int as n from events`.execute(database.db);
    return row.rows[0]?.n;
  });
  assert.equal(events, 0, 'neither the dry run nor the bad file wrote anything');
});
