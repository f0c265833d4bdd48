import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';

// From the sources (src/db → migrations/, *.ts through tsx) and from the build (dist/src/db → dist/migrations/,
// *.js): `npm run build` keeps the repository's layout under dist/, so one relative path serves both.
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** The migrations in the folder, named as Kysely names them: the file name without its extension. */
export async function migrationNames(): Promise<string[]> {
  const files = await fs.readdir(migrationsFolder);
  return files
    .filter((file) => /\.(js|ts|mjs|mts)$/.test(file) && !/\.d\.m?ts$/.test(file))
    .map((file) => file.slice(0, file.lastIndexOf('.')))
    .sort();
}

/**
 * The folder's migrations the database has not applied; undefined when that cannot be told this cheaply (no
 * migrations table yet, or the database has applied one the folder lacks: Kysely's own run then says so).
 */
export async function pendingMigrations<DB>(db: Kysely<DB>): Promise<string[] | undefined> {
  const { rows: table } = await sql<{ exists: boolean }>`
    select to_regclass('kysely_migration') is not null as exists`.execute(db);
  if (!table[0]?.exists) return undefined;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((row) => row.name));
  const names = await migrationNames();
  if (rows.length > names.filter((name) => applied.has(name)).length) return undefined;
  return names.filter((name) => !applied.has(name));
}

/**
 * Applies every pending migration; throws naming the migration that failed. With none pending it returns at
 * once: Kysely would import every migration module (and the app code one of them uses) to find that out, about
 * half a second of each start of the server or a command.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationResultSet> {
  if ((await pendingMigrations(db))?.length === 0) return { results: [] };
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`Migration ${failed} failed: ${reason}`);
  }
  return result;
}
