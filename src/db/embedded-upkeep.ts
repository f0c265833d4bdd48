import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/*
 * What autovacuum does on a server, for the embedded database. PGlite runs PostgreSQL as a single process
 * without the autovacuum launcher, so without this nothing would ever ANALYZE its tables (the planner then
 * plans for empty tables: an actor page took 0.4–0.6 s instead of 0.04 s at 20k events) or VACUUM them (dead
 * rows from updates and deletes pile up, the folder only grows).
 *
 * The rules are autovacuum's, read from the same settings, so the same defaults apply:
 *   analyze when rows changed since the last analyze > autovacuum_analyze_threshold (50)
 *                                                      + autovacuum_analyze_scale_factor (0.1) × rows;
 *   vacuum  when dead rows > autovacuum_vacuum_threshold (50) + autovacuum_vacuum_scale_factor (0.2) × rows,
 *        or when rows inserted since the last vacuum > autovacuum_vacuum_insert_threshold (1000)
 *                                                      + autovacuum_vacuum_insert_scale_factor (0.2) × rows.
 * PGlite runs one statement at a time, so each ANALYZE or VACUUM runs alone, one table at a time, and only
 * while no request is being served.
 */

export interface TableNeeds {
  table: string;
  analyze: boolean;
  vacuum: boolean;
}

interface TableActivity {
  table: string;
  reltuples: number;
  dead: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
  analyzeThreshold: number;
  analyzeScale: number;
  vacuumThreshold: number;
  vacuumScale: number;
  insertThreshold: number;
  insertScale: number;
}

/** Autovacuum's decision for one table (reltuples is -1 for a table never analyzed: counted as empty). */
export function tableNeeds(activity: TableActivity): TableNeeds {
  const rows = Math.max(activity.reltuples, 0);
  return {
    table: activity.table,
    analyze: activity.modifiedSinceAnalyze > activity.analyzeThreshold + activity.analyzeScale * rows,
    vacuum:
      activity.dead > activity.vacuumThreshold + activity.vacuumScale * rows ||
      (activity.insertThreshold >= 0 &&
        activity.insertedSinceVacuum > activity.insertThreshold + activity.insertScale * rows),
  };
}

