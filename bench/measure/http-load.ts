import autocannon from 'autocannon';
import { type LoadResult, rotation, summarize } from './stats.ts';

export interface HttpLoadOptions {
  /** `http://127.0.0.1:port` */
  origin: string;
  /** Request paths, cycled through by all connections together. */
  paths: readonly string[];
  connections: number;
  seconds: number;
  timeoutSeconds: number;
}

/** Runs autocannon against the paths at a fixed number of connections; latencies kept to the microsecond. */
export function httpLoad(options: HttpLoadOptions): Promise<LoadResult> {
  const nextPath = rotation(options.paths);
  const latencies: number[] = [];
  let failures = 0;
  const failuresBy: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        duration: options.seconds,
        timeout: options.timeoutSeconds,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const seconds = (performance.now() - started) / 1000;
        if (result.errors > result.timeouts) failuresBy.error = result.errors - result.timeouts;
        if (result.timeouts) failuresBy.timeout = result.timeouts;
        const summary = summarize(latencies, seconds, failures + result.errors);
        resolve(Object.keys(failuresBy).length > 0 ? { ...summary, failuresBy } : summary);
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else {
        failures += 1;
        failuresBy[statusCode] = (failuresBy[statusCode] ?? 0) + 1;
      }
    });
  });
}
