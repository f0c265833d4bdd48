import { spawn } from 'node:child_process';
import http from 'node:http';
import { type ApiProcess, cpuMicros } from '../api/child.ts';

export interface ExportResult {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** Stopped at the time cap before the end of the data. */
  truncated: boolean;
}

export interface ApiExportResult extends ExportResult {
  /** VmHWM of the API process during the export (reset just before it). */
  peakRssBytes: number;
  rssBeforeBytes: number;
  cpuMicrosPerRow: number;
  /** [seconds since the start of the export, RSS in MB] every half second. */
  rssSamplesMb: [number, number][];
}

const NEWLINE = 0x0a;

function countLines(chunk: Buffer): number {
  let n = 0;
  let i = chunk.indexOf(NEWLINE);
  while (i !== -1) {
    n += 1;
    i = chunk.indexOf(NEWLINE, i + 1);
  }
  return n;
}

/** Streams one NDJSON export from the API, counting lines, with the API process's peak memory and CPU. */
export async function apiExport(api: ApiProcess, path: string, capSeconds: number): Promise<ApiExportResult> {
  const before = await api.memory();
  await api.resetPeakMemory();
  const cpuBefore = await api.cpuUsage();
  const started = performance.now();
  // RSS every half second, to show whether memory levels off while the rows stream.
  const rssSamples: [number, number][] = [];
  const sampler = setInterval(() => {
    api
      .memory()
      .then((m) =>
        rssSamples.push([Math.round((performance.now() - started) / 100) / 10, Math.round(m.rss / 1048576)]),
      )
      .catch(() => {});
  }, 500);
  const result = await new Promise<ExportResult>((resolve, reject) => {
    let rows = 0;
    let bytes = 0;
    const request = http.get(`${api.baseUrl}${path}`, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`GET ${path} answered ${response.statusCode}`));
        response.resume();
        return;
      }
      const timer = setTimeout(() => {
        request.destroy();
        finish(true);
      }, capSeconds * 1000);
      const finish = (truncated: boolean) => {
        clearTimeout(timer);
        const seconds = (performance.now() - started) / 1000;
        resolve({ rows, bytes, seconds, rowsPerSecond: rows / seconds, truncated });
      };
      response.on('data', (chunk: Buffer) => {
        rows += countLines(chunk);
        bytes += chunk.length;
      });
      response.on('end', () => finish(false));
      response.on('error', () => finish(true));
    });
    request.on('error', reject);
  });
  clearInterval(sampler);
  const cpuAfter = await api.cpuUsage();
  const after = await api.memory();
  return {
    ...result,
    rssSamplesMb: rssSamples,
    peakRssBytes: after.peak,
    rssBeforeBytes: before.rss,
    cpuMicrosPerRow: cpuMicros(cpuBefore, cpuAfter) / Math.max(1, result.rows),
  };
}

/** `COPY (select …) TO STDOUT` through psql, counting the rows it writes: what PostgreSQL can hand out. */
export function psqlCopy(databaseUrl: string, select: string, capSeconds: number): Promise<ExportResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-c', `copy (${select}) to stdout`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let rows = 0;
    let bytes = 0;
    let truncated = false;
    let stderr = '';
    const timer = setTimeout(() => {
      truncated = true;
      child.kill('SIGTERM');
    }, capSeconds * 1000);
    child.stdout.on('data', (chunk: Buffer) => {
      rows += countLines(chunk);
      bytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !truncated) {
        reject(new Error(`psql copy failed (${code}): ${stderr.trim()}`));
        return;
      }
      const seconds = (performance.now() - started) / 1000;
      resolve({ rows, bytes, seconds, rowsPerSecond: rows / seconds, truncated });
    });
  });
}
