// The API's `date.display` strings (one per language, made with date-fns in the service), built by
// PostgreSQL from the stored date columns, so that this peer answers the same JSON in one statement.

const MONTHS = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  de: [
    'Januar',
    'Februar',
    'März',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober',
    'November',
    'Dezember',
  ],
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  es: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
  it: [
    'gennaio',
    'febbraio',
    'marzo',
    'aprile',
    'maggio',
    'giugno',
    'luglio',
    'agosto',
    'settembre',
    'ottobre',
    'novembre',
    'dicembre',
  ],
  // Russian months after a day number are in the genitive ("5 июля"), alone in the nominative ("июль").
  ru: [
    'января',
    'февраля',
    'марта',
    'апреля',
    'мая',
    'июня',
    'июля',
    'августа',
    'сентября',
    'октября',
    'ноября',
    'декабря',
  ],
};
const RU_STANDALONE = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];

const literal = (text) => `'${text.replace(/'/g, "''")}'`;
const array = (names) => `array[${names.map(literal).join(',')}]::text[]`;

/**
 * How each language writes a date, as a row of a VALUES list: a day is `d ‖ after_day ‖ month ‖ before_year
 * ‖ yyyy`, a month `month ‖ before_year ‖ yyyy`, a decade and a century a prefix and suffix around the
 * number (English adds the ordinal's suffix).
 */
const LANGUAGES = [
  {
    lang: 'en',
    months: MONTHS.en,
    afterDay: ' ',
    beforeYear: ' ',
    decade: ['', 's'],
    century: ['', ' century'],
    circa: 'c.',
    since: 'since',
  },
  {
    lang: 'de',
    months: MONTHS.de,
    afterDay: '. ',
    beforeYear: ' ',
    decade: ['', 'er Jahre'],
    century: ['', '. Jahrhundert'],
    circa: 'ca.',
    since: 'seit',
  },
  {
    lang: 'fr',
    months: MONTHS.fr,
    afterDay: ' ',
    beforeYear: ' ',
    decade: ['années ', ''],
    century: ['', 'e siècle'],
    circa: 'vers',
    since: 'depuis',
  },
  {
    lang: 'es',
    months: MONTHS.es,
    afterDay: ' de ',
    beforeYear: ' de ',
    decade: ['años ', ''],
    century: ['siglo ', ''],
    circa: 'c.',
    since: 'desde',
  },
  {
    lang: 'it',
    months: MONTHS.it,
    afterDay: ' ',
    beforeYear: ' ',
    decade: ['anni ', ''],
    century: ['', 'º secolo'],
    circa: 'ca.',
    since: 'dal',
  },
  {
    lang: 'ru',
    months: MONTHS.ru,
    standalone: RU_STANDALONE,
    afterDay: ' ',
    beforeYear: ' ',
    decade: ['', '-е'],
    century: ['', ' век'],
    circa: 'ок.',
    since: 'с',
  },
];

const LANGUAGE_ROWS = `(values ${LANGUAGES.map(
  (l, i) =>
    `(${i}, ${literal(l.lang)}, ${array(l.months)}, ${array(l.standalone ?? l.months)}, ${[
      l.afterDay,
      l.beforeYear,
      ...l.decade,
      ...l.century,
      l.circa,
      l.since,
    ]
      .map(literal)
      .join(', ')})`,
).join(',\n  ')}) as l(ord, lang, months, standalone, after_day, before_year, decade_prefix, decade_suffix,
  century_prefix, century_suffix, circa, since)`;

/** The precision of one side of an EDTF interval, read from its own text (as the service does). */
const sidePrecision = (side, fallback) => {
  const core = `regexp_replace(${side}, '[~?%]', '', 'g')`;
  return `case
    when ${core} ~ '^\\d{2}XX$' then 'century'
    when ${core} ~ '^\\d{3}X$' then 'decade'
    when ${core} ~ '^\\d{4}(-XX)?(-XX)?$' then 'year'
    when ${core} ~ '^\\d{4}-\\d{2}(-XX)?$' then 'month'
    when ${core} ~ '^\\d{4}-\\d{2}-\\d{2}$' then 'day'
    else ${fallback} end`;
};

