import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Compile } from 'typebox/compile';
import type { ProblemDetail } from '../../http/problem.ts';
import { csvPointer, csvRecords, csvRecordToInput, parseCsvHeader } from './events.import-csv.ts';
import { EventInputSchema, eventSchemas } from './events.schemas.ts';

export type ImportFormat = 'ndjson' | 'csv';

/** A file to import, opened once per pass: the import reads it twice (validate, then write). */
export interface ImportSource {
  format: ImportFormat;
  open(): Readable;
}

export interface ImportLineError {
  line: number;
  pointer: string;
  detail: string;
  in: 'body';
}

/** One data row: an object to check as an EventInput, or why the line could not even be read as one. */
export type ImportRow =
  | { line: number; value: Record<string, unknown>; pointerOf: (pointer: string) => string }
  | { line: number; errors: ImportLineError[] };

const asIs = (pointer: string) => pointer;
const lineError = (line: number, pointer: string, detail: string): ImportLineError => ({
  line,
  pointer,
  detail,
  in: 'body',
});

async function* ndjsonRows(stream: Readable): AsyncGenerator<ImportRow> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      yield { line, errors: [lineError(line, '', `not valid JSON: ${(error as Error).message}`)] };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, errors: [lineError(line, '', 'each line must be one JSON object (an event)')] };
      continue;
    }
    yield { line, value: value as Record<string, unknown>, pointerOf: asIs };
  }
}

async function* csvRows(stream: Readable): AsyncGenerator<ImportRow> {
  let header: Parameters<typeof csvPointer>[0] | undefined;
  for await (const record of csvRecords(stream)) {
    if ('error' in record) {
      yield { line: record.line, errors: [lineError(record.line, '', record.error)] };
      return;
    }
    if (!header) {
      const parsed = parseCsvHeader(record.fields);
      if ('errors' in parsed) {
        yield {
          line: record.line,
          errors: parsed.errors.map((e) => lineError(record.line, e.pointer, e.detail)),
        };
        return;
      }
      header = parsed.header;
      continue;
    }
    const row = csvRecordToInput(header, record.fields);
    const columns = header;
    if ('error' in row) yield { line: record.line, errors: [lineError(record.line, '', row.error)] };
    else yield { line: record.line, value: row.input, pointerOf: (pointer) => csvPointer(columns, pointer) };
  }
}

/** The rows of an import file, one at a time: memory stays bounded whatever the file's size. */
export function readImportRows(source: ImportSource): AsyncGenerator<ImportRow> {
  const stream = source.open();
  stream.setEncoding('utf8');
  return source.format === 'csv' ? csvRows(stream) : ndjsonRows(stream);
}

// TypeBox's compiled check rather than the app's Ajv: the command-line import has no Fastify instance, and
// both ways of importing must judge a file alike.
let compiled: ReturnType<typeof compileEventInput> | undefined;
function compileEventInput() {
  return Compile(
    Object.fromEntries(eventSchemas.map((s) => [(s as { $id?: string }).$id as string, s])),
    EventInputSchema,
  );
}

/** Schema errors of one row as `{ pointer, detail }`, worded like the API's 400s. */
export function eventInputErrors(value: unknown): Omit<ProblemDetail, 'in'>[] {
  compiled ??= compileEventInput();
  if (compiled.Check(value)) return [];
  const raw = compiled.Errors(value);
  const details: Omit<ProblemDetail, 'in'>[] = [];
  for (const e of raw) {
    const params = e.params as Record<string, unknown>;
    // A union's failed branches ("must be null", "must match a schema in anyOf") say nothing when the
    // branch that fits the value has its own, more precise, error at or below the same place.
    const precise = raw.some(
      (o) =>
        o !== e &&
        o.keyword !== 'anyOf' &&
        !(o.keyword === 'type' && (o.params as { type?: unknown }).type === 'null') &&
        (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)),
    );
    if (e.keyword === 'boolean') continue;
    if ((e.keyword === 'anyOf' || (e.keyword === 'type' && params.type === 'null')) && precise) continue;
    if (e.keyword === 'required') {
      for (const name of (params.requiredProperties as string[] | undefined) ?? []) {
        details.push({ pointer: `${e.instancePath}/${name}`, detail: `"${name}" is required` });
      }
    } else if (e.keyword === 'additionalProperties') {
      for (const name of (params.additionalProperties as string[] | undefined) ?? []) {
        details.push({ pointer: `${e.instancePath}/${name}`, detail: `unknown property "${name}"` });
      }
    } else if (e.keyword === 'pattern') {
      details.push({ pointer: e.instancePath, detail: 'has the wrong format' });
    } else if (e.keyword === 'enum') {
      details.push({
        pointer: e.instancePath,
        detail: `${e.message}: one of ${(params.allowedValues as string[]).join(', ')}`,
      });
    } else {
      details.push({ pointer: e.instancePath, detail: e.message });
    }
  }
  return details;
}
