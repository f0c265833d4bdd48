import { csvRow } from '../../http/csv.ts';
import { pickLanguage } from '../../http/negotiate.ts';
import type { ApiEvent } from './events.mapper.ts';

export const CSV_HEADER = csvRow([
  'id',
  'slug',
  'type',
  'status',
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
  'title',
  'summary',
  'participants',
  'location',
  'country',
  'tags',
  'sources',
  'version',
  'updated_at',
]);

/** One CSV row per event, texts in one language (with a fallback). */
export function eventCsvRow(e: ApiEvent, lang: string): string {
  return csvRow([
    e.id,
    e.slug,
    e.type,
    e.status,
    e.date.edtf,
    e.date.precision,
    e.date.start.earliest,
    e.date.start.latest,
    e.date.end.earliest,
    e.date.end.latest,
    e.date.approximate,
    e.date.uncertain,
    e.date.open_end,
    e.date.unknown_end,
    pickLanguage(e.date.display, lang),
    pickLanguage(e.title, lang),
    Object.keys(e.summary).length ? pickLanguage(e.summary, lang) : '',
    e.participants.map((p) => `${p.actor.id}:${p.role}`).join(';'),
    e.location?.name,
    e.location?.country,
    e.tags.join(';'),
    e.sources.map((s) => s.url ?? s.title).join(';'),
    e.version,
    e.updated_at,
  ]);
}

interface TimelineDate {
  year: number;
  month?: number;
  day?: number;
}

function timelineDate(day: string, precision: string): TimelineDate {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  if (precision === 'day') return { year, month, day: date };
  if (precision === 'month') return { year, month };
  return { year };
}

/** TimelineJS 3 JSON: events with start/end dates at their precision, and intervals (suspensions…) as eras. */
export function toTimelineJs(events: ApiEvent[], lang: string) {
  const slide = (e: ApiEvent) => {
    const interval = !e.date.open_end && !e.date.unknown_end && e.date.edtf.includes('/');
    return {
      unique_id: e.slug ?? e.id,
      start_date: timelineDate(e.date.start.earliest, e.date.precision),
      ...(interval && e.date.end.latest
        ? { end_date: timelineDate(e.date.end.latest, e.date.precision) }
        : {}),
      display_date: pickLanguage(e.date.display, lang),
      text: {
        headline: pickLanguage(e.title, lang),
        text: Object.keys(e.summary).length ? pickLanguage(e.summary, lang) : '',
      },
      group: e.type,
    };
  };
  const isEra = (e: ApiEvent) => e.date.edtf.includes('/') && e.date.end.latest !== null;
  return {
    events: events.map(slide),
    eras: events.filter(isEra).map((e) => ({
      start_date: timelineDate(e.date.start.earliest, e.date.precision),
      end_date: timelineDate(e.date.end.latest ?? e.date.start.latest, e.date.precision),
      text: { headline: pickLanguage(e.title, lang) },
    })),
  };
}
