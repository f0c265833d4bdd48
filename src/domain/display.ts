// One module per function and locale, not the package indexes, which load ~2,000 modules: on Node 24 and 26 each
// module of date-fns (whose package.json is 200 KB) costs far more to load than on Node 20, and importing the app
// took 8.8 s of CPU on Node 26 with the indexes against 2.4 s without (Node 20: 2.0 s and 1.4 s).
import type { Locale } from 'date-fns';
import { format } from 'date-fns/format';
import { de } from 'date-fns/locale/de';
import { enGB } from 'date-fns/locale/en-GB';
import { es } from 'date-fns/locale/es';
import { fr } from 'date-fns/locale/fr';
import { it } from 'date-fns/locale/it';
import { ru } from 'date-fns/locale/ru';
import { parseDay } from './calendar.ts';
import { analyzeEdtf, type DateBounds, type DatePoint, type EdtfReading, type EdtfSide } from './edtf.ts';
import { readSimpleEdtfSides } from './edtf-simple.ts';

interface DisplayLanguage {
  locale: Locale;
  /** date-fns patterns; `yyyy` stands for the year, which is written by `year` (BC years included). */
  day: string;
  month: string;
  year: (year: number) => string;
  circa: string;
  decade: (year: number) => string;
  century: (century: number) => string;
  millennium: (millennium: number) => string;
  unknownYear: string;
  /** Spring, summer, autumn, winter. */
  seasons: [string, string, string, string];
  season: (name: string, year: string) => string;
  quarter: (quarter: number, year: string) => string;
  since: string;
  until: string;
  unknown: string;
  or: string;
  orEarlier: string;
  orLater: string;
  /** A known day of an unspecified month (`2019-XX-05`). */
  dayOfSomeMonth: (day: number, year: string) => string;
}

const LANGUAGES: Record<string, DisplayLanguage> = {
  en: {
    locale: enGB,
    day: 'd MMMM yyyy',
    month: 'MMMM yyyy',
    year: (y) => (y > 0 ? pad(y) : `${1 - y} BC`),
    circa: 'c.',
    decade: (y) => `${y}s`,
    century: (c) => `${ordinalEn(c)} century`,
    millennium: (m) => `${ordinalEn(m)} millennium`,
    unknownYear: 'unknown year',
    seasons: ['spring', 'summer', 'autumn', 'winter'],
    season: (name, year) => `${name} ${year}`,
    quarter: (q, year) => `Q${q} ${year}`,
    since: 'since',
    until: 'until',
    unknown: '?',
    or: 'or',
    orEarlier: 'or earlier',
    orLater: 'or later',
    dayOfSomeMonth: (d, year) => `the ${ordinalEn(d)} of a month in ${year}`,
  },
  de: {
    locale: de,
    day: 'd. MMMM yyyy',
    month: 'MMMM yyyy',
    year: (y) => (y > 0 ? pad(y) : `${1 - y} v. Chr.`),
    circa: 'ca.',
    decade: (y) => `${y}er Jahre`,
    century: (c) => `${c}. Jahrhundert`,
    millennium: (m) => `${m}. Jahrtausend`,
    unknownYear: 'unbekanntes Jahr',
    seasons: ['Frühling', 'Sommer', 'Herbst', 'Winter'],
    season: (name, year) => `${name} ${year}`,
    quarter: (q, year) => `${q}. Quartal ${year}`,
    since: 'seit',
    until: 'bis',
    unknown: '?',
    or: 'oder',
    orEarlier: 'oder früher',
    orLater: 'oder später',
    dayOfSomeMonth: (d, year) => `${d}. eines Monats ${year}`,
  },
  fr: {
    locale: fr,
    day: 'd MMMM yyyy',
    month: 'MMMM yyyy',
    year: (y) => (y > 0 ? pad(y) : `${1 - y} av. J.-C.`),
    circa: 'vers',
    decade: (y) => `années ${y}`,
    century: (c) => `${c}e siècle`,
    millennium: (m) => `${m === 1 ? '1er' : `${m}e`} millénaire`,
    unknownYear: 'année inconnue',
    seasons: ['printemps', 'été', 'automne', 'hiver'],
    season: (name, year) => `${name} ${year}`,
    quarter: (q, year) => `${q === 1 ? '1er' : `${q}e`} trimestre ${year}`,
    since: 'depuis',
    until: "jusqu'à",
    unknown: '?',
    or: 'ou',
    orEarlier: 'ou avant',
    orLater: 'ou après',
    dayOfSomeMonth: (d, year) => `le ${d} d’un mois de ${year}`,
  },
  es: {
    locale: es,
    day: "d 'de' MMMM 'de' yyyy",
    month: "MMMM 'de' yyyy",
    year: (y) => (y > 0 ? pad(y) : `${1 - y} a. C.`),
    circa: 'c.',
    decade: (y) => `años ${y}`,
    century: (c) => `siglo ${c}`,
    millennium: (m) => `milenio ${m}`,
    unknownYear: 'año desconocido',
    seasons: ['primavera', 'verano', 'otoño', 'invierno'],
    season: (name, year) => `${name} de ${year}`,
    quarter: (q, year) => `${q}.º trimestre de ${year}`,
    since: 'desde',
    until: 'hasta',
    unknown: '?',
    or: 'o',
    orEarlier: 'o antes',
    orLater: 'o después',
    dayOfSomeMonth: (d, year) => `el día ${d} de un mes de ${year}`,
  },
  it: {
    locale: it,
    day: 'd MMMM yyyy',
    month: 'MMMM yyyy',
    year: (y) => (y > 0 ? pad(y) : `${1 - y} a.C.`),
    circa: 'ca.',
    decade: (y) => `anni ${y}`,
    century: (c) => `${c}º secolo`,
    millennium: (m) => `${m}º millennio`,
    unknownYear: 'anno sconosciuto',
    seasons: ['primavera', 'estate', 'autunno', 'inverno'],
    season: (name, year) => `${name} ${year}`,
    quarter: (q, year) => `${q}º trimestre ${year}`,
    since: 'dal',
    until: 'fino a',
    unknown: '?',
    or: 'o',
    orEarlier: 'o prima',
    orLater: 'o dopo',
    dayOfSomeMonth: (d, year) => `il giorno ${d} di un mese del ${year}`,
  },
  ru: {
    locale: ru,
    day: 'd MMMM yyyy',
    month: 'LLLL yyyy',
    year: (y) => (y > 0 ? pad(y) : `${1 - y} до н. э.`),
    circa: 'ок.',
    decade: (y) => `${y}-е`,
    century: (c) => `${c} век`,
    millennium: (m) => `${m} тысячелетие`,
    unknownYear: 'неизвестный год',
    seasons: ['весна', 'лето', 'осень', 'зима'],
    season: (name, year) => `${name} ${year}`,
    quarter: (q, year) => `${q}-й квартал ${year}`,
    since: 'с',
    until: 'до',
    unknown: '?',
    or: 'или',
    orEarlier: 'или раньше',
    orLater: 'или позже',
    dayOfSomeMonth: (d, year) => `${d}-е число одного из месяцев ${year} года`,
  },
};

