import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { type DatabaseHandle, openEmbedded, openPostgres } from '../../src/db/connect.ts';
import { authenticateToken } from '../../src/modules/keys/keys.service.ts';
import { usingServerPostgres, withDatabase } from '../helpers/database.ts';
import { eventInput } from '../helpers/fixtures.ts';
import { runServerToExit, startServer } from '../helpers/server-process.ts';

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

function cli(script: 'keys', ...args: string[]) {
  return runWith(env, script, ...args);
}

async function runWith(environment: NodeJS.ProcessEnv, script: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', `src/cli/${script}.ts`, ...args],
      { cwd: root, env: environment },
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

test('keys CLI beside a running server: never a silent loss — refused without an admin key, through the server with one, and the key outlives a restart', async (t) => {
  const generated = await cli('keys', 'generate');
  assert.equal(generated.code, 0, generated.stderr);
  const adminKey = generated.stdout.trim();
  assert.match(adminKey, /^dtl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

  const serverEnv: Record<string, string> = {
    SEED_ON_EMPTY: 'false',
    ADMIN_KEY: adminKey,
    LOG_LEVEL: 'info',
  };
  if (env.DATABASE_URL) serverEnv.DATABASE_URL = env.DATABASE_URL;
  else serverEnv.DATA_DIR = path.join(dir, 'held');
  const cliEnv = { ...env, ...serverEnv, ADMIN_KEY: '' };
  const cliBeside = (extra: Record<string, string>, ...args: string[]) =>
    runWith({ ...cliEnv, ...extra }, 'keys', ...args);

  let server = await startServer(serverEnv);
  t.after(() => server.stop('SIGKILL'));
  const postEvent = (url: string, token: string) =>
    fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        eventInput({ slug: `beside-${randomBytes(3).toString('hex')}`, participants: [] }),
      ),
    });

  if (!env.DATABASE_URL) {
    const refused = await cliBeside({}, 'create', '--name', 'me', '--scope', 'write');
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '', 'no key printed');
    assert.match(refused.stderr, /The server at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\) holds DATA_DIR/);
    assert.match(refused.stderr, /set ADMIN_KEY=dtl_… \(or pass --admin-key\)/);

    const seed = await runWith(cliEnv, 'seed');
    assert.equal(seed.code, 75);
    assert.match(seed.stderr, /Refused: DATA_DIR .* is in use by the server at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(seed.stderr, /stop the server first/);

    const file = path.join(dir, 'beside.ndjson');
    await writeFile(file, `${JSON.stringify(eventInput({ slug: 'beside-import', participants: [] }))}\n`);
    const imported = await runWith(cliEnv, 'import', file);
    assert.equal(imported.code, 75, imported.stderr);
    assert.match(
      imported.stderr,
      /Refused: DATA_DIR .* is in use by the server at http:\/\/127\.0\.0\.1:\d+/,
    );
    assert.match(imported.stderr, /import through it instead: curl -X POST <server>\/v1\/events:import/);

    const second = await runServerToExit(serverEnv);
    assert.equal(second.code, 1);
    assert.match(
      second.output,
      /Cannot start: DATA_DIR .* is in use by the server at http:\/\/127\.0\.0\.1:\d+/,
    );
  }

  const created = await cliBeside({ ADMIN_KEY: adminKey }, 'create', '--name', 'me', '--scope', 'write');
  assert.equal(created.code, 0, created.stderr);
  const token = created.stdout.trim();
  assert.match(token, /^dtl_[0-9a-f]{12}_/);
  const first = await postEvent(server.url, token);
  assert.equal(first.status, 201, `the running server accepts the new key: ${await first.text()}`);

  const wrongAdmin = await cliBeside({}, 'list', '--admin-key', token);
  if (!env.DATABASE_URL) {
    assert.equal(wrongAdmin.code, 1);
    assert.match(wrongAdmin.stderr, /refused the admin key \(403: /);
  }

  assert.equal(await server.stop('SIGTERM'), 0);
  server = await startServer({ ...serverEnv, ADMIN_KEY: '' });
  const afterRestart = await postEvent(server.url, token);
  assert.equal(
    afterRestart.status,
    201,
    `the key is still there after a restart: ${await afterRestart.text()}`,
  );
  await server.stop('SIGTERM');

  const listed = await cliBeside({}, 'list', '--json');
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(
    JSON.parse(listed.stdout)
      .filter((k: { name: string }) => k.name === 'me')
      .map((k: { prefix: string }) => k.prefix),
    [token.slice(4, 16)],
  );
});
