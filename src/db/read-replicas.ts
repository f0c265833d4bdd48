import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { DatabaseLogger } from './connect.ts';

/**
 * Streaming replicas for reads (DATABASE_READ_URL). A request that may read from a replica runs inside
 * `readFrom(replica, …)`; the pool behind `DatabaseHandle.db` then hands out that replica's connections, and
 * the primary's everywhere else (writes, start-up, command-line tools, anything outside a request). See
 * docs/deploy.md, "Reads on replicas".
 */

/** A WAL position (`pg_lsn`, written `16/B374D848`) as a byte offset, or undefined if the text is not one. */
export function parseLsn(text: string): bigint | undefined {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!m) return undefined;
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

export function formatLsn(position: bigint): string {
  return `${(position >> 32n).toString(16).toUpperCase()}/${(position & 0xffffffffn).toString(16).toUpperCase()}`;
}

/**
 * `up`: answers and has replayed what the primary wrote up to DATABASE_READ_MAX_LAG_MS ago; `lagging`: answers
 * but is further behind; `down`: does not answer; `foreign`: answers but is not a copy of the primary (another
 * cluster: its positions mean nothing here). Only `up` replicas serve reads.
 */
export type ReplicaState = 'up' | 'lagging' | 'down' | 'foreign' | 'unknown';

export interface Replica {
  /** The URL without its password: how logs and /readyz name it. */
  readonly name: string;
  readonly pool: pg.Pool;
  state: ReplicaState;
  /** The WAL position it had replayed at the last check. */
  replayed: bigint | undefined;
  lagMs: number | undefined;
  lagBytes: bigint | undefined;
  error: string | undefined;
}

export interface ReplicaStatus {
  name: string;
  state: ReplicaState;
  lag_ms: number | null;
  lag_bytes: number | null;
  replayed: string | null;
  error: string | null;
}

export interface ReadReplicasOptions {
  primary: pg.Pool;
  replicas: { name: string; pool: pg.Pool }[];
  maxLagMs: number;
  checkIntervalMs: number;
  logger?: DatabaseLogger & { info?(obj: object, msg: string): void };
}

const target = new AsyncLocalStorage<Replica>();

/** Runs `work` (and everything it starts) with reads going to `replica`; with none, to the primary. */
export function readFrom<T>(replica: Replica | undefined, work: () => T): T {
  return replica ? target.run(replica, work) : work();
}

/** A failure that says the server (or the way to it) is gone, not that the query was wrong. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (typeof e?.code === 'string') {
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND)$/.test(e.code)) return true;
    // Class 08 (connection exception), 57P01-03 (shutdown, cannot connect now); 40001 with "recovery" is a
    // standby cancelling a read that conflicts with replay.
    if (/^08/.test(e.code) || /^57P0[123]$/.test(e.code)) return true;
    if (e.code === '40001' && /recovery/.test(e.message ?? '')) return true;
  }
  return /Connection terminated|connection timeout|server conn crashed|cannot connect to server/i.test(
    e?.message ?? '',
  );
}

/**
 * The replicas, what each has replayed and how far behind it is. Lag in time is measured against the primary:
 * each check notes the primary's WAL position with the time; a replica's lag is the age of the oldest noted
 * position it has not replayed yet (0 when it has replayed the newest), so an idle primary shows no lag.
 */
export class ReadReplicas {
  readonly replicas: Replica[];
  readonly maxLagMs: number;
  #primary: pg.Pool;
  #samples: { at: number; position: bigint }[] = [];
  #primarySystem: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #next = 0;
  #checking: Promise<void> | undefined;
  #logger: ReadReplicasOptions['logger'];
  #intervalMs: number;

  constructor(options: ReadReplicasOptions) {
    this.#primary = options.primary;
    this.maxLagMs = options.maxLagMs;
    this.#intervalMs = options.checkIntervalMs;
    this.#logger = options.logger;
    this.replicas = options.replicas.map(({ name, pool }) => ({
      name,
      pool,
      state: 'unknown',
      replayed: undefined,
      lagMs: undefined,
      lagBytes: undefined,
      error: undefined,
    }));
  }

