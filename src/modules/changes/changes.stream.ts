import { PassThrough } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { listChanges } from './changes.service.ts';
import type { FeedPosition } from './changes.token.ts';
import { decodeToken } from './changes.token.ts';
import type { ChangeWakeups } from './changes.wakeups.ts';

// A wake-up can come before the change is handed out (an older transaction still running, on this database or
// another of the cluster) and none comes when that transaction ends: each stream also reads every few seconds.
const POLL_MS = 5000;
// What EventSource waits before it reconnects (with Last-Event-ID) after the stream ends.
const RETRY_MS = 3000;
// A client that does not read its stream is let go rather than buffered without end: it comes back with
// Last-Event-ID and misses nothing.
const MAX_BUFFERED_BYTES = 1_048_576;
const PAGE = 200;

export interface ChangeStreamsOptions {
  db: Db;
  max: number;
  heartbeatMs: number;
  wakeups: () => ChangeWakeups;
  log: FastifyBaseLogger;
}

/** The open change streams of this process: bounded in number, each reading the feed from its own token. */
export class ChangeStreams {
  private readonly open = new Set<ChangeStream>();
  private wakeups: ChangeWakeups | undefined;
  private closing = false;

  constructor(private readonly options: ChangeStreamsOptions) {}

  get size(): number {
    return this.open.size;
  }

  /** Starts a stream of the changes after `from`; a 503 when this process already serves its maximum. */
  start(from: FeedPosition, log: FastifyBaseLogger): PassThrough {
    if (this.closing)
      throw new Problem('unavailable', 'The service is shutting down: reconnect in a few seconds');
    if (this.open.size >= this.options.max) {
      throw new Problem(
        'unavailable',
        `This process already serves ${this.options.max} change streams (CHANGE_STREAMS_MAX): reconnect in a few seconds, or poll GET /v1/changes`,
        undefined,
        { 'retry-after': '5' },
      );
    }
    this.wakeups ??= this.options.wakeups();
    const stream = new ChangeStream(this.options.db, from, log, () => this.open.delete(stream));
    this.open.add(stream);
    stream.begin(this.wakeups, this.options.heartbeatMs);
    return stream.body;
  }

  /** Ends every stream (their clients reconnect elsewhere with Last-Event-ID) and stops listening. */
  async close(): Promise<void> {
    this.closing = true;
    for (const stream of this.open) stream.end();
    await this.wakeups?.close();
  }
}

class ChangeStream {
  readonly body = new PassThrough();
  private reading = false;
  private again = false;
  private ended = false;
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private position: FeedPosition,
    private readonly log: FastifyBaseLogger,
    private readonly onEnd: () => void,
  ) {
    this.body.on('close', () => this.end());
  }

  begin(wakeups: ChangeWakeups, heartbeatMs: number): void {
    this.body.write(`retry: ${RETRY_MS}\n: changes after this point follow\n\n`);
    this.stops.push(wakeups.subscribe(this.wake));
    const poll = setInterval(this.wake, POLL_MS);
    const heartbeat = setInterval(() => this.send(': heartbeat\n\n'), heartbeatMs);
    this.stops.push(
      () => clearInterval(poll),
      () => clearInterval(heartbeat),
    );
    this.wake();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const stop of this.stops) stop();
    this.body.end();
    this.onEnd();
  }

  private readonly wake = (): void => {
    void this.pump();
  };

  /** Reads and sends everything after the stream's token; a wake-up while reading reads once more after. */
  private async pump(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        let more = true;
        while (more && !this.ended) {
          const page = await listChanges(this.db, this.position, PAGE);
          for (const change of page.data)
            this.send(`id: ${change.token}\ndata: ${JSON.stringify(change)}\n\n`);
          if (page.data.length > 0) this.position = decodeToken(page.next_token, LAST_EVENT_ID);
          more = page.has_more;
        }
      } while (this.again && !this.ended);
    } catch (err) {
      // The next wake-up or poll reads again from the same token: nothing is skipped.
      this.log.warn({ err: { message: (err as Error).message } }, 'change stream could not read the feed');
    } finally {
      this.reading = false;
    }
  }

  private send(text: string): void {
    if (this.ended) return;
    this.body.write(text);
    if (this.body.writableLength > MAX_BUFFERED_BYTES) {
      this.log.info('change stream client not reading: ended, it resumes with Last-Event-ID');
      this.end();
    }
  }
}

const LAST_EVENT_ID = { pointer: '/last-event-id', in: 'header' } as const;

/** Where a stream starts: after `Last-Event-ID` (a reconnect), else after `since`, else from now on. */
export function streamStart(
  lastEventId: string | undefined,
  since: string | undefined,
): FeedPosition | undefined {
  if (lastEventId !== undefined && lastEventId !== '') return decodeToken(lastEventId, LAST_EVENT_ID);
  if (since !== undefined) return decodeToken(since, { pointer: '/since', in: 'query' });
  return undefined;
}
