import http from 'node:http';
import { FEED_WAIT_MS } from './horizon.ts';

export interface SseEvent {
  id?: string;
  data: string;
}

/** A minimal EventSource for tests: records every event and comment line of one text/event-stream response. */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  body = '';
  readonly ended: Promise<void>;
  private request!: http.ClientRequest;
  private waiters: (() => void)[] = [];

  private constructor(url: string, headers: Record<string, string>, opened: (client: SseClient) => void) {
    let buffer = '';
    this.ended = new Promise<void>((resolve) => {
      this.request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        this.status = res.statusCode ?? 0;
        this.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          this.body += chunk;
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            this.take(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
          this.notify();
        });
        res.on('close', () => {
          this.notify();
          resolve();
        });
        opened(this);
      });
      this.request.on('error', () => resolve());
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve) => new SseClient(url, headers, resolve));
  }

  private take(block: string): void {
    const event: SseEvent = { data: '' };
    let isEvent = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('retry: ')) this.retry = Number(line.slice(7));
      else if (line.startsWith('id: ')) {
        event.id = line.slice(4);
        isEvent = true;
      } else if (line.startsWith('data: ')) {
        event.data += line.slice(6);
        isEvent = true;
      }
    }
    if (isEvent) this.events.push(event);
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves once `done()` holds; rejects after `ms` with what arrived, so a failure shows it. */
  async waitFor(done: () => boolean, ms = FEED_WAIT_MS): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stream did not deliver in time; got:\n${this.body}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  changes(): { token: string; slug: string | null; operation: string; id: string }[] {
    return this.events.map((e) => JSON.parse(e.data));
  }

  close(): void {
    this.request.destroy();
  }
}
