import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measured, ScenarioResult } from './measure/scenario.ts';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export interface Target {
  name: string;
  goal: string;
  measured: string;
  pass: boolean | null;
}

export interface ScenarioRow extends ScenarioResult {
  /** `L = 1 / (1/floor + 1/noop)`: the rate if the route cost exactly the database time plus the HTTP time. */
  limitPerSecond: number | null;
  ratioToLimit: number | null;
  ratioToFloor: number | null;
}

/** The combined limit of a route whose work is its statements (floor) plus an empty HTTP exchange (noop). */
export function combinedLimit(floorPerSecond: number, noopPerSecond: number): number {
  return 1 / (1 / floorPerSecond + 1 / noopPerSecond);
}

export function withLimits(result: ScenarioResult, noop: Measured): ScenarioRow {
  if (!result.floor) return { ...result, limitPerSecond: null, ratioToLimit: null, ratioToFloor: null };
  const limit = combinedLimit(result.floor.perSecond, noop.perSecond);
  return {
    ...result,
    limitPerSecond: limit,
    ratioToLimit: result.api.perSecond / limit,
    ratioToFloor: result.api.perSecond / result.floor.perSecond,
  };
}

const fixed = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
// Rates below 100 keep a decimal, so that a slow scenario's 0.4 req/s does not read as 0.
const whole = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value)
    ? '–'
    : value < 100
      ? value.toFixed(1)
      : Math.round(value).toLocaleString('en');

/** A Markdown table: fits a terminal and pastes into the README as is. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function scenarioTable(rows: ScenarioRow[], noop: { app: Measured; bare: Measured }): string {
  const header = [
    'scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    'API CPU µs/req',
    'floor q/s',
    'floor p50 ms',
    'L req/s',
    '÷ L',
    '÷ floor',
    'busy %',
  ];
  const body = rows.map((r) => [
    r.title,
    whole(r.api.perSecond),
    fixed(r.api.p50Ms, 2),
    fixed(r.api.p99Ms, 2),
    whole(r.api.cpuMicrosPerRequest),
    whole(r.floor?.perSecond),
    fixed(r.floor?.p50Ms, 2),
    whole(r.limitPerSecond),
    fixed(r.ratioToLimit, 2),
    fixed(r.ratioToFloor, 2),
    whole(r.api.machineBusyPercent),
  ]);
  for (const [title, m] of [
    ['no-op route in the app (HTTP ceiling)', noop.app],
    ['bare Fastify hello (reference)', noop.bare],
  ] as const) {
    body.push([
      title,
      whole(m.perSecond),
      fixed(m.p50Ms, 2),
      fixed(m.p99Ms, 2),
      whole(m.cpuMicrosPerRequest),
      '',
      '',
      '',
      '',
      '',
      whole(m.machineBusyPercent),
    ]);
  }
  return markdownTable(header, body);
}

export function targetTable(targets: Target[]): string {
  return markdownTable(
    ['target', 'goal', 'measured', 'holds'],
    targets.map((t) => [t.name, t.goal, t.measured, t.pass === null ? '–' : t.pass ? 'yes' : 'NO']),
  );
}

/** Writes the report as `bench/results/[<prefix>-]<timestamp>.json`; returns the path. */
export async function writeReport(prefix: string | null, report: object, dir = RESULTS_DIR): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${prefix ? `${prefix}-` : ''}${stamp}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
