import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null;

/** One value in COPY's text format: `\N` for null, backslash escapes for the four special characters. */
export function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** A PostgreSQL array literal of texts, every element quoted. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A COPY … FROM STDIN into one table, fed whole lines, honouring back-pressure. */
export class CopyWriter {
  readonly #stream: Writable;
  #buffer = '';
  rows = 0;

  constructor(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[]) {
    this.#stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    // An error before the next write or drain is seen there; keep it from being unhandled meanwhile.
    this.#stream.on('error', () => {});
  }

  row(values: readonly CopyValue[]): void {
    this.#buffer += `${values.map(copyText).join('\t')}\n`;
    this.rows += 1;
  }

  /** Hands the buffered rows to the connection; waits while PostgreSQL catches up. */
  async flush(): Promise<void> {
    if (this.#buffer.length === 0) return;
    const chunk = this.#buffer;
    this.#buffer = '';
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    this.#stream.end();
    await finished(this.#stream);
  }
}
