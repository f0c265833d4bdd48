// ACLED's CSV export (Armed Conflict Location & Event Data, codebook column names) as import rows. Every
// decision is in docs/research-formats.md: how time_precision becomes EDTF, the event types, the actors.

import { countryOfNumericCode } from '../../../domain/countries.ts';
import { type CsvRecord, csvRecords } from './import.csv.ts';
import type { ImportFormat, ParsedRow, RowParser } from './import.formats.ts';

/** The columns a row needs; the others of ACLED's export are read when present or ignored. */
const REQUIRED = ['event_id_cnty', 'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1'];

/**
 * ACLED event types (and, where one sub-event type is an event type of ours, that sub-event type) → our
 * event-type codes. Migration 0060 adds the codes other than `agreement` (built in since the first one), so an
 * ACLED file imports into a fresh instance.
 */
export const ACLED_EVENT_TYPES: Record<string, string> = {
  battles: 'battle',
  'explosions/remote violence': 'remote_violence',
  'violence against civilians': 'violence_against_civilians',
  protests: 'protest',
  riots: 'riot',
  'strategic developments': 'strategic_development',
};
const ACLED_SUB_EVENT_TYPES: Record<string, string> = { agreement: 'agreement' };

/**
 * ACLED's geo_precision → the precision of our coordinates. 1: the source names the town and the coordinates
 * are the town's (a point standing for a city, not the very spot); 2: the source says near a town or names a
 * part of a region, and ACLED takes a nearby town's coordinates; 3: the source names only a larger region, and
 * ACLED takes the coordinates of a natural location or the provincial capital. Our scale has nothing between a
 * city and a region, so 2 and 3 are both `region`: the point stands for an area, not for the town it is on.
 */
export const ACLED_GEO_PRECISIONS: Record<string, string> = { '1': 'city', '2': 'region', '3': 'region' };

/** ACLED's inter codes (the type of actor1 and actor2) → our actor kinds. */
export const ACLED_ACTOR_KINDS: Record<string, string> = {
  '1': 'organization', // state forces
  '2': 'organization', // rebel groups
  '3': 'organization', // political militias
  '4': 'organization', // identity militias
  '5': 'other', // rioters
  '6': 'other', // protesters
  '7': 'other', // civilians
  '8': 'organization', // external/other forces
};

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** event_date as year, month, day: `2023-06-07` (the API and newer exports), `07 June 2023`, `07-06-2023`. */
export function acledDay(text: string): { year: number; month: number; day: number } | undefined {
  const value = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  m = /^(\d{1,2})[- ]([A-Za-z]+)[- ](\d{4})$/.exec(value);
  if (m) {
    const month = MONTHS.findIndex(
      (name) => name.startsWith((m?.[2] ?? '').toLowerCase()) && (m?.[2] ?? '').length >= 3,
    );
    return month < 0 ? undefined : { year: Number(m[3]), month: month + 1, day: Number(m[1]) };
  }
  m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(value);
  if (m) return { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) };
  return undefined;
}