  /** Checks now and then every interval; until the first check ends, reads go to the primary. */
  start(): void {
    void this.check();
    if (this.#intervalMs > 0) {
      this.#timer = setInterval(() => void this.check(), this.#intervalMs);
      this.#timer.unref();
    }
  }

  /** One round: the primary's position, then each replica's. Concurrent callers share the round. */
  check(): Promise<void> {
    this.#checking ??= this.#checkOnce().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  async #checkOnce(): Promise<void> {
    try {
      const { rows } = await this.#primary.query<{ position: string; system: string }>(
        'select pg_current_wal_lsn()::text as position, system_identifier::text as system from pg_control_system()',
      );
      const row = rows[0];
      const position = row && parseLsn(row.position);
      if (row && position !== undefined) {
        this.#primarySystem = row.system;
        const now = Date.now();
        const last = this.#samples.at(-1);
        if (!last || last.position !== position) this.#samples.push({ at: now, position });
        // Older positions than the lag limit (and a bit) never decide anything any more.
        const horizon = now - 2 * this.maxLagMs - 2 * this.#intervalMs;
        while (this.#samples.length > 1 && (this.#samples[1]?.at ?? now) < horizon) this.#samples.shift();
      }
    } catch {
      // The primary's own health is /readyz's business; replicas keep their last known lag meanwhile.
    }
    await Promise.all(this.replicas.map((replica) => this.#checkReplica(replica)));
  }

  async #checkReplica(replica: Replica): Promise<void> {
    try {
      const { rows } = await replica.pool.query<{ replayed: string | null; system: string }>(
        `select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text
                  as replayed,
                system_identifier::text as system
           from pg_control_system()`,
      );
      const row = rows[0];
      if (this.#primarySystem && row && row.system !== this.#primarySystem) {
        return this.#settle(replica, 'foreign', 'not a copy of DATABASE_URL (another system identifier)');
      }
      replica.replayed = row?.replayed ? parseLsn(row.replayed) : undefined;
      this.#measureLag(replica);
      const lagging = replica.lagMs === undefined || replica.lagMs > this.maxLagMs;
      this.#settle(replica, lagging ? 'lagging' : 'up', undefined);
    } catch (error) {
      this.#settle(replica, 'down', (error as Error).message);
    }
  }

  #measureLag(replica: Replica): void {
    const newest = this.#samples.at(-1);
    if (replica.replayed === undefined || !newest) {
      replica.lagMs = undefined;
      replica.lagBytes = undefined;
      return;
    }
    replica.lagBytes = newest.position > replica.replayed ? newest.position - replica.replayed : 0n;
    const behind = this.#samples.find((sample) => sample.position > (replica.replayed as bigint));
    replica.lagMs = behind ? Date.now() - behind.at : 0;
  }

