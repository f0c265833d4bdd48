import { finished } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../../../db/connect.ts';
import type { Database } from '../../../db/schema.ts';
import { Problem } from '../../../http/problem.ts';

/**
 * The one database session an import runs in: its staging tables are temporary tables of this session,
 * and it writes in one transaction of it. Statements are plain SQL with $n parameters.
 */
export interface ImportSession {
  readonly kind: 'postgres' | 'embedded';
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
  /** Loads rows given as COPY text lines into a table of the session. */
  copyIn(table: string, columns: readonly string[], lines: string): Promise<void>;
  /**
   * Runs `work` with the session to itself. On server PostgreSQL the session is the import's own
   * connection; the embedded database has one session for everything, which the app's requests then wait for.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface PostgresSessionOptions {
  url: string;
  /** The import's statements work on whole files: they get their own, longer, timeout. */
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

/**
 * A connection of its own on server PostgreSQL: COPY needs the raw client (the pool's clients are hidden
 * behind Kysely), and an import that holds a connection for a minute must not take one from the API's pool.
 */
export async function openPostgresSession(options: PostgresSessionOptions): Promise<ImportSession> {
  const client = new pg.Client({
    connectionString: options.url,
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: 'diplomatic-timeline-import',
  });
  // A connection lost mid-import fails the statement in progress; without a listener it would kill the process.
  client.on('error', () => {});
  await client.connect();
  // Set here rather than in the start-up packet, which PgBouncer refuses such parameters in (the session still
  // needs the primary itself or a session-pooling PgBouncer for its temporary tables: DATABASE_DIRECT_URL).
  await client.query(`set statement_timeout = ${Math.trunc(options.statementTimeoutMs)}`);
  // Between two batches the session waits for the file; a stalled upload must not keep a transaction.
  await client.query(
    `set idle_in_transaction_session_timeout = ${Math.trunc(Math.max(options.statementTimeoutMs, 60_000))}`,
  );
  // Sorting and hashing a million staged rows in memory rather than in temporary files; the staging tables'
  // pages stay in the session's own buffers. Both are per session, and this session is the import's.
  await client.query(`set work_mem = '64MB'`);
  await client.query(`set temp_buffers = '64MB'`);
  // Compiling the bulk statements costs seconds and saves less: their time goes to indexes and documents.
  await client.query('set jit = off');
  const explained = (error: unknown) => explainTimeout(error, options.statementTimeoutMs);
  return {
    kind: 'postgres',
    async query<R>(text: string, params: readonly unknown[] = []) {
      const result = await client
        .query(text, params as unknown[])
        .catch((error) => Promise.reject(explained(error)));
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async copyIn(table, columns, lines) {
      const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
      stream.end(lines);
      await finished(stream).catch((error) => Promise.reject(explained(error)));
    },
    exclusive: (work) => work(),
    close: () => client.end(),
  };
}

/**
 * A statement cancelled by the import's own timeout, as a problem that says what to do: the transaction is rolled
 * back, and only a longer limit lets a file this large through.
 */
export function explainTimeout(error: unknown, statementTimeoutMs: number): unknown {
  // 57014 is also a cancel by hand (pg_cancel_backend: "due to user request"), which no longer limit would help.
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code !== '57014' || !/statement timeout/.test(message ?? '')) return error;
  return new Problem(
    'timeout',
    `A statement of the import ran longer than IMPORT_STATEMENT_TIMEOUT_MS (${statementTimeoutMs} ms) and was cancelled: nothing was written. A file this large needs a longer limit: raise IMPORT_STATEMENT_TIMEOUT_MS (3600000 is an hour) and import it again.`,
  );
}

/**
 * The embedded database's one session. Every statement holds Kysely's connection (PGliteDialect hands out
 * one at a time), so that no request's transaction is open around the import's statements, nor the other
 * way round; `exclusive` holds it across several.
 */
export function pgliteSession(db: Kysely<Database>, pglite: PGlite): ImportSession {
  let held = false;
  const run = <T>(work: () => Promise<T>): Promise<T> =>
    held ? work() : db.connection().execute(() => work());
  return {
    kind: 'embedded',
    query: <R>(text: string, params: readonly unknown[] = []) =>
      run(async () => {
        const result = await pglite.query<R>(text, params as unknown[]);
        return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
      }),
    // COPY FROM a virtual file: PGlite hands the blob to the server as /dev/blob.
    copyIn: (table, columns, lines) =>
      run(async () => {
        await pglite.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
          blob: new Blob([lines]),
        });
      }),
    exclusive: (work) =>
      run(async () => {
        if (held) return work();
        held = true;
        try {
          return await work();
        } finally {
          held = false;
        }
      }),
    close: async () => {},
  };
}

export interface SessionSource {
  database: DatabaseHandle;
  /** Server PostgreSQL's address: the import opens a connection of its own there. */
  url?: string;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

/** The session an import runs in, on whichever back-end the app uses. */
export async function openImportSession(source: SessionSource): Promise<ImportSession> {
  const { database } = source;
  if (database.kind === 'embedded') {
    const pglite = (database as DatabaseHandle & { pglite?: PGlite }).pglite;
    if (!pglite) throw new Error('the embedded database handle has no PGlite instance');
    return pgliteSession(database.db, pglite);
  }
  if (!source.url) {
    throw new Error('an import on server PostgreSQL needs DATABASE_URL to open its own connection');
  }
  return openPostgresSession({
    url: source.url,
    statementTimeoutMs: source.statementTimeoutMs,
    connectTimeoutMs: source.connectTimeoutMs,
  });
}