export const DISPLAY_LANGUAGES = Object.keys(LANGUAGES);

/**
 * Human display strings of a date in every supported language: "Juli 2019", "ca. 2002", "Juni 2014 – April
 * 2016", "5 July 2019? – c. 10 July 2019". Each side of an interval is shown at its own precision with its own
 * qualifiers: `~` (approximate) puts "c." before that side, `?` (uncertain) a question mark after it, `%` both.
 */
export function displayDate(bounds: Pick<DateBounds, 'edtf'>): Record<string, string> {
  // A pure function of the EDTF string: exports format the same dates again and again, so remember the
  // most recent ones.
  const known = displayCache.get(bounds.edtf);
  if (known) return { ...known };
  const out: Record<string, string> = {};
  let reading: EdtfReading | null = null;
  try {
    reading = readSimpleEdtfSides(bounds.edtf) ?? analyzeEdtf(bounds.edtf);
  } catch {
    // A date stored under rules that have since changed: show it as written.
  }
  for (const [lang, language] of Object.entries(LANGUAGES)) {
    out[lang] = reading ? displayIn(reading, language) : bounds.edtf;
  }
  if (displayCache.size >= DISPLAY_CACHE_SIZE) displayCache.clear();
  displayCache.set(bounds.edtf, out);
  return { ...out };
}

const DISPLAY_CACHE_SIZE = 10_000;
const displayCache = new Map<string, Record<string, string>>();

function displayIn(r: EdtfReading, l: DisplayLanguage): string {
  if (r.form === 'one_of') return oneOf(r, l);
  if (r.form === 'date') return side(r.start, l);
  const start = side(r.start, l);
  const end = side(r.end, l);
  if (r.end.kind === 'open') return r.start.kind === 'point' ? `${l.since} ${start}` : start;
  if (r.start.kind === 'open') return `${l.until} ${end}`;
  // A same-day (or same-month…) interval reads as that one date.
  return start === end ? start : `${start} – ${end}`;
}

