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
const array = (names) => `(array[${names.map(literal).join(',')}]::text[])`;

/**
 * Per language: how a day, a month, a decade and a century read; `y`, `m`, `d` are SQL text expressions
 * (year as 4 digits, month number, day number) and `c` the century number.
 */
const LANGUAGES = {
  en: {
    day: (d, m, y) => `${d} || ' ' || ${array(MONTHS.en)}[${m}] || ' ' || ${y}`,
    month: (m, y) => `${array(MONTHS.en)}[${m}] || ' ' || ${y}`,
    decade: (y) => `${y} || 's'`,
    // 1st, 2nd, 3rd, 4th… 11th, 12th, 13th, 21st
    century: (c) =>
      `${c}::text || case when ${c} % 100 between 11 and 13 then 'th' when ${c} % 10 = 1 then 'st' when ${c} % 10 = 2 then 'nd' when ${c} % 10 = 3 then 'rd' else 'th' end || ' century'`,
    circa: 'c.',
    since: 'since',
  },
  de: {
    day: (d, m, y) => `${d} || '. ' || ${array(MONTHS.de)}[${m}] || ' ' || ${y}`,
    month: (m, y) => `${array(MONTHS.de)}[${m}] || ' ' || ${y}`,
    decade: (y) => `${y} || 'er Jahre'`,
    century: (c) => `${c}::text || '. Jahrhundert'`,
    circa: 'ca.',
    since: 'seit',
  },
  fr: {
    day: (d, m, y) => `${d} || ' ' || ${array(MONTHS.fr)}[${m}] || ' ' || ${y}`,
    month: (m, y) => `${array(MONTHS.fr)}[${m}] || ' ' || ${y}`,
    decade: (y) => `'années ' || ${y}`,
    century: (c) => `${c}::text || 'e siècle'`,
    circa: 'vers',
    since: 'depuis',
  },
  es: {
    day: (d, m, y) => `${d} || ' de ' || ${array(MONTHS.es)}[${m}] || ' de ' || ${y}`,
    month: (m, y) => `${array(MONTHS.es)}[${m}] || ' de ' || ${y}`,
    decade: (y) => `'años ' || ${y}`,
    century: (c) => `'siglo ' || ${c}::text`,
    circa: 'c.',
    since: 'desde',
  },
  it: {
    day: (d, m, y) => `${d} || ' ' || ${array(MONTHS.it)}[${m}] || ' ' || ${y}`,
    month: (m, y) => `${array(MONTHS.it)}[${m}] || ' ' || ${y}`,
    decade: (y) => `'anni ' || ${y}`,
    century: (c) => `${c}::text || 'º secolo'`,
    circa: 'ca.',
    since: 'dal',
  },
  ru: {
    day: (d, m, y) => `${d} || ' ' || ${array(MONTHS.ru)}[${m}] || ' ' || ${y}`,
    month: (m, y) => `${array(RU_STANDALONE)}[${m}] || ' ' || ${y}`,
    decade: (y) => `${y} || '-е'`,
    century: (c) => `${c}::text || ' век'`,
    circa: 'ок.',
    since: 'с',
  },
};

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

/**
 * A lateral subquery over the event alias `e` giving `dd.*`: each side's precision and date parts, computed
 * once per event for all six languages.
 */
export function displayParts(e) {
  const endSide = `nullif(split_part(${e}.edtf, '/', 2), '')`;
  const endDay = `coalesce(nullif(${e}.end_earliest, 'infinity'), nullif(${e}.end_latest, 'infinity'))`;
  return `lateral (select
      ${sidePrecision(`split_part(${e}.edtf, '/', 1)`, `${e}.precision`)} as sp,
      ${sidePrecision(endSide, `${e}.precision`)} as ep,
      strpos(${e}.edtf, '/') > 0 as has_end,
      extract(day from ${e}.start_earliest)::int::text as sd,
      extract(month from ${e}.start_earliest)::int as sm,
      to_char(${e}.start_earliest, 'YYYY') as sy,
      extract(year from ${e}.start_earliest)::int::text as syear,
      extract(year from ${e}.start_latest)::int / 100 + 1 as sc,
      extract(day from ${endDay})::int::text as ed,
      extract(month from ${endDay})::int as em,
      to_char(${endDay}, 'YYYY') as ey,
      extract(year from ${endDay})::int::text as eyear,
      extract(year from nullif(${e}.end_latest, 'infinity'))::int / 100 + 1 as ec
    ) dd`;
}

function point(l, precision, d, m, y, year, c) {
  return `(case ${precision}
      when 'day' then ${l.day(d, m, y)}
      when 'month' then ${l.month(m, y)}
      when 'year' then ${y}
      when 'decade' then ${l.decade(year)}
      else ${l.century(c)} end)`;
}

function displayIn(e, l) {
  const start = point(l, 'dd.sp', 'dd.sd', 'dd.sm', 'dd.sy', 'dd.syear', 'dd.sc');
  const end = point(l, 'dd.ep', 'dd.ed', 'dd.em', 'dd.ey', 'dd.eyear', 'dd.ec');
  // A same-day (or same-month…) interval reads as that one date.
  const text = `case
      when ${e}.open_end then ${literal(l.since)} || ' ' || ${start}
      when ${e}.unknown_end then ${start} || ' – ?'
      when not dd.has_end or ${end} = ${start} then ${start}
      else ${start} || ' – ' || ${end} end`;
  return `(case when ${e}.approximate then ${literal(l.circa)} || ' ' else '' end) || (${text}) || (case when ${e}.uncertain then '?' else '' end)`;
}

/** `json_build_object('en', …, 'de', …)` of the event alias `e`, with `displayParts(e)` joined as `dd`. */
export function displayObject(e) {
  return `json_build_object(${Object.entries(LANGUAGES)
    .map(([lang, l]) => `'${lang}', ${displayIn(e, l)}`)
    .join(',\n')})`;
}