function addDays(d: { year: number; month: number; day: number }, days: number): string {
  const date = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * ACLED's date and time_precision as EDTF:
 * 1 (the source gives the day) → that day, `2023-06-07`;
 * 2 (the source gives a week or a weekend; ACLED codes a day in it) → one day of the seven around the coded one,
 *   `[2023-06-04..2023-06-10]` (an EDTF set: one of those days);
 * 3 (the source gives only the month; ACLED codes a day in it) → the month, `2023-06`.
 */
export function acledEdtf(
  eventDate: string,
  timePrecision: string,
): { edtf: string } | { error: string; column: string } {
  const day = acledDay(eventDate);
  if (!day) {
    return {
      column: 'event_date',
      error: `"${eventDate}" is not a date ACLED writes (2023-06-07, 07 June 2023 or 07-06-2023)`,
    };
  }
  const iso = addDays(day, 0);
  switch (timePrecision.trim()) {
    case '1':
      return { edtf: iso };
    case '2':
      return { edtf: `[${addDays(day, -3)}..${addDays(day, 3)}]` };
    case '3':
      return { edtf: iso.slice(0, 7) };
    default:
      return {
        column: 'time_precision',
        error: `"${timePrecision}" is not an ACLED time precision: 1, 2 or 3`,
      };
  }
}

/** An actor's id from its ACLED name: lowercase ASCII words joined by hyphens, at most 80 characters. */
export function actorIdOf(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const id = words.slice(0, 80).replace(/-+$/, '');
  if (id) return id;
  // A name without a Latin letter or digit: a stable id from its characters.
  let hash = 0;
  for (const char of name) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return `actor-${hash.toString(16)}`;
}

type Cells = Record<string, string>;

/** One ACLED record as an import row (an event input with actors as {id, kind, name}). */
export function acledRecordToInput(
  cells: Cells,
): { input: Record<string, unknown> } | { error: string; column: string } {
  const date = acledEdtf(cells.event_date ?? '', cells.time_precision ?? '');
  if ('error' in date) return date;
  const eventType = (cells.event_type ?? '').trim();
  const subEventType = (cells.sub_event_type ?? '').trim();
  const type =
    ACLED_SUB_EVENT_TYPES[subEventType.toLowerCase()] ?? ACLED_EVENT_TYPES[eventType.toLowerCase()];
  if (!type) {
    return {
      column: 'event_type',
      error: `"${eventType}" is not an ACLED event type: ${Object.keys(ACLED_EVENT_TYPES).join(', ')} (any case)`,
    };
  }
  const participants: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const addActor = (name: string, kind: string) => {
    const trimmed = name.trim();
    if (!trimmed) return;
    const id = actorIdOf(trimmed);
    if (seen.has(id)) return;
    seen.add(id);
    participants.push({ actor: { id, kind, name: { en: trimmed } }, role: 'party' });
  };
  // actor1 and actor2 imply no direction (ACLED's codebook): both are parties, as are their associates.
  addActor(cells.actor1 ?? '', ACLED_ACTOR_KINDS[(cells.inter1 ?? '').trim()] ?? 'other');
  addActor(cells.actor2 ?? '', ACLED_ACTOR_KINDS[(cells.inter2 ?? '').trim()] ?? 'other');
  for (const column of ['assoc_actor_1', 'assoc_actor_2']) {
    for (const name of (cells[column] ?? '').split(';')) addActor(name, 'other');
  }
  const place = (cells.location ?? '').trim();
  const input: Record<string, unknown> = {
    slug: `acled-${actorIdOf(cells.event_id_cnty ?? '')}`,
    type,
    date: date.edtf,
    title: { en: place ? `${subEventType || eventType} (${place})` : subEventType || eventType },
    participants,
    tags: ['acled'],
  };
  const notes = (cells.notes ?? '').trim();
  if (notes) input.summary = { en: notes };
  const sources = (cells.source ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => ({ title: name, publisher: name }));
  if (sources.length > 0) input.sources = sources;
  const location = acledLocation(cells, place);
  if ('error' in location) return location;
  if (Object.keys(location.location).length > 0) input.location = location.location;
  return { input };
}

/** A decimal degree as ACLED writes it (`9.0765`, `-4.0892`), or undefined for an empty cell. */
function degrees(text: string | undefined): number | undefined | 'bad' {
  const value = (text ?? '').trim();
  if (!value) return undefined;
  return /^[-+]?\d+(\.\d+)?$/.test(value) ? Number(value) : 'bad';
}

/**
 * The event's location from ACLED's columns: the name `location, admin1, country`; the country's alpha-2 code
 * from `iso` (ISO 3166-1 numeric; a number the standard does not assign, such as ACLED's 0 for Kosovo, gives
 * no country); `latitude`/`longitude` (both or neither) with the precision `geo_precision` gives them.
 * Ranges (latitude within ±90°, longitude ±180°) are checked with every other location by the event schema.
 */
export function acledLocation(
  cells: Cells,
  place = (cells.location ?? '').trim(),
): { location: Record<string, unknown> } | { error: string; column: string } {
  const location: Record<string, unknown> = {};
  const name = [place, (cells.admin1 ?? '').trim(), (cells.country ?? '').trim()].filter(Boolean).join(', ');
  if (name) location.name = name.slice(0, 200);
  const iso = (cells.iso ?? '').trim();
  if (iso) {
    if (!/^\d{1,3}$/.test(iso)) {
      return {
        column: 'iso',
        error: `"${iso}" is not an ISO 3166-1 numeric country code (e.g. 566 for Nigeria)`,
      };
    }
    const country = countryOfNumericCode(iso);
    if (country) location.country = country;
  }
  const lat = degrees(cells.latitude);
  const lon = degrees(cells.longitude);
  if (lat === 'bad')
    return { column: 'latitude', error: `"${cells.latitude}" is not a latitude in decimal degrees` };
  if (lon === 'bad') {
    return { column: 'longitude', error: `"${cells.longitude}" is not a longitude in decimal degrees` };
  }
  if ((lat === undefined) !== (lon === undefined)) {
    return {
      column: lat === undefined ? 'latitude' : 'longitude',
      error: 'latitude and longitude come together: give both or leave both empty',
    };
  }
  if (lat !== undefined && lon !== undefined) {
    location.lat = lat;
    location.lon = lon;
    const code = (cells.geo_precision ?? '').trim();
    if (code) {
      const precision = ACLED_GEO_PRECISIONS[code];
      if (!precision) {
        return { column: 'geo_precision', error: `"${code}" is not an ACLED geo precision: 1, 2 or 3` };
      }
      location.precision = precision;
    }
  }
  return { location };
}

/** Where an error in the event a record became comes from in ACLED's columns. */
export function acledPointer(pointer: string): string {
  const [, top, member] = pointer.split('/');
  const locationColumns: Record<string, string> = {
    lat: '/latitude',
    lon: '/longitude',
    precision: '/geo_precision',
    country: '/iso',
  };
  if (top === 'location' && member && locationColumns[member]) return locationColumns[member];
  const columns: Record<string, string> = {
    slug: '/event_id_cnty',
    date: '/event_date',
    type: '/event_type',
    title: '/sub_event_type',
    summary: '/notes',
    sources: '/source',
    participants: '/actor1',
    location: '/location',
  };
  return (top && columns[top]) ?? pointer;
}

async function* acledRows(chunks: AsyncIterable<string>): AsyncGenerator<ParsedRow> {
  let columns: string[] | undefined;
  for await (const record of csvRecords(chunks) as AsyncIterable<CsvRecord>) {
    if ('error' in record) {
      yield { line: record.line, errors: [{ pointer: '', detail: record.error }] };
      return;
    }
    if (!columns) {
      columns = record.fields.map((f) => f.trim().toLowerCase());
      const missing = REQUIRED.filter((c) => !columns?.includes(c));
      if (missing.length > 0) {
        yield {
          line: record.line,
          errors: missing.map((c) => ({ pointer: '', detail: `the header needs ACLED's "${c}" column` })),
        };
        return;
      }
      continue;
    }
    if (record.fields.length !== columns.length) {
      yield {
        line: record.line,
        errors: [
          {
            pointer: '',
            detail: `the record has ${record.fields.length} fields, the header ${columns.length}`,
          },
        ],
      };
      continue;
    }
    const cells: Cells = {};
    columns.forEach((c, i) => {
      cells[c] = record.fields[i] ?? '';
    });
    const row = acledRecordToInput(cells);
    if ('error' in row)
      yield { line: record.line, errors: [{ pointer: `/${row.column}`, detail: row.error }] };
    else yield { line: record.line, value: row.input };
  }
}

export const acledFormat: ImportFormat = {
  name: 'acled',
  mediaTypes: ['text/csv'],
  extensions: [],
  description:
    "ACLED's CSV export (`format=acled`): event_id_cnty, event_date, time_precision, event_type, sub_event_type, actor1, actor2, assoc_actor_1/2, inter1/2, location, admin1, country, iso, latitude, longitude, geo_precision, source, notes. See docs/research-formats.md.",
  parser(): RowParser {
    return { rows: acledRows, pointerOf: acledPointer };
  },
};