function side(s: EdtfSide, l: DisplayLanguage): string {
  return s.kind === 'point' ? qualified(s.point, l) : l.unknown;
}

function qualified(p: DatePoint, l: DisplayLanguage): string {
  const text = point(p, l);
  return `${p.approximate ? `${l.circa} ${text}` : text}${p.uncertain ? '?' : ''}`;
}

function oneOf(r: EdtfReading, l: DisplayLanguage): string {
  const items = r.members.map((m) => qualified(m, l));
  const last = items.pop() as string;
  let text = items.length > 0 ? `${items.join(', ')} ${l.or} ${last}` : last;
  if (r.earlier) text = `${text} ${l.orEarlier}`;
  if (r.later) text = `${text} ${l.orLater}`;
  return text;
}

function point(p: DatePoint, l: DisplayLanguage): string {
  // Set members such as 1670..1672 span several periods: "1670 – 1672".
  if (p.text.includes('..') && p.earliest && p.latest) {
    const [from = '', to = ''] = p.text.split('..');
    return `${point({ ...p, text: from, latest: p.earliest }, l)}–${point({ ...p, text: to, earliest: p.latest }, l)}`;
  }
  const first = parseDay(p.earliest as string);
  const last = parseDay(p.latest as string);
  switch (p.precision) {
    case 'time':
      return `${calendar(l.day, first, l)}, ${p.time}`;
    case 'day':
      return calendar(l.day, first, l);
    case 'month':
      return calendar(l.month, first, l);
    case 'season':
      return season(p.season ?? 21, first, last, l);
    case 'year': {
      const { day } = knownParts(p.text);
      return day ? l.dayOfSomeMonth(first.day, l.year(first.year)) : l.year(first.year);
    }
    case 'decade':
    case 'century':
    case 'millennium': {
      const text = period(p, first.year, last.year, l);
      // A month or day written under an unspecified year (`156X-12-25`) is kept: "25 December 1560s".
      const { month, day } = knownParts(p.text);
      if (!month || first.year <= 0) return text;
      return calendar(day ? l.day : l.month, first, l, text);
    }
  }
}

/** Whether the month and the day of one date's text are written out (not absent, not `XX`). */
function knownParts(text: string): { month: boolean; day: boolean } {
  const [, month = 'X', day = 'X'] =
    text.replace(/[?~%]/g, '').replace(/^-/, '').split('T')[0]?.split('-') ?? [];
  return { month: !month.includes('X'), day: !day.includes('X') };
}

function period(p: DatePoint, firstYear: number, lastYear: number, l: DisplayLanguage): string {
  if (/^-?XXXX/.test(p.text.replace(/[?~%]/g, ''))) return l.unknownYear;
  // Before the common era decades and centuries are counted backwards: name the years instead.
  if (firstYear <= 0) return `${l.year(firstYear)} – ${l.year(lastYear)}`;
  if (p.precision === 'decade') return l.decade(firstYear);
  if (p.precision === 'century') return l.century(Math.floor(lastYear / 100) + 1);
  return l.millennium(Math.floor(lastYear / 1000) + 1);
}

function season(code: number, first: CalendarParts, last: CalendarParts, l: DisplayLanguage): string {
  if (code >= 21 && code <= 28) {
    const name = l.seasons[(code - 21) % 4] as string;
    // A winter runs into the next year: "winter 2019/2020".
    const year = first.year === last.year ? l.year(first.year) : `${l.year(first.year)}/${l.year(last.year)}`;
    return l.season(name, year);
  }
  if (code >= 33 && code <= 36) return l.quarter(code - 32, l.year(first.year));
  // Southern-hemisphere seasons, four- and six-month periods: their months.
  const from = calendar(first.year === last.year ? 'LLLL' : l.month, first, l);
  return `${from} – ${calendar(l.month, last, l)}`;
}

type CalendarParts = ReturnType<typeof parseDay>;

/**
 * A date-fns pattern on any calendar day: month names come from a proxy date in 2000 (a leap year, so 29
 * February exists), the year from `l.year`, which knows years before the common era and after 9999 (or, for a
 * date under an unspecified year, the period it names).
 */
function calendar(
  pattern: string,
  day: CalendarParts,
  l: DisplayLanguage,
  yearText = l.year(day.year),
): string {
  const proxy = new Date(2000, day.month - 1, day.day, 12);
  return format(proxy, pattern.replace('yyyy', `'${yearText.replaceAll("'", "''")}'`), { locale: l.locale });
}

function pad(year: number): string {
  return String(year).padStart(4, '0');
}

function ordinalEn(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}
