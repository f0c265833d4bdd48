import { Problem } from '../../../http/problem.ts';
import { CSV_DATE_COLUMNS, CSV_LOCATION_COLUMNS } from './formats.mapper.ts';

// `fields=`: which members of an event a JSON page, the NDJSON export or the CSV export carries
// (docs/decisions.md, "Smaller payloads"). Names are the Event's members and their dotted sub-members
// (`date.edtf`, `location.lat`); `id` is always included, so every event keeps its key. A selection keeps the
// Event's own member order, whatever order the names were given in; the CSV export instead takes its columns
// in the order given.

/** A member selected whole (`true`) or some of its sub-members. */
export type Selection = { readonly [member: string]: Selection | true };

const SIDE: Selection = { earliest: true, latest: true, approximate: true, uncertain: true };

/** The Event's members in the order the API writes them, with the sub-members a selection may name. */
export const EVENT_MEMBERS: Selection = {
  id: true,
  slug: true,
  type: true,
  status: true,
  title: true,
  summary: true,
  date: {
    edtf: true,
    precision: true,
    start: SIDE,
    end: SIDE,
    approximate: true,
    uncertain: true,
    open_start: true,
    unknown_start: true,
    open_end: true,
    unknown_end: true,
    one_of: true,
    display: true,
  },
  participants: true,
  location: { name: true, country: true, lat: true, lon: true, precision: true },
  sources: true,
  tags: true,
  relations: true,
  version: true,
  created_at: true,
  updated_at: true,
};

/** Other spellings of a few names: the CSV export's words for the coordinates. */
const ALIASES: Record<string, string> = {
  'location.latitude': 'location.lat',
  'location.longitude': 'location.lon',
};

/** Every name `fields=` takes for JSON and NDJSON, in the Event's order. */
export function jsonFieldNames(tree: Selection = EVENT_MEMBERS, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([name, sub]) => [
    `${prefix}${name}`,
    ...(sub === true ? [] : jsonFieldNames(sub, `${prefix}${name}.`)),
  ]);
}

const JSON_NAMES = new Set(jsonFieldNames());

/** The names of a `fields` value: comma-separated, spaces around them ignored, empty entries refused. */
export function fieldNames(fields: string): string[] {
  return fields.split(',').map((name) => name.trim());
}

function fieldsProblem(unknown: string[], allowed: string, example: string): Problem {
  const detail =
    unknown.length === 1 && unknown[0] === ''
      ? 'an empty name: separate names with single commas'
      : `unknown name${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}`;
  return new Problem(
    'validation',
    `fields: ${detail}. Name members of the event, comma-separated (e.g. fields=${example}); allowed: ${allowed}`,
    [{ detail: `${detail}; allowed: ${allowed}`, pointer: '/fields', in: 'query' }],
  );
}

/** Adds a dotted path to a selection; a member selected whole absorbs its sub-members. */
function addPath(selection: Record<string, Selection | true>, path: string[]): void {
  const [head, ...rest] = path as [string, ...string[]];
  const current = selection[head];
  if (current === true) return;
  if (rest.length === 0) {
    selection[head] = true;
    return;
  }
  const child = (current ?? {}) as Record<string, Selection | true>;
  selection[head] = child;
  addPath(child, rest);
}

/** A selection in the Event's member order (so that `fields=title,id` and `fields=id,title` are one answer). */
function ordered(selection: Selection, tree: Selection): Selection {
  const out: Record<string, Selection | true> = {};
  for (const [name, sub] of Object.entries(tree)) {
    const chosen = selection[name];
    if (chosen === undefined) continue;
    out[name] = chosen === true || sub === true ? true : ordered(chosen, sub);
  }
  return out;
}

/**
 * The selection a `fields` value names for JSON and NDJSON, or undefined for every member (no `fields`). An
 * unknown name is a 400 naming `fields` and listing the names it takes.
 */
export function parseJsonFields(fields: string | undefined): Selection | undefined {
  if (fields === undefined) return undefined;
  const names = fieldNames(fields).map((name) => ALIASES[name] ?? name);
  const unknown = names.filter((name) => !JSON_NAMES.has(name));
  if (unknown.length > 0) {
    throw fieldsProblem(
      unknown,
      `${[...JSON_NAMES].join(', ')} (location.latitude and location.longitude are location.lat and location.lon)`,
      'id,slug,date.edtf,title',
    );
  }
  const selection: Record<string, Selection | true> = { id: true };
  for (const name of names) addPath(selection, name.split('.'));
  return ordered(selection, EVENT_MEMBERS);
}

/** An API event (or any object of its shape) with only the selected members, in the Event's order. */
export function selectMembers<T extends object>(value: T, selection: Selection): Partial<T> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(selection)) {
    if (!(name in source)) continue;
    const member = source[name];
    out[name] =
      sub === true || member === null || typeof member !== 'object' ? member : selectMembers(member, sub);
  }
  return out as Partial<T>;
}

/**
 * Dotted (JSON) names → the CSV export's columns (formats.mapper.ts) they stand for. A name that is a column of
 * the CSV is that column; `date` and `location` give all their columns, as they give all their members in JSON.
 */
export const CSV_COLUMNS_OF_NAMES: Record<string, readonly string[]> = {
  date: CSV_DATE_COLUMNS,
  'date.edtf': ['edtf'],
  'date.precision': ['precision'],
  'date.start': ['start_earliest', 'start_latest'],
  'date.start.earliest': ['start_earliest'],
  'date.start.latest': ['start_latest'],
  'date.end': ['end_earliest', 'end_latest'],
  'date.end.earliest': ['end_earliest'],
  'date.end.latest': ['end_latest'],
  'date.approximate': ['approximate'],
  'date.uncertain': ['uncertain'],
  'date.open_end': ['open_end'],
  'date.unknown_end': ['unknown_end'],
  'date.display': ['display_date'],
  'location.name': ['location'],
  'location.country': ['country'],
  'location.lat': ['latitude'],
  'location.latitude': ['latitude'],
  'location.lon': ['longitude'],
  'location.longitude': ['longitude'],
  'location.precision': ['location_precision'],
};

/** `title_<lang>` and `summary_<lang>`: one language's text (empty where the event has none). */
const TEXT_COLUMN = /^(title|summary)_[a-z]{2,3}$/;

/**
 * The CSV columns a `fields` value names, in the order given (`id` first when not named), or undefined for
 * the export's own columns. `fixed` are the CSV's columns other than the per-language ones.
 */
export function parseCsvFields(fields: string | undefined, fixed: readonly string[]): string[] | undefined {
  if (fields === undefined) return undefined;
  const names = fieldNames(fields);
  const unknown = names.filter((n) => !fixed.includes(n) && !CSV_COLUMNS_OF_NAMES[n] && !TEXT_COLUMN.test(n));
  if (unknown.length > 0) {
    throw fieldsProblem(
      unknown,
      `the CSV's columns ${fixed.join(', ')}, title_<lang>, summary_<lang>, or the dotted names ${Object.keys(CSV_COLUMNS_OF_NAMES).join(', ')} (location gives all five place columns)`,
      'id,slug,edtf,title',
    );
  }
  const columns: string[] = [];
  const add = (column: string) => {
    if (!columns.includes(column)) columns.push(column);
  };
  if (!names.includes('id')) add('id');
  for (const name of names) {
    if (name === 'location') CSV_LOCATION_COLUMNS.forEach(add);
    else if (fixed.includes(name) || TEXT_COLUMN.test(name)) add(name);
    else CSV_COLUMNS_OF_NAMES[name]?.forEach(add);
  }
  return columns;
}
