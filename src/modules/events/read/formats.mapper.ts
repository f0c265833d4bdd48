import type { Precision } from '../../../db/schema.ts';
import { compareDays, parseDay } from '../../../domain/calendar.ts';
import { precisionOfSide } from '../../../domain/edtf.ts';
import { type CsvCell, csvRow } from '../../../http/csv.ts';
import { escapeHtml } from '../../../http/html.ts';
import { pickLanguage } from '../../../http/negotiate.ts';
import type { ApiEvent } from './events.mapper.ts';

// The CSV export carries every member an import needs to make the event again (docs/writes.md, round trip):
// texts in every language the export holds (title_<lang>, summary_<lang>), sources as JSON, relations by
// event id. `title`, `summary` and `display_date` are in one language, for reading; they and the derived date
// columns, `version` and `updated_at` are read-only: the import ignores them.
/** The CSV's date columns, in order (`fields=date` selects them all). */
export const CSV_DATE_COLUMNS = [
  'edtf',
  'precision',
  'start_earliest',
  'start_latest',
  'end_earliest',
  'end_latest',
  'approximate',
  'uncertain',
  'open_end',
  'unknown_end',
  'display_date',
] as const;
/** The CSV's place columns, in order (`fields=location` selects them all). */
export const CSV_LOCATION_COLUMNS = [
  'location',
  'country',
  'latitude',
  'longitude',
  'location_precision',
] as const;
const CSV_LEADING_COLUMNS = [
  'id',
  'slug',
  'type',
  'status',
  ...CSV_DATE_COLUMNS,
  'title',
  'summary',
  'participants',
  ...CSV_LOCATION_COLUMNS,
  'tags',
  'sources',
  'relations',
] as const;
const CSV_TRAILING_COLUMNS = ['version', 'updated_at'] as const;

/** The languages of the texts an export holds: one column per language and member. */
export interface CsvLanguages {
  title: string[];
  summary: string[];
}

/** The CSV's columns other than the per-language texts, in the export's order. */
export const CSV_FIXED_COLUMNS: readonly string[] = [...CSV_LEADING_COLUMNS, ...CSV_TRAILING_COLUMNS];

/** The export's columns: the fixed ones, a title_<lang> and summary_<lang> per language, version last. */
export function csvColumns(languages: CsvLanguages): string[] {
  return [
    ...CSV_LEADING_COLUMNS,
    ...languages.title.map((l) => `title_${l}`),
    ...languages.summary.map((l) => `summary_${l}`),
    ...CSV_TRAILING_COLUMNS,
  ];
}

export function csvHeader(languages: CsvLanguages): string {
  return csvRow(csvColumns(languages));
}

/** An event as the CSV's events are: members a `fields=` selection left out are missing. */
type CsvEvent = Partial<ApiEvent> & { id: string };

/** Each column's cell: `title`, `summary` and the display date in one language (with a fallback). */
const CSV_CELLS: Record<string, (e: CsvEvent, lang: string) => CsvCell> = {
  id: (e) => e.id,
  slug: (e) => e.slug,
  type: (e) => e.type,
  status: (e) => e.status,
  edtf: (e) => e.date?.edtf,
  precision: (e) => e.date?.precision,
  start_earliest: (e) => e.date?.start?.earliest,
  start_latest: (e) => e.date?.start?.latest,
  end_earliest: (e) => e.date?.end?.earliest,
  end_latest: (e) => e.date?.end?.latest,
  approximate: (e) => e.date?.approximate,
  uncertain: (e) => e.date?.uncertain,
  open_end: (e) => e.date?.open_end,
  unknown_end: (e) => e.date?.unknown_end,
  display_date: (e, lang) => (e.date?.display ? pickLanguage(e.date.display, lang) : ''),
  title: (e, lang) => (e.title ? pickLanguage(e.title, lang) : ''),
  summary: (e, lang) => (e.summary && Object.keys(e.summary).length ? pickLanguage(e.summary, lang) : ''),
  participants: (e) => e.participants?.map((p) => `${p.actor.id}:${p.role}`).join(';'),
  location: (e) => e.location?.name,
  country: (e) => e.location?.country,
  latitude: (e) => e.location?.lat,
  longitude: (e) => e.location?.lon,
  location_precision: (e) => e.location?.precision,
  tags: (e) => e.tags?.join(';'),
  sources: (e) => (e.sources && e.sources.length > 0 ? JSON.stringify(e.sources) : ''),
  relations: (e) => e.relations?.map((r) => `${r.kind}:${r.event.id}`).join(';'),
  version: (e) => e.version,
  updated_at: (e) => e.updated_at,
};