/** The activity counters of every table in the public schema, flushed first (PGlite reports them lazily). */
export async function readTableActivity(db: Kysely<Database>): Promise<TableActivity[]> {
  // Counters of finished transactions reach pg_stat_user_tables at most once a second, and in PGlite only
  // when a later statement reports them: force it, then read in the next statement.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const result = await sql<TableActivity>`
    select s.relname as "table",
           c.reltuples::float8 as "reltuples",
           s.n_dead_tup::float8 as "dead",
           s.n_mod_since_analyze::float8 as "modifiedSinceAnalyze",
           s.n_ins_since_vacuum::float8 as "insertedSinceVacuum",
           current_setting('autovacuum_analyze_threshold')::float8 as "analyzeThreshold",
           current_setting('autovacuum_analyze_scale_factor')::float8 as "analyzeScale",
           current_setting('autovacuum_vacuum_threshold')::float8 as "vacuumThreshold",
           current_setting('autovacuum_vacuum_scale_factor')::float8 as "vacuumScale",
           current_setting('autovacuum_vacuum_insert_threshold')::float8 as "insertThreshold",
           current_setting('autovacuum_vacuum_insert_scale_factor')::float8 as "insertScale"
      from pg_stat_user_tables s
      join pg_class c on c.oid = s.relid
     where s.schemaname = 'public'
     order by s.relname`.execute(db);
  return result.rows;
}

/**
 * Tables to analyze at start-up: never analyzed (a folder from before this upkeep, or one whose counters were
 * lost — PGlite keeps none across a restart), or whose size moved by more than 10 % since their last analyze.
 */
export async function tablesToAnalyzeAtStart(db: Kysely<Database>): Promise<string[]> {
  const result = await sql<{ table: string }>`
    select c.relname as "table"
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'
       and (c.reltuples < 0
            or abs(pg_relation_size(c.oid) / current_setting('block_size')::int - c.relpages)
               > 8 + 0.1 * c.relpages)
     order by c.relname`.execute(db);
  return result.rows.map((row) => row.table);
}

export async function analyzeTable(db: Kysely<Database>, table: string): Promise<void> {
  await sql`analyze ${sql.id(table)}`.execute(db);
}

export async function vacuumTable(db: Kysely<Database>, table: string): Promise<void> {
  await sql`vacuum ${sql.id(table)}`.execute(db);
}

export interface UpkeepStatus {
  /** When the counters were last checked, null before the first check. */
  last_check: string | null;
  analyzes: number;
  vacuums: number;
  /** The last ANALYZE or VACUUM run: which table, and when. */
  last_action: { operation: 'analyze' | 'vacuum'; table: string; at: string; ms: number } | null;
}

export interface UpkeepOptions {
  /** How often to check the counters when nothing asks sooner; 0 only on request (nudge, runOnce). */
  intervalMs: number;
  /** True while no request is being served: the only time an ANALYZE or VACUUM may start. */
  idle: () => boolean;
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** How soon after a nudge (a finished write) to check; nudges within it share one check. */
  nudgeDelayMs?: number;
}

/** Runs autovacuum's rules between requests, one table operation at a time. */
export class EmbeddedUpkeep {
  readonly #db: Kysely<Database>;
  readonly #options: UpkeepOptions;
  #interval: NodeJS.Timeout | undefined;
  #nudge: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  readonly #status: UpkeepStatus = { last_check: null, analyzes: 0, vacuums: 0, last_action: null };

  constructor(db: Kysely<Database>, options: UpkeepOptions) {
    this.#db = db;
    this.#options = options;
  }

  start(): void {
    if (this.#options.intervalMs > 0) {
      this.#interval = setInterval(() => void this.#runInBackground(), this.#options.intervalMs);
      this.#interval.unref();
    }
  }

  /** A write has finished: check the counters soon. */
  nudge(): void {
    if (this.#stopped || this.#nudge) return;
    this.#nudge = setTimeout(() => {
      this.#nudge = undefined;
      void this.#runInBackground();
    }, this.#options.nudgeDelayMs ?? 2000);
    this.#nudge.unref();
  }

  /** Checks now and runs what is due (waiting for idle moments); resolves when done. */
  runOnce(): Promise<void> {
    if (!this.#running) {
      this.#running = this.#pass().finally(() => {
        this.#running = undefined;
      });
    }
    return this.#running;
  }

  status(): UpkeepStatus {
    return structuredClone(this.#status);
  }

  /** Stops the timers and waits for an operation under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#interval);
    clearTimeout(this.#nudge);
    await this.#running?.catch(() => undefined);
  }

  async #runInBackground(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.#options.logger?.warn({ err: { message: (error as Error).message } }, 'embedded upkeep failed');
    }
  }

  async #pass(): Promise<void> {
    if (this.#stopped || !(await this.#whenIdle())) return;
    const needs = (await readTableActivity(this.#db)).map(tableNeeds);
    this.#status.last_check = new Date().toISOString();
    for (const need of needs) {
      if (need.vacuum) await this.#run('vacuum', need.table);
      if (need.analyze) await this.#run('analyze', need.table);
    }
  }

  async #run(operation: 'analyze' | 'vacuum', table: string): Promise<void> {
    if (!(await this.#whenIdle())) return;
    const started = performance.now();
    await (operation === 'analyze' ? analyzeTable : vacuumTable)(this.#db, table);
    const ms = Math.round(performance.now() - started);
    if (operation === 'analyze') this.#status.analyzes += 1;
    else this.#status.vacuums += 1;
    this.#status.last_action = { operation, table, at: new Date().toISOString(), ms };
    this.#options.logger?.info({ table, ms }, `embedded upkeep: ${operation}`);
  }

  /** Waits until no request is in flight (checking every 50 ms); false if stopped meanwhile. */
  async #whenIdle(): Promise<boolean> {
    while (!this.#stopped && !this.#options.idle()) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return !this.#stopped;
  }
}
