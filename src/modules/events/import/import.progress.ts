import type { ImportCounters } from './import.pipeline.ts';

// How far an import is, in figures and in words: the job resource and the command line say the same.

export interface ProgressFigures {
  rowsPerSecond: number;
  /** The time left to read the file, estimated from the bytes read so far; null when unknown or done. */
  secondsLeft: number | null;
  percent: number | null;
}

export function progressFigures(c: Readonly<ImportCounters>, now: number): ProgressFigures {
  const readSeconds = ((c.readAt || now) - c.startedAt) / 1000;
  const rowsPerSecond = readSeconds > 0 ? c.rows / readSeconds : 0;
  const reading = c.phase === 'reading';
  const percent = c.bytesTotal > 0 ? Math.min(100, (100 * c.bytesRead) / c.bytesTotal) : null;
  const bytesPerSecond = readSeconds > 0 ? c.bytesRead / readSeconds : 0;
  const secondsLeft =
    reading && c.bytesTotal > 0 && bytesPerSecond > 0
      ? Math.max(0, (c.bytesTotal - c.bytesRead) / bytesPerSecond)
      : null;
  return { rowsPerSecond, secondsLeft, percent };
}

const count = (n: number) => Math.round(n).toLocaleString('en');

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** One line of progress, e.g. `reading: 120,000 rows (23,456 rows/s), 0 errors, 48 % of the file, about 6 s left`. */
export function progressLine(c: Readonly<ImportCounters>, now: number): string {
  const f = progressFigures(c, now);
  const errors = `${count(c.errors)} error${c.errors === 1 ? '' : 's'}`;
  const elapsed = duration((now - c.startedAt) / 1000);
  switch (c.phase) {
    case 'reading': {
      const share = f.percent === null ? '' : `, ${f.percent.toFixed(0)} % of the file`;
      const left = f.secondsLeft === null ? '' : `, about ${duration(f.secondsLeft)} left to read`;
      return `reading: ${count(c.rows)} rows (${count(f.rowsPerSecond)} rows/s), ${errors}${share}${left}`;
    }
    case 'checking':
      return `checking ${count(c.rows)} rows against the database (${elapsed} so far), ${errors} found while reading`;
    case 'writing':
      return `writing in one transaction${c.step ? `: ${c.step}` : ''} (${elapsed} so far)`;
    case 'analyzing':
      return `analyzing the tables written (${elapsed} so far)`;
    default:
      return `${c.phase}: ${count(c.rows)} rows, ${errors} (${elapsed})`;
  }
}
