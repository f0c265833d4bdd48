import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import type { Database } from '../../../db/schema.ts';
import { Problem } from '../../../http/problem.ts';
import type { ApiKeyIdentity } from '../../keys/keys.service.ts';
import type { ImportFormat } from './import.formats.ts';
import {
  deleteOldImportJobs,
  findImportJob,
  type ImportJobRow,
  insertImportJob,
  updateImportJob,
} from './import.jobs.queries.ts';
import { type ImportCounters, type ImportReport, runImport } from './import.pipeline.ts';
import { progressFigures } from './import.progress.ts';
import type { ImportJobSchema, ImportProgressSchema } from './import.schemas.ts';
import type { ImportSession } from './import.session.ts';

export type ApiImportJob = Static<typeof ImportJobSchema>;
type ApiImportProgress = Static<typeof ImportProgressSchema>;

/** An uploaded file waiting for its import: read once, then disposed of. */
export interface ImportJobFile {
  format: ImportFormat;
  size: number;
  open(): Readable;
  dispose(): Promise<void>;
}

interface LiveJob {
  id: string;
  apiKeyId: string | null;
  format: string;
  dryRun: boolean;
  state: ApiImportJob['state'];
  counters: ImportCounters;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  result: ImportReport | null;
  /** Why it failed, as thrown: a synchronous request answers with it. */
  error: unknown;
  problem: ApiImportJob['problem'];
  /** Settles when the job has finished (never rejects). */
  done: Promise<void>;
}

/** How often a running job's progress reaches its row: other processes read it there. */
const HEARTBEAT_MS = 2000;
const INSTANCE = '/v1/events:import';

function apiProgress(c: ImportCounters, now: number): ApiImportProgress {
  const f = progressFigures(c, now);
  return {
    phase: c.phase,
    bytes_read: c.bytesRead,
    bytes_total: c.bytesTotal,
    rows: c.rows,
    errors: c.errors,
    rows_per_second: Math.round(f.rowsPerSecond * 10) / 10,
    seconds_left: f.secondsLeft === null ? null : Math.ceil(f.secondsLeft),
  };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * The imports of this process, one at a time (the others wait in `queued`): each is a row in
 * `import_jobs`, so that the job resource answers from any process and after this one is gone; while it
 * runs, its live counters answer here and reach the row every two seconds.
 */
export class ImportJobs {
  readonly #live = new Map<string, LiveJob>();
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly openSession: () => Promise<ImportSession>,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(file: ImportJobFile, options: { dryRun: boolean; apiKeyId: string | null }): Promise<LiveJob> {
    await deleteOldImportJobs(this.db).catch((err: Error) =>
      this.log.warn({ err: { message: err.message } }, 'could not delete old import jobs'),
    );
    const counters: ImportCounters = {
      phase: 'queued',
      step: null,
      bytesRead: 0,
      bytesTotal: file.size,
      rows: 0,
      errors: 0,
      startedAt: Date.now(),
      readAt: 0,
    };
    const id = await insertImportJob(this.db, {
      apiKeyId: options.apiKeyId,
      format: file.format.name,
      dryRun: options.dryRun,
      progress: apiProgress(counters, Date.now()),
    });
    const job: LiveJob = {
      id,
      apiKeyId: options.apiKeyId,
      format: file.format.name,
      dryRun: options.dryRun,
      state: 'queued',
      counters,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      result: null,
      error: undefined,
      problem: null,
      done: Promise.resolve(),
    };
    this.#live.set(id, job);
    job.done = this.#queue = this.#queue.then(() => this.#run(job, file));
    return job;
  }

  /** Waits up to `ms` for a job of this process; true when it has finished. */
  async waitFor(job: LiveJob, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      job.done.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
    clearTimeout(timer);
    return finished;
  }

  /** The job as the API shows it, with the key that started it; undefined when there is none. */
  async find(id: string): Promise<{ job: ApiImportJob; apiKeyId: string | null } | undefined> {
    const live = this.#live.get(id);
    if (live) return { job: this.toApi(live), apiKeyId: live.apiKeyId };
    const row = await findImportJob(this.db, id);
    return row ? { job: fromRow(row), apiKeyId: row.api_key_id } : undefined;
  }

  toApi(job: LiveJob): ApiImportJob {
    return {
      id: job.id,
      state: job.state,
      format: job.format,
      dry_run: job.dryRun,
      created_at: job.createdAt.toISOString(),
      started_at: iso(job.startedAt),
      finished_at: iso(job.finishedAt),
      progress: apiProgress(job.counters, Date.now()),
      result: job.result,
      problem: job.problem,
    };
  }

  /** Lets the queued and running imports finish (the app is closing). */
  async close(): Promise<void> {
    await this.#queue;
  }

  async #run(job: LiveJob, file: ImportJobFile): Promise<void> {
    job.state = 'running';
    job.startedAt = new Date();
    job.counters = { ...job.counters, phase: 'reading', startedAt: Date.now() };
    let persisting = this.#persist(job, { state: 'running', started: true });
    let beating = false;
    // A beat is skipped while the previous one waits: on the embedded database it waits for the import.
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      persisting = persisting
        .then(() => this.#persist(job))
        .finally(() => {
          beating = false;
        });
    }, HEARTBEAT_MS);
    let session: ImportSession | undefined;
    let outcome: { result: ImportReport } | { error: unknown };
    try {
      session = await this.openSession();
      const { analyzed: _analyzed, ...report } = await runImport(
        session,
        { format: file.format, size: file.size, open: () => file.open() },
        {
          dryRun: job.dryRun,
          apiKeyId: job.apiKeyId,
          onProgress: (counters) => {
            job.counters = { ...counters };
          },
        },
      );
      outcome = { result: report };
    } catch (error) {
      outcome = { error };
    } finally {
      clearInterval(heartbeat);
      await session?.close().catch(() => {});
      await file.dispose().catch(() => {});
    }
    const result = 'result' in outcome ? outcome.result : null;
    const problem = 'error' in outcome ? this.#problemOf(outcome.error, job.id) : null;
    const state = result ? 'succeeded' : 'failed';
    await persisting;
    // The row first, then this process's copy: whoever sees the job finished here finds its row finished too.
    const saved = await this.#persist(job, {
      state,
      finished: true,
      ...(result ? { result } : {}),
      ...(problem ? { problem: problem as Record<string, unknown> } : {}),
    });
    // The state, its outcome and the time it finished change together: a reader never sees one without the others.
    job.result = result;
    job.problem = problem;
    if ('error' in outcome) job.error = outcome.error;
    job.finishedAt = new Date();
    job.state = state;
    // Once its row holds the outcome, the row answers; until then (the database was away) this process does.
    if (saved) this.#live.delete(job.id);
  }

  #problemOf(error: unknown, id: string): ApiImportJob['problem'] {
    if (error instanceof Problem) return error.toBody(INSTANCE) as ApiImportJob['problem'];
    this.log.error({ err: error, importJob: id }, 'import failed');
    return new Problem(
      'internal',
      'The import failed unexpectedly and wrote nothing; it has been logged. Import the file again, or report the job id.',
    ).toBody(INSTANCE) as ApiImportJob['problem'];
  }

  async #persist(
    job: LiveJob,
    change: Omit<Parameters<typeof updateImportJob>[2], 'progress'> = {},
  ): Promise<boolean> {
    try {
      await updateImportJob(this.db, job.id, { ...change, progress: apiProgress(job.counters, Date.now()) });
      return true;
    } catch (err) {
      this.log.warn(
        { err: { message: (err as Error).message }, importJob: job.id },
        'import progress not saved',
      );
      return false;
    }
  }
}

