import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type ImportJobRow = Awaited<ReturnType<typeof findImportJob>>;

export async function insertImportJob(
  db: Db,
  job: { apiKeyId: string | null; format: string; dryRun: boolean; progress: Record<string, unknown> },
): Promise<string> {
  const row = await db
    .insertInto('import_jobs')
    .values({
      api_key_id: job.apiKeyId,
      state: 'queued',
      format: job.format,
      dry_run: job.dryRun,
      progress: JSON.stringify(job.progress),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateImportJob(
  db: Db,
  id: string,
  change: {
    state?: 'running' | 'succeeded' | 'failed';
    progress: Record<string, unknown>;
    result?: Record<string, unknown>;
    problem?: Record<string, unknown>;
    started?: boolean;
    finished?: boolean;
  },
): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      progress: JSON.stringify(change.progress),
      updated_at: sql`now()`,
      ...(change.state ? { state: change.state } : {}),
      ...(change.result ? { result: JSON.stringify(change.result) } : {}),
      ...(change.problem ? { problem: JSON.stringify(change.problem) } : {}),
      ...(change.started ? { started_at: sql`now()` } : {}),
      ...(change.finished ? { finished_at: sql`now()` } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export function findImportJob(db: Db, id: string) {
  return db
    .selectFrom('import_jobs')
    .select([
      'id',
      'api_key_id',
      'state',
      'format',
      'dry_run',
      'progress',
      'result',
      'problem',
      'created_at',
      'started_at',
      'finished_at',
      sql<boolean>`updated_at < now() - interval '1 minute'`.as('silent'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Finished jobs are kept a week: long enough to come back for a result, short enough not to pile up. */
export async function deleteOldImportJobs(db: Db): Promise<void> {
  await db
    .deleteFrom('import_jobs')
    .where('finished_at', '<', sql<Date>`now() - interval '7 days'`)
    .execute();
}
