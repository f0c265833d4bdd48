/** Progress of a long step on stderr: done/total, rate and time left, at most once a second. */
export class Progress {
  readonly #label: string;
  readonly #total: number;
  readonly #unit: string;
  readonly #started = performance.now();
  #lastPrint = 0;

  constructor(label: string, total: number, unit = 'rows') {
    this.#label = label;
    this.#total = total;
    this.#unit = unit;
  }

  update(done: number, force = false): void {
    const now = performance.now();
    // A terminal line is rewritten every second; a log gets a line every five.
    if (!force && now - this.#lastPrint < (process.stderr.isTTY ? 1000 : 5000)) return;
    this.#lastPrint = now;
    const seconds = (now - this.#started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? (this.#total - done) / rate : Number.NaN;
    const pct = this.#total > 0 ? ((100 * done) / this.#total).toFixed(1) : '100.0';
    const line = `${this.#label}: ${done.toLocaleString('en')}/${this.#total.toLocaleString('en')} ${this.#unit} (${pct} %), ${Math.round(rate).toLocaleString('en')} ${this.#unit}/s, ETA ${formatSeconds(left)}`;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  done(done: number = this.#total): number {
    this.update(done, true);
    if (process.stderr.isTTY) process.stderr.write('\n');
    return (performance.now() - this.#started) / 1000;
  }
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

const processStart = performance.now();

/** A line on stderr, so stdout keeps only the results, with the seconds since start. */
export function note(message: string): void {
  const seconds = ((performance.now() - processStart) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds} s] ${message}\n`);
}
