import http from 'node:http';
import { type LoadResult, rotation, summarize } from '../measure/stats.ts';

/** An HTTP GET on a keep-alive pool of at most `connections` sockets per origin. */
export type Get = (path: string) => Promise<Buffer>;

/**
 * One page view: the requests a client makes to show one page (one for the API and B; for Platformatic the
 * 3–6 a frontend makes). Rejects when a response is not 200.
 */
export type View = (get: Get) => Promise<unknown>;

export class HttpClient {
  readonly #agent: http.Agent;
  readonly #origin: URL;

  constructor(origin: string, connections: number) {
    this.#origin = new URL(origin);
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  readonly get: Get = (path) =>
    new Promise((resolve, reject) => {
      const request = http.get(
        {
          host: this.#origin.hostname,
          port: this.#origin.port,
          path,
          agent: this.#agent,
          headers: { accept: 'application/json' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            if (response.statusCode === 200) resolve(body);
            else
              reject(
                new Error(`GET ${path} answered ${response.statusCode}: ${body.toString().slice(0, 300)}`),
              );
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
    });

  close(): void {
    this.#agent.destroy();
  }
}

export interface ClosedLoopOptions {
  client: HttpClient;
  views: readonly View[];
  /** Page views in flight at once (each waits for its answer before the next). */
  concurrency: number;
  seconds: number;
}

/**
 * A closed loop: `concurrency` clients each run page views one after another, cycling through the list, for
 * `seconds`. Views that end after the deadline are not counted; the loop waits for them to end, so that the
 * next run starts on a quiet server.
 */
export async function closedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const next = rotation(options.views);
  const latencies: number[] = [];
  const failuresBy: Record<string, number> = {};
  let failures = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const view = next();
      const t = performance.now();
      try {
        await view(options.client.get);
        const end = performance.now();
        if (end <= deadline) latencies.push(end - t);
      } catch (error) {
        failures += 1;
        const key = (error as Error).message.slice(0, 120);
        failuresBy[key] = (failuresBy[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const summary = summarize(latencies, options.seconds, failures);
  return failures > 0 ? { ...summary, failuresBy } : summary;
}
