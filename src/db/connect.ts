import { access } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import {
  durableNodeFs,
  durableStartParams,
  fsyncTree,
  leaveCleanCloseMark,
  takeCleanCloseMark,
} from './embedded-durability.ts';
import { PreparedStatements } from './prepared.ts';
import { ReadReplicas } from './read-replicas.ts';
import type { Database } from './schema.ts';

export interface DatabaseLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'embedded';
  /**
   * What an acknowledged commit of the embedded database survives: `power-loss` (flushed to disk before it
   * returns), `process-crash` (in the OS page cache: lost with the machine), `none` (in memory). Absent for
   * server PostgreSQL, where it is the server's fsync and synchronous_commit settings.
   */
  readonly commitsSurvive?: 'power-loss' | 'process-crash' | 'none';
  /** The embedded data folder's lock, held while the handle is open (absent for server PostgreSQL). */
  readonly dataDirLock?: DataDirLock;
  /**
   * With read replicas (DATABASE_READ_URL): `db` reads from the replica the current request was given (see
   * read-replicas.ts) and `primary` always goes to the primary, for what must see the latest commit or write
   * outside a write request (API keys, rate-limit counters). Absent without replicas: `db` is the primary.
   */
  readonly primary?: Kysely<Database>;
  readonly replicas?: ReadReplicas;
  /** The primary's WAL position now (after a commit: a position that includes it); only with replicas. */
  readPosition?(): Promise<string>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface PostgresOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** How long opening a new connection may take: short, so an unreachable database is a quick 503. */
  connectTimeoutMs: number;
  /** How long a request may wait for a busy pool to hand it a connection (default 10 s). */
  acquireTimeoutMs?: number;
  /** `max_parallel_workers_per_gather` of the API's sessions (default 0, see `DATABASE_PARALLEL_WORKERS`). */
  parallelWorkers?: number;
  /**
   * Where the sessions get those settings: `connection` (default) sends them in each connection's start-up
   * packet; `role` sends nothing and relies on the role's (or database's) defaults, set once with
   * `ALTER ROLE … SET`, for PgBouncer in transaction pooling mode, which refuses such start-up parameters and
   * keeps no per-connection state. With `role`, the first connection compares them and logs the statements to
   * run if they differ.
   */
  settings?: 'connection' | 'role';
  /**
   * Send reads as named statements, parsed once per connection (see prepared.ts). Default: on, except with
   * `settings: 'role'` (PgBouncer in transaction mode, whose 1.18 does not keep a client's named statements).
   */
  preparedStatements?: boolean;
  /** Streaming replicas of `url` for reads (DATABASE_READ_URL); none: everything goes to `url`. */
  readUrls?: readonly string[];
  /** How far behind (ms) a replica may be and still serve reads without a token (DATABASE_READ_MAX_LAG_MS). */
  readMaxLagMs?: number;
  /** How often each replica's position and lag are checked (DATABASE_READ_CHECK_INTERVAL_MS). */
  readCheckIntervalMs?: number;
  logger?: DatabaseLogger;
}

/** The session settings the API runs with, by name, as `SHOW` writes them. */
export function sessionSettings(options: Pick<PostgresOptions, 'statementTimeoutMs' | 'parallelWorkers'>) {
  return {
    statement_timeout: `${options.statementTimeoutMs}ms`,
    idle_in_transaction_session_timeout: `${options.statementTimeoutMs * 2}ms`,
    // Many small concurrent requests: a parallel plan's worker start-up costs more than it saves.
    max_parallel_workers_per_gather: String(options.parallelWorkers ?? 0),
  };
}

const DATE_OID = 1082;

/** Server PostgreSQL through a `pg` pool that survives the server going away and coming back. */
export function openPostgres(options: PostgresOptions): DatabaseHandle {
  const pool = createPool(options, options.url, options.settings === 'role');
  if (!options.readUrls?.length) {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      close: () => db.destroy(),
    };
  }
  const replicas = new ReadReplicas({
    primary: pool,
    // Role settings are replicated: the primary's check covers the replicas' sessions too.
    replicas: options.readUrls.map((url) => ({
      name: redactPassword(url),
      pool: createPool(options, url, false),
    })),
    maxLagMs: options.readMaxLagMs ?? 10_000,
    checkIntervalMs: options.readCheckIntervalMs ?? 1000,
    logger: options.logger,
  });
  replicas.start();
  const primary = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: replicas.routingPool() }) });
  return {
    db,
    primary,
    replicas,
    kind: 'postgres',
    readPosition: async () => {
      const { rows } = await pool.query<{ position: string }>(
        'select pg_current_wal_lsn()::text as position',
      );
      return rows[0]?.position ?? '0/0';
    },
    ping: async () => {
      await sql`select 1`.execute(primary);
    },
    close: async () => {
      await db.destroy();
      await replicas.close();
      await primary.destroy();
    },
  };
}

