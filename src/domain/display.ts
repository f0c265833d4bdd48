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
import type { Precision } from '../db/schema.ts';
import { toLocalDate } from './calendar.ts';
import { type DateBounds, precisionOfSide } from './edtf.ts';

interface DisplayLanguage {
  locale: Locale;
  day: string;
  month: string;
  circa: string;
  decade: (year: number) => string;
  century: (century: number) => string;
  since: string;
  unknownEnd: string;
}

const LANGUAGES: Record<string, DisplayLanguage> = {
  en: {
    locale: enGB,
    day: 'd MMMM yyyy',
    month: 'MMMM yyyy',
    circa: 'c.',
    decade: (y) => `${y}s`,
    century: (c) => `${ordinalEn(c)} century`,
    since: 'since',
    unknownEnd: '?',
  },
  de: {
    locale: de,
    day: 'd. MMMM yyyy',
    month: 'MMMM yyyy',
    circa: 'ca.',
    decade: (y) => `${y}er Jahre`,
    century: (c) => `${c}. Jahrhundert`,
    since: 'seit',
    unknownEnd: '?',
  },
  fr: {
    locale: fr,
    day: 'd MMMM yyyy',
    month: 'MMMM yyyy',
    circa: 'vers',
    decade: (y) => `années ${y}`,
    century: (c) => `${c}e siècle`,
    since: 'depuis',
    unknownEnd: '?',
  },
  es: {
    locale: es,
    day: "d 'de' MMMM 'de' yyyy",
    month: "MMMM 'de' yyyy",
    circa: 'c.',
    decade: (y) => `años ${y}`,
    century: (c) => `siglo ${c}`,
    since: 'desde',
    unknownEnd: '?',
  },
  it: {
    locale: it,
    day: 'd MMMM yyyy',
    month: 'MMMM yyyy',
    circa: 'ca.',
    decade: (y) => `anni ${y}`,
    century: (c) => `${c}º secolo`,
    since: 'dal',
    unknownEnd: '?',
  },
  ru: {
    locale: ru,
    day: 'd MMMM yyyy',
    month: 'LLLL yyyy',
    circa: 'ок.',
    decade: (y) => `${y}-е`,
    century: (c) => `${c} век`,
    since: 'с',
    unknownEnd: '?',
  },
};

export const DISPLAY_LANGUAGES = Object.keys(LANGUAGES);

/** Human display strings of a date in every supported language: "Juli 2019", "ca. 2002", "Juni 2014 – April 2016". */
export function displayDate(bounds: DateBounds): Record<string, string> {
  // A pure function of the EDTF string (the bounds derive from it): exports format the same dates again
  // and again, so remember the most recent ones.
  const known = displayCache.get(bounds.edtf);
  if (known) return { ...known };
  const out: Record<string, string> = {};
  for (const [lang, language] of Object.entries(LANGUAGES)) out[lang] = displayIn(bounds, language);
  if (displayCache.size >= DISPLAY_CACHE_SIZE) displayCache.clear();
  displayCache.set(bounds.edtf, out);
  return { ...out };
}

const DISPLAY_CACHE_SIZE = 10_000;
const displayCache = new Map<string, Record<string, string>>();

function displayIn(b: DateBounds, l: DisplayLanguage): string {
  const [startEdtf = b.edtf, endEdtf] = b.edtf.split('/');
  const start = point(b.startEarliest, b.startLatest, precisionOfSide(startEdtf, b.precision), l);
  let text: string;
  if (b.openEnd) text = `${l.since} ${start}`;
  else if (b.unknownEnd) text = `${start} – ${l.unknownEnd}`;
  else if (endEdtf === undefined) text = start;
  else {
    const end = point(
      b.endEarliest ?? b.endLatest ?? '',
      b.endLatest ?? '',
      precisionOfSide(endEdtf, b.precision),
      l,
    );
    // A same-day (or same-month…) interval reads as that one date.
    text = end === start ? start : `${start} – ${end}`;
  }
  if (b.approximate) text = `${l.circa} ${text}`;
  if (b.uncertain) text = `${text}?`;
  return text;
}

function point(earliest: string, latest: string, precision: Precision, l: DisplayLanguage): string {
  const date = toLocalDate(earliest);
  const year = Number(earliest.slice(0, 4));
  switch (precision) {
    case 'day':
      return format(date, l.day, { locale: l.locale });
    case 'month':
      return format(date, l.month, { locale: l.locale });
    case 'year':
      return String(year).padStart(4, '0');
    case 'decade':
      return l.decade(year);
    case 'century':
      return l.century(Math.floor(Number(latest.slice(0, 4)) / 100) + 1);
  }
}

function ordinalEn(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}