/** A job read from its row. One still running whose row has not changed for a minute lost its process. */
function fromRow(row: NonNullable<ImportJobRow>): ApiImportJob {
  const lost = (row.state === 'running' || row.state === 'queued') && row.silent;
  const progress = row.progress as unknown as ApiImportProgress;
  return {
    id: row.id,
    state: lost ? 'failed' : row.state,
    format: row.format,
    dry_run: row.dry_run,
    created_at: iso(row.created_at) as string,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    progress,
    result: row.result as ApiImportJob['result'],
    problem: lost
      ? (new Problem(
          'internal',
          'The process running this import stopped before it finished, so nothing was written: import the file again.',
        ).toBody(INSTANCE) as ApiImportJob['problem'])
      : (row.problem as ApiImportJob['problem']),
  };
}

export type SubmittedImport =
  | { done: true; report: ImportReport }
  | { done: false; job: ApiImportJob; headers: Record<string, string> };

/**
 * Starts an import and, unless the client prefers an answer at once, waits up to `waitMs` for it: a
 * finished import answers like a synchronous one (its report, or its problem thrown); one still running
 * is handed over as its job resource (202 + Location), so no request stays open past its wait.
 */
export async function submitImport(
  jobs: ImportJobs,
  file: ImportJobFile,
  options: { dryRun: boolean; apiKeyId: string | null; respondAsync: boolean; waitMs: number },
): Promise<SubmittedImport> {
  const job = await jobs.start(file, options);
  if (!options.respondAsync && (await jobs.waitFor(job, options.waitMs))) {
    if (job.state === 'succeeded' && job.result) return { done: true, report: job.result };
    throw job.error;
  }
  return {
    done: false,
    job: jobs.toApi(job),
    headers: {
      location: `/v1/imports/${job.id}`,
      'retry-after': '2',
      ...(options.respondAsync ? { 'preference-applied': 'respond-async' } : {}),
    },
  };
}

/** A job for the key that asks: the key that started it, or an admin key; anyone else is told there is none. */
export async function importJobFor(
  jobs: ImportJobs,
  id: string,
  key: ApiKeyIdentity | null,
): Promise<ApiImportJob> {
  const found = await jobs.find(id);
  const allowed = found && key && (found.apiKeyId === key.id || key.scopes.includes('admin'));
  if (!found || !allowed) {
    throw new Problem(
      'notFound',
      `No import job ${id} for this API key: jobs are visible to the key that started them`,
    );
  }
  return found.job;
}
