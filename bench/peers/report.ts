import { markdownTable } from '../report.ts';
import type { CheckResult, PeerReport, PeerRun, PeerTaskResult, ServerKey } from './measure.ts';

const rate = (v: number) => (v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en'));
const ms = (v: number) =>
  Number.isNaN(v)
    ? '–'
    : v < 10
      ? v.toFixed(2)
      : v < 1000
        ? v.toFixed(1)
        : Math.round(v).toLocaleString('en');

function runsOf(task: PeerTaskResult, key: ServerKey): PeerRun[] {
  return task.runs.filter((r) => r.server === key);
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1
    ? (sorted[(n - 1) / 2] as number)
    : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
};

/** API ÷ peer throughput, round by round (each round loads the servers one after the other). */
export function ratios(task: PeerTaskResult, peer: ServerKey): number[] {
  const api = runsOf(task, 'api');
  const other = runsOf(task, peer);
  return api
    .map((a) => {
      const o = other.find((r) => r.round === a.round);
      return o && o.perSecond > 0 ? a.perSecond / o.perSecond : Number.NaN;
    })
    .filter((r) => !Number.isNaN(r));
}

/** The median of the rounds, and their range: `0.41 (0.33–0.47)`. */
export function medianAndRange(values: number[]): string {
  if (values.length === 0) return '–';
  const digits = Math.max(...values) >= 10 ? 0 : 2;
  const m = median(values).toFixed(digits);
  if (values.length === 1) return m;
  return `${m} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}

function ratioCell(task: PeerTaskResult, peer: 'b' | 'c'): string {
  const check = task.checks[peer];
  if (check.status === 'cannot') return '(C cannot)';
  if (check.status === 'differs') return 'answers differ';
  if (check.status === 'absent') return '–';
  const oneClient = task.runs.some((r) => r.server === peer && r.singleClientOnly);
  return `${medianAndRange(ratios(task, peer))}${oneClient ? ` (${peer.toUpperCase()}: 1 client)` : ''}`;
}

function perServer(task: PeerTaskResult, pick: (runs: PeerRun[]) => number, format: (v: number) => string) {
  return (['api', 'b', 'c'] as const)
    .map((key) => {
      const runs = runsOf(task, key);
      return runs.length === 0 ? '–' : format(pick(runs));
    })
    .join(' / ');
}

function checkCell(check: CheckResult): string {
  switch (check.status) {
    case 'same':
      return 'same';
    case 'differs':
      return `DIFFER at ${check.difference.pointer}`;
    case 'cannot':
      return 'cannot';
    case 'absent':
      return '–';
  }
}

/** The comparison table: throughput ratios, single-client p50s and CPU per page view. */
export function peerTable(report: PeerReport): string {
  const rows = report.tasks.map((task) => [
    task.title,
    perServer(task, (runs) => median(runs.map((r) => r.perSecond)), rate),
    ratioCell(task, 'b'),
    ratioCell(task, 'c'),
    perServer(task, (runs) => median(runs.map((r) => r.single.p50Ms)), ms),
    perServer(task, (runs) => median(runs.map((r) => r.p50Ms)), ms),
    perServer(
      task,
      (runs) => mean(runs.map((r) => r.cpuMicrosPerView)) / 1000,
      (v) => v.toFixed(2),
    ),
    perServer(
      task,
      (runs) => mean(runs.map((r) => r.databaseCpuMicrosPerView)) / 1000,
      (v) => v.toFixed(2),
    ),
    `${checkCell(task.checks.b)}, ${checkCell(task.checks.c)}`,
  ]);
  return markdownTable(
    [
      'task',
      'views/s API / B / C (median)',
      'API ÷ B',
      'API ÷ C',
      'p50 ms, 1 client, API / B / C',
      `p50 ms, ${report.settings.connections} conn.`,
      'server CPU ms/view',
      'PostgreSQL CPU ms/view',
      'answers B, C',
    ],
    rows,
  );
}

/** Requests and bytes per page view, per server. */
export function peerShapeTable(report: PeerReport): string {
  const rows = report.tasks.map((task) => [
    task.title,
    (['api', 'b', 'c'] as const).map((k) => (task.requestsPerView[k] ?? Number.NaN).toFixed(1)).join(' / '),
    (['api', 'b', 'c'] as const)
      .map((k) => {
        const bytes = task.bytesPerView[k];
        return bytes === undefined ? '–' : `${(bytes / 1024).toFixed(1)}`;
      })
      .join(' / '),
    `${task.seconds} s`,
  ]);
  return markdownTable(['task', 'requests/view API / B / C', 'KiB/view API / B / C', 'measured'], rows);
}