/** A URL as logs and /readyz may show it: without its password. */
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'a database URL that does not parse';
  }
}

function createPool(options: PostgresOptions, url: string, checkSettings: boolean): pg.Pool {
  // pg-pool uses its one `connectionTimeoutMillis` both for waiting on a busy pool and for opening a
  // connection, and hands its options to every client it creates. The pool gets the long acquire timeout
  // (a burst queues); each client overrides it with the short connect timeout (a dead database fails fast).
  const connectTimeoutMs = options.connectTimeoutMs;
  const prepare = options.preparedStatements ?? options.settings !== 'role';
  class PooledClient extends pg.Client {
    private readonly statements = new PreparedStatements();
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
    }
    /** Kysely's `query(text, values)`, as a named statement where prepared.ts says it pays. */
    override query(...args: unknown[]): never {
      const [text, values] = args;
      const name =
        prepare && args.length === 2 && typeof text === 'string' && Array.isArray(values)
          ? this.statements.nameFor(text)
          : undefined;
      const query = super.query as (...queryArgs: unknown[]) => unknown;
      return (name ? query.call(this, { name, text, values }) : query.apply(this, args)) as never;
    }
    override connect(): Promise<pg.Client>;
    override connect(callback: (err: Error | null, client?: pg.Client) => void): void;
    override connect(
      callback?: (err: Error | null, client?: pg.Client) => void,
    ): Promise<pg.Client> | undefined {
      if (!callback) return super.connect().catch((err: Error) => Promise.reject(asConnectError(err)));
      super.connect(((err: Error | null, client?: pg.Client) =>
        callback(err ? asConnectError(err) : err, client)) as (err: Error) => void);
    }
  }
  const pool = new pg.Pool({
    Client: PooledClient,
    connectionString: url,
    max: options.poolSize,
    connectionTimeoutMillis: Math.max(options.acquireTimeoutMs ?? 10_000, connectTimeoutMs),
    idleTimeoutMillis: 30_000,
    application_name: 'diplomatic-timeline-api',
    ...(options.settings === 'role'
      ? {}
      : {
          statement_timeout: options.statementTimeoutMs,
          idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
          options: `-c max_parallel_workers_per_gather=${options.parallelWorkers ?? 0}`,
        }),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === DATE_OID
          ? (value: string) => value
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // Without these listeners a connection dropped by a database restart kills the process.
  pool.on('error', (err) =>
    options.logger?.warn({ err: { message: err.message } }, 'idle database connection lost'),
  );
  let settingsChecked = !checkSettings;
  pool.on('connect', (client) => {
    client.on('error', (err) =>
      options.logger?.warn({ err: { message: err.message } }, 'database connection lost'),
    );
    if (!settingsChecked) {
      settingsChecked = true;
      // Through the pool, not this client: it is about to run the query it was opened for.
      void checkRoleSettings(pool, sessionSettings(options), options.logger);
    }
  });
  return pool;
}

/**
 * With `DATABASE_SETTINGS=role`, says (once) which of the API's settings the role's defaults do not give, with the
 * statements that set them: the API still runs, but without a statement timeout or with parallel plans.
 */
async function checkRoleSettings(
  pool: pg.Pool,
  wanted: Record<string, string>,
  logger: DatabaseLogger | undefined,
): Promise<void> {
  try {
    const names = Object.keys(wanted);
    const { rows } = await pool.query<{ name: string; value: string; user: string }>(
      `select name, current_setting(name) as value, current_user as "user"
         from unnest($1::text[]) as name`,
      [names],
    );
    const wrong = rows.filter((row) => !sameSetting(row.value, wanted[row.name] ?? ''));
    if (wrong.length === 0) return;
    const user = rows[0]?.user ?? 'app_user';
    logger?.warn(
      {
        settings: Object.fromEntries(
          wrong.map((row) => [row.name, { is: row.value, wanted: wanted[row.name] }]),
        ),
      },
      `DATABASE_SETTINGS=role but the role's defaults differ: run ${wrong
        .map((row) => `ALTER ROLE "${user}" SET ${row.name} = '${wanted[row.name]}';`)
        .join(' ')} (as an administrator), then reconnect`,
    );
  } catch (error) {
    logger?.warn({ err: { message: (error as Error).message } }, 'could not read the session settings');
  }
}

/** `5s` and `5000ms` are the same timeout: PostgreSQL shows durations in the largest whole unit. */
function sameSetting(shown: string, wanted: string): boolean {
  const ms = (text: string) => {
    const m = /^(\d+)(ms|s|min|h|d)?$/.exec(text);
    if (!m) return text;
    const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms'] ?? 1;
    return String(Number(m[1]) * unit);
  };
  return ms(shown) === ms(wanted);
}

/** pg reports its own connect timeout as a bare "timeout expired": name it, and give it a code the error
 * handler knows, so an unreachable database answers 503 and not 500. */
function asConnectError(error: Error): Error {
  if (error.message !== 'timeout expired') return error;
  return Object.assign(new Error('Connection terminated due to connection timeout', { cause: error }), {
    code: 'ETIMEDOUT',
  });
}

export interface EmbeddedOptions {
  /**
   * A folder for the data, held by this process alone while open (see data-dir-lock.ts); absent for a
   * throwaway in-memory database.
   */
  dataDir?: string;
  /** What opens the folder (`server`, `keys`, …): named to a second process that finds it taken. */
  command?: string;
  /** A dump made by `dumpDataDir` to start from (tests use a migrated template). */
  loadDataDir?: Blob | File;
  /**
   * Flush each commit to disk before it returns (default true with a dataDir): a commit then survives a power
   * loss, not only a crash of the process. See embedded-durability.ts.
   */
  fsync?: boolean;
}

/** Embedded PostgreSQL (PGlite) in a data folder, so `npm start` needs no database server. */
export async function openEmbedded(options: EmbeddedOptions): Promise<DatabaseHandle & { pglite: PGlite }> {
  const lock = options.dataDir ? await lockDataDir(options.dataDir, options.command ?? 'unknown') : undefined;
  try {
    return await openEmbeddedLocked(options, lock);
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

/**
 * Where PostgreSQL's own files live in a data folder: `<DATA_DIR>/postgres`, so that the lock can sit beside
 * them (PGlite's initdb refuses a folder that is not empty); a folder made before the lock existed holds
 * them directly and keeps doing so.
 */
async function postgresFolder(dataDir: string): Promise<string> {
  const legacy = await access(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  return legacy ? dataDir : path.join(dataDir, 'postgres');
}

async function openEmbeddedLocked(
  options: EmbeddedOptions,
  lock: DataDirLock | undefined,
): Promise<DatabaseHandle & { pglite: PGlite }> {
  // Loaded here, not at the top: a server-PostgreSQL deployment never pays PGlite's ~40 MB.
  const [{ PGlite, types: pgliteTypes }, { NodeFS }, { btree_gist }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/nodefs'),
    import('@electric-sql/pglite/contrib/btree_gist'),
    import('kysely-pglite-dialect'),
  ]);
  const durable = lock !== undefined && options.fsync !== false;
  const dataDir = lock && (await postgresFolder(lock.dataDir));
  const pglite = new PGlite({
    ...(durable && dataDir
      ? {
          fs: durableNodeFs(NodeFS, dataDir),
          startParams: durableStartParams(
            (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams,
          ),
        }
      : { dataDir }),
    loadDataDir: options.loadDataDir,
    // The actor timeline's GiST index on (actor_id, type, extent) needs btree_gist (migration 0002).
    extensions: { btree_gist },
    parsers: { [pgliteTypes.DATE]: (value: string) => value },
  });
  await pglite.waitReady;
  // initdb, and recovery after a crash, wrote without fsync: unless the last owner closed the folder cleanly,
  // flush all of it once, so that what follows builds on what is on disk.
  if (durable && lock && !(await takeCleanCloseMark(lock.dataDir))) fsyncTree(lock.dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    pglite,
    kind: 'embedded',
    commitsSurvive: durable ? 'power-loss' : lock ? 'process-crash' : 'none',
    dataDirLock: lock,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      try {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        if (durable && lock) await leaveCleanCloseMark(lock.dataDir);
      } finally {
        await lock?.release();
      }
    },
  };
}