/** One side of the date in the language `l`: `p` the side's precision, `day` its date, `latest` its last day. */
function point(p, day, latest) {
  const year = `extract(year from ${day})::int`;
  const century = `(extract(year from ${latest})::int / 100 + 1)`;
  return `case ${p}
      when 'day' then extract(day from ${day})::int || l.after_day || l.months[extract(month from ${day})::int]
                      || l.before_year || to_char(${day}, 'YYYY')
      when 'month' then l.standalone[extract(month from ${day})::int] || l.before_year || to_char(${day}, 'YYYY')
      when 'year' then to_char(${day}, 'YYYY')
      when 'decade' then l.decade_prefix || ${year} || l.decade_suffix
      else l.century_prefix || ${century}
        || case when l.lang <> 'en' then ''
                when ${century} % 100 between 11 and 13 then 'th' when ${century} % 10 = 1 then 'st'
                when ${century} % 10 = 2 then 'nd' when ${century} % 10 = 3 then 'rd' else 'th' end
        || l.century_suffix end`;
}

/**
 * `{"en": …, "de": …, "fr": …, "es": …, "it": …, "ru": …}` of the date whose columns `col(name)` names: a
 * subquery over the six languages, each side of the date written once per language.
 */
export function displayObject(col) {
  const endDay = `coalesce(nullif(${col('end_earliest')}, 'infinity'), nullif(${col('end_latest')}, 'infinity'))`;
  return `(select json_object_agg(x.lang,
      case when ${col('approximate')} then x.circa || ' ' else '' end
      || case
           when ${col('open_end')} then x.since || ' ' || x.s
           when ${col('unknown_end')} then x.s || ' – ?'
           -- A same-day (or same-month…) interval reads as that one date.
           when x.e is null or x.e = x.s then x.s
           else x.s || ' – ' || x.e end
      || case when ${col('uncertain')} then '?' else '' end
      order by x.ord)
    from (
      select l.ord, l.lang, l.circa, l.since,
        ${point('sides.sp', `${col('start_earliest')}`, `${col('start_latest')}`)} as s,
        case when sides.has_end and not ${col('open_end')} and not ${col('unknown_end')}
          then ${point('sides.ep', endDay, `nullif(${col('end_latest')}, 'infinity')`)} end as e
      from ${LANGUAGE_ROWS},
      (select ${sidePrecision(`split_part(${col('edtf')}, '/', 1)`, `${col('precision')}`)} as sp,
              ${sidePrecision(`nullif(split_part(${col('edtf')}, '/', 2), '')`, `${col('precision')}`)} as ep,
              strpos(${col('edtf')}, '/') > 0 as has_end) sides
    ) x)`;
}

const DATE_COLUMNS = [
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
];
const DATE_TYPES = [
  'text',
  'text',
  'date',
  'date',
  'date',
  'date',
  'boolean',
  'boolean',
  'boolean',
  'boolean',
];

/**
 * The display strings as a PL/pgSQL function in this peer's own schema, created when it starts. Its
 * statement is planned once per connection; inlined, the expression is planned with the page's statement,
 * which full-text pages (planned per request) paid on every request. Per event it runs about three times
 * slower than the inlined expression, so the statements planned once inline it.
 */
export const CREATE_DISPLAY_FUNCTION = [
  'create schema if not exists peer_handwritten',
  `create or replace function peer_handwritten.display(${DATE_COLUMNS.map((c, i) => `d_${c} ${DATE_TYPES[i]}`).join(', ')})
  returns json language plpgsql immutable parallel safe as $fn$
  begin
    return ${displayObject((c) => `d_${c}`)};
  end
  $fn$`,
];

/** The display strings of the event alias `e`. */
export const displayOf = (e) =>
  `peer_handwritten.display(${DATE_COLUMNS.map((c) => `${e}.${c}`).join(', ')})`;
