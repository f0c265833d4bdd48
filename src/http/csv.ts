/** A CSV cell: numbers and booleans are written as they are; every string is a text and is checked. */
export type CsvCell = string | number | boolean | null | undefined;

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled, lines end in CRLF. */
export function csvRow(fields: CsvCell[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

// A text starting with = + - @, a tab or a carriage return runs as a formula in spreadsheets (CWE-1236):
// `-1+cmd|' /C calc'!A0` looks like a number to a loose check. Any string cell is a text, whatever it looks
// like, so every such one is neutralised with a leading apostrophe; only cells typed as numbers are left alone.
// A text that already starts with apostrophes before such a character gets one more, so that the import can
// take exactly one off (`neutralisedCell`) and read every text back as it was written.
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A cell as it was before csvField neutralised it: one leading apostrophe before a formula start is removed. */
export function unneutralisedCell(cell: string): string {
  return FORMULA_START.test(cell) && cell.startsWith("'") ? cell.slice(1) : cell;
}