function csvCell(e: CsvEvent, column: string, lang: string): CsvCell {
  const cell = CSV_CELLS[column];
  if (cell) return cell(e, lang);
  // title_<lang>, summary_<lang>: that language's text, empty when the event has none.
  const [member, language = ''] = column.split(/_(?=[^_]+$)/);
  return member === 'title' ? e.title?.[language] : member === 'summary' ? e.summary?.[language] : undefined;
}

/** One CSV row per event, in the given columns (those of `csvColumns`, or a `fields=` choice). */
export function eventCsvRow(e: CsvEvent, lang: string, columns: readonly string[] | CsvLanguages): string {
  const names = Array.isArray(columns) ? columns : csvColumns(columns as CsvLanguages);
  return csvRow(names.map((column) => csvCell(e, column, lang)));
}

interface TimelineDate {
  year: number;
  month?: number;
  day?: number;
}

function timelineDate(day: string, precision: Precision): TimelineDate {
  const { year, month, day: date } = parseDay(day);
  if (precision === 'day' || precision === 'time') return { year, month, day: date };
  if (precision === 'month' || precision === 'season') return { year, month };
  return { year };
}

/** The first bound that is a day (an open start has no earliest start, a set open at its end no latest). */
const firstDay = (...days: (string | null)[]): string => days.find((d) => d !== null) as string;

/** Each side of an interval at its own precision: `2014-06-15/2016-04` starts on a day and ends in a month. */
function sidePrecisions(e: ApiEvent): { start: Precision; end: Precision } {
  const [start = e.date.edtf, end = start] = e.date.edtf.split('/');
  return { start: precisionOfSide(start, e.date.precision), end: precisionOfSide(end, e.date.precision) };
}

/** What a TimelineJS export says besides its slides: the title slide, type labels, the next page's cursor. */
export interface TimelineJsContext {
  title: { headline: string; text: string };
  /** Event type code → its label by language; a type without one shows its code. */
  typeLabels: Record<string, Record<string, string>>;
  nextCursor: string | null;
}

/**
 * TimelineJS 3 JSON: a title slide describing the query, events with start/end dates at their precision
 * grouped by their type's label, intervals that last longer than a day (suspensions…) also as eras, and the
 * cursor of the next page (TimelineJS ignores members it does not know). TimelineJS renders headlines, texts,
 * display dates and groups as HTML: every text is escaped here.
 */
export function toTimelineJs(events: ApiEvent[], lang: string, context: TimelineJsContext) {
  const isInterval = (e: ApiEvent) => e.date.edtf.includes('/') && e.date.end.latest !== null;
  const startDay = (e: ApiEvent) => firstDay(e.date.start.earliest, e.date.start.latest, e.date.end.latest);
  const endDay = (e: ApiEvent) => firstDay(e.date.end.latest, e.date.start.latest, e.date.start.earliest);
  // A one-day interval (`2019-07-05/2019-07-05`, or times within a day) is a slide, not a period in the background.
  const isEra = (e: ApiEvent) => isInterval(e) && compareDays(startDay(e), endDay(e)) < 0;
  const startDate = (e: ApiEvent) => timelineDate(startDay(e), sidePrecisions(e).start);
  const endDate = (e: ApiEvent) => timelineDate(endDay(e), sidePrecisions(e).end);
  const group = (e: ApiEvent) => {
    const label = context.typeLabels[e.type];
    return label ? pickLanguage(label, lang) || e.type : e.type;
  };
  const slide = (e: ApiEvent) => ({
    unique_id: e.slug ?? e.id,
    start_date: startDate(e),
    ...(isInterval(e) ? { end_date: endDate(e) } : {}),
    display_date: escapeHtml(pickLanguage(e.date.display, lang)),
    text: {
      headline: escapeHtml(pickLanguage(e.title, lang)),
      text: Object.keys(e.summary).length ? escapeHtml(pickLanguage(e.summary, lang)) : '',
    },
    group: escapeHtml(group(e)),
  });
  return {
    title: {
      text: { headline: escapeHtml(context.title.headline), text: escapeHtml(context.title.text) },
    },
    events: events.map(slide),
    eras: events.filter(isEra).map((e) => ({
      start_date: startDate(e),
      end_date: endDate(e),
      text: { headline: escapeHtml(pickLanguage(e.title, lang)) },
    })),
    next_cursor: context.nextCursor,
  };
}
