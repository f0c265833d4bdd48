import { sql } from 'kysely';
import type { Db } from '../../../db/schema.ts';

// Each event's page text is stored at write time (table event_pages, migration 0110; docs/decisions.md "Stored
// event texts"). A transaction that changes more than 1,000 texts at once (an actor of many events renamed)
// deletes them and leaves them in event_pages_backlog instead of rewriting them before its commit: the pages
// write those events from their rows meanwhile, and this refill writes the backlog's texts in batches.

/** Texts written per statement: about 0.2 ms each, so a batch holds a connection (or PGlite) for ~50 ms. */
export const REFILL_BATCH = 250;

/** Writes up to `batch` texts of the backlog in one transaction of its own; returns how many it wrote. */
export async function refillEventPages(db: Db, batch = REFILL_BATCH): Promise<number> {
  const { rows } = await sql<{ n: number }>`select event_pages_refill(${batch}) as n`.execute(db);
  return rows[0]?.n ?? 0;
}

/** The texts waiting in the backlog. */
export async function eventPagesBacklog(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from event_pages_backlog`.execute(db);
  return rows[0]?.n ?? 0;
}

interface Logger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/**
 * Empties the backlog every `intervalMs`, batch after batch, and logs what it wrote. Several API processes may run
 * one each: a batch takes rows no other session holds (`skip locked`).
 */
export class EventPagesRefill {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly db: Db,
    private readonly options: { intervalMs: number; logger: Logger },
  ) {}

  start(): void {
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.drain().finally(() => {
        this.#running = undefined;
        this.#schedule();
      });
    }, this.options.intervalMs);
    this.#timer.unref();
  }

  /** Writes the backlog until it is empty (or the refill is stopped); returns when done. */
  async drain(): Promise<void> {
    const started = Date.now();
    let written = 0;
    try {
      while (!this.#stopped) {
        const n = await refillEventPages(this.db);
        if (n === 0) break;
        written += n;
      }
    } catch (error) {
      this.options.logger.warn(
        { err: error, written },
        'writing stored event texts from the backlog failed; the next attempt follows in a moment',
      );
      return;
    }
    if (written > 0)
      this.options.logger.info(
        { written, ms: Date.now() - started },
        'stored event texts written from the backlog',
      );
  }

  /** Stops the timer and waits for a batch under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