  /** A replica's new state; a change is logged once (not every check). */
  #settle(replica: Replica, state: ReplicaState, error: string | undefined): void {
    const was = replica.state;
    replica.state = state;
    replica.error = error;
    if (state === 'down' || state === 'foreign') {
      replica.lagMs = undefined;
      replica.lagBytes = undefined;
    }
    if (was === state) return;
    const fields = {
      replica: replica.name,
      state,
      was,
      lag_ms: replica.lagMs ?? null,
      ...(error ? { err: { message: error } } : {}),
    };
    if (state === 'up') {
      this.#logger?.info?.(fields, 'read replica up: reads go to it');
    } else {
      const why = {
        down: 'does not answer',
        lagging: `is more than DATABASE_READ_MAX_LAG_MS=${this.maxLagMs} ms behind the primary`,
        foreign: 'is not a streaming copy of DATABASE_URL: check DATABASE_READ_URL',
        unknown: 'is not checked yet',
      }[state];
      this.#logger?.warn(fields, `read replica ${why}: its reads go to the primary meanwhile`);
    }
  }

  /** A request failed to reach the replica: take it out until a check finds it answering again. */
  markDown(replica: Replica, error: unknown): void {
    this.#settle(replica, 'down', (error as Error).message);
  }

  /**
   * The replica a read goes to, or undefined for the primary. Without a token: the next `up` replica in
   * turn. With one: an `up` replica that has replayed that far, asking the next one live when none had at
   * its last check (one small query); else the primary.
   */
  async choose(token: bigint | undefined): Promise<Replica | undefined> {
    const up = this.replicas.filter((replica) => replica.state === 'up');
    if (up.length === 0) return undefined;
    const start = this.#next++ % up.length;
    const turn = [...up.slice(start), ...up.slice(0, start)];
    if (token === undefined) return turn[0];
    const caughtUp = turn.find((replica) => replica.replayed !== undefined && replica.replayed >= token);
    if (caughtUp) return caughtUp;
    const asked = turn[0] as Replica;
    try {
      const { rows } = await asked.pool.query<{ replayed: string | null }>(
        `select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text
                  as replayed`,
      );
      const replayed = rows[0]?.replayed ? parseLsn(rows[0].replayed) : undefined;
      if (replayed !== undefined && (asked.replayed === undefined || replayed > asked.replayed)) {
        asked.replayed = replayed;
      }
      return replayed !== undefined && replayed >= token ? asked : undefined;
    } catch (error) {
      if (isUnavailable(error)) this.markDown(asked, error);
      return undefined;
    }
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((replica) => ({
      name: replica.name,
      state: replica.state,
      lag_ms: replica.lagMs ?? null,
      lag_bytes: replica.lagBytes === undefined ? null : Number(replica.lagBytes),
      replayed: replica.replayed === undefined ? null : formatLsn(replica.replayed),
      error: replica.error ?? null,
    }));
  }

  /**
   * The pool the API's Kysely instance uses: the current request's replica when it has one, else the primary.
   * A replica that cannot be reached hands its read to the primary (see ReplicaClient).
   */
  routingPool(): { connect(): Promise<pg.PoolClient>; end(): Promise<void> } {
    return {
      connect: async () => {
        const replica = target.getStore();
        if (replica?.state !== 'up') return this.#primary.connect();
        let client: pg.PoolClient;
        try {
          client = await replica.pool.connect();
        } catch (error) {
          this.markDown(replica, error);
          return this.#primary.connect();
        }
        return new ReplicaClient(client, replica, this, this.#primary) as unknown as pg.PoolClient;
      },
      // The pools are ended by close().
      end: async () => undefined,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#checking?.catch(() => undefined);
    await Promise.all(this.replicas.map((replica) => replica.pool.end().catch(() => undefined)));
  }
}

/**
 * A replica's connection that hands a statement to the primary when the replica turns out to be gone (stopped
 * behind PgBouncer, which still accepted the connection): outside a transaction the same statement runs on a
 * primary connection, and so does the rest of the lease. Inside one it fails, as a lost primary would.
 */
class ReplicaClient {
  #client: pg.PoolClient;
  #fallback: pg.PoolClient | undefined;
  #inTransaction = false;

  constructor(
    client: pg.PoolClient,
    private readonly replica: Replica,
    private readonly replicas: ReadReplicas,
    private readonly primary: pg.Pool,
  ) {
    this.#client = client;
  }

  query(text: unknown, values?: unknown[]): unknown {
    if (this.#fallback) return this.#fallback.query(text as string, values);
    // A cursor (an object with `submit`) streams: it cannot be replayed, so it is passed through.
    if (typeof text !== 'string') return this.#client.query(text as string, values);
    const verb = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase();
    return this.#client.query(text, values).then(
      (result) => {
        if (verb === 'begin' || verb === 'start') this.#inTransaction = true;
        if (verb === 'commit' || verb === 'rollback' || verb === 'end') this.#inTransaction = false;
        return result;
      },
      async (error: unknown) => {
        if (this.#inTransaction || !isUnavailable(error)) throw error;
        this.replicas.markDown(this.replica, error);
        this.#client.release(error as Error);
        this.#fallback = await this.primary.connect();
        const result = await this.#fallback.query(text, values);
        if (verb === 'begin' || verb === 'start') this.#inTransaction = true;
        return result;
      },
    );
  }

  release(error?: Error | boolean): void {
    if (this.#fallback) this.#fallback.release(error);
    else this.#client.release(error);
  }
}
