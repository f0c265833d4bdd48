import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type DatabaseHandle, openEmbedded, openPostgres } from '../../src/db/connect.ts';
import { migrateToLatest, migrationsFolder } from '../../src/db/migrate.ts';

// One fresh database per call, copied from a migrated template: `CREATE DATABASE … TEMPLATE` on server
// PostgreSQL (TEST_DATABASE_URL), a dump of a migrated PGlite data dir otherwise. Never a mock.

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/timeline-tests/', import.meta.url));

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await readdir(migrationsFolder)).sort()) {
    hash.update(file).update(await readFile(path.join(migrationsFolder, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

export const usingServerPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** A test database; on server PostgreSQL with its URL (the import opens a connection of its own there). */
export type TestDatabase = DatabaseHandle & { url?: string };

export async function createTestDatabase(): Promise<TestDatabase> {
  return usingServerPostgres
    ? createServerDatabase(process.env.TEST_DATABASE_URL as string)
    : createEmbeddedDatabase();
}

async function createServerDatabase(adminUrl: string): Promise<TestDatabase> {
  const template = `timeline_tpl_${await migrationsHash()}`;
  const name = `timeline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Test files run in parallel processes: one of them builds the template, the others wait for it.
    await admin.query('select pg_advisory_lock(7246001)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${template}`);
      const built = openPostgres({
        url: withDatabase(adminUrl, template),
        poolSize: 1,
        statementTimeoutMs: 60_000,
        connectTimeoutMs: 5_000,
      });
      try {
        await migrateToLatest(built.db);
      } catch (error) {
        await built.close();
        await admin.query(`drop database ${template}`);
        throw error;
      }
      await built.close();
    }
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.query('select pg_advisory_unlock(7246001)').catch(() => undefined);
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const handle = openPostgres({ url, poolSize: 4, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000 });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh in-memory PGlite database from the migrated template, whatever TEST_DATABASE_URL says. */
export async function createEmbeddedDatabase(): Promise<DatabaseHandle & { pglite: PGlite }> {
  const dump = await migratedDump();
  return openEmbedded({ loadDataDir: new Blob([new Uint8Array(dump)]) });
}

/** A gzip dump of a migrated PGlite database, built once per migration set and shared by all test files. */
async function migratedDump(): Promise<Buffer> {
  const file = path.join(cacheDir, `pglite-${await migrationsHash()}.tgz`);
  const lock = `${file}.lock`;
  await mkdir(cacheDir, { recursive: true });
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      return await readFile(file);
    } catch {
      // not built yet
    }
    try {
      await mkdir(lock);
    } catch {
      // Another test process is building it; a lock older than two minutes is stale.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 120_000) await rm(lock, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      const handle = await openEmbedded({});
      await migrateToLatest(handle.db);
      const blob = await handle.pglite.dumpDataDir('gzip');
      await handle.close();
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, Buffer.from(await blob.arrayBuffer()));
      await rename(tmp, file);
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
  throw new Error(`Timed out waiting for the test database template ${file}`);
}
