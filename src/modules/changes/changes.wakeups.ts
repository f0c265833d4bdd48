import type { PGlite } from '@electric-sql/pglite';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';

/** The channel the revisions trigger notifies at each writing commit (migration 0040). */
export const CHANGES_CHANNEL = 'timeline_changes';

/**
 * Tells this process's change streams that the feed may have grown. A wake-up carries nothing: each stream
 * then reads the feed from its own token, so a lost or doubled wake-up can delay a change, never lose or
 * repeat it.
 */
export interface ChangeWakeups {
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
}

class Listeners {
  readonly set = new Set<() => void>();
  wake = (): void => {
    for (const listener of this.set) listener();
  };
}

// Doubling from half a second: a database that is back is listened to again within its next step.
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 30_000;

/**
 * Server PostgreSQL: LISTEN on a dedicated connection of its own (a pooled one would go back to the pool and
 * lose the subscription), opened with the first stream and opened again whenever it is lost. Each (re)connect
 * wakes every stream, for what committed while nobody listened.
 */
export function postgresWakeups(url: string, log: FastifyBaseLogger): ChangeWakeups {
  const listeners = new Listeners();
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let retryMs = FIRST_RETRY_MS;
  let started = false;
  let closed = false;

  const lost = (which: pg.Client) => {
    if (client !== which) return;
    client = undefined;
    which.end().catch(() => undefined);
    if (!closed) reconnectLater();
  };
  const reconnectLater = () => {
    if (retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  };
  const connect = async () => {
    const next = new pg.Client({
      connectionString: url,
      application_name: 'diplomatic-timeline-api changes',
      connectionTimeoutMillis: 5000,
    });
    client = next;
    next.on('notification', listeners.wake);
    next.on('error', (err) => {
      log.warn({ err: { message: err.message } }, 'change notifications lost: listening again shortly');
      lost(next);
    });
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`listen ${CHANGES_CHANNEL}`);
      if (closed) return void (await next.end());
      retryMs = FIRST_RETRY_MS;
      listeners.wake();
    } catch (err) {
      log.warn(
        { err: { message: (err as Error).message } },
        'cannot listen for change notifications: retrying; streams still poll meanwhile',
      );
      lost(next);
    }
  };

  return {
    subscribe(listener) {
      listeners.set.add(listener);
      if (!started) {
        started = true;
        void connect();
      }
      return () => listeners.set.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      await last?.end().catch(() => undefined);
    },
  };
}

/** Embedded PGlite: the same trigger's notifications, delivered in this process after each commit. */
export function embeddedWakeups(pglite: PGlite): ChangeWakeups {
  const listeners = new Listeners();
  let unlisten: Promise<() => Promise<void>> | undefined;
  return {
    subscribe(listener) {
      listeners.set.add(listener);
      unlisten ??= pglite.listen(CHANGES_CHANNEL, listeners.wake);
      return () => listeners.set.delete(listener);
    },
    async close() {
      const stop = await unlisten?.catch(() => undefined);
      if (stop && !pglite.closed) await stop().catch(() => undefined);
    },
  };
}

/** The wake-ups for this process's database: LISTEN on server PostgreSQL, PGlite's own on embedded. */
export function wakeupsFor(
  database: { kind: 'postgres' | 'embedded'; pglite?: PGlite },
  url: string | undefined,
  log: FastifyBaseLogger,
): ChangeWakeups {
  if (database.pglite) return embeddedWakeups(database.pglite);
  if (url) return postgresWakeups(url, log);
  // No URL to listen with (a database handed in by code): the streams' own polling is all there is.
  return { subscribe: () => () => undefined, close: async () => undefined };
}
