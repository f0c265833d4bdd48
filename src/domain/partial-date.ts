import {
  daysInMonth,
  earlierDay,
  FIRST_STORABLE_DAY,
  formatDay,
  isStorableDay,
  LAST_STORABLE_DAY,
  laterDay,
  STORABLE_RANGE_TEXT,
} from './calendar.ts';

/** A query bound such as `2014`, `2014-06` or `2014-06-02`, as the first and last day it covers. */
export interface PartialDate {
  first: string;
  last: string;
}

// Years as EDTF writes them: four digits, a minus sign before the common era (-0043 is 44 BC, 0000 is 1 BC),
// Y and five to seven digits after 9999 (Y12345).
export const PARTIAL_DATE_PATTERN =
  '^(-?[0-9]{4}|Y[1-9][0-9]{4,6})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$';
const PARTIAL_DATE = new RegExp(PARTIAL_DATE_PATTERN);

export class PartialDateError extends Error {
  override name = 'PartialDateError';
}

export function parsePartialDate(value: string): PartialDate {
  if (!PARTIAL_DATE.test(value)) {
    throw new PartialDateError(
      `"${value}" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (-0043 for 44 BC, Y12345 after 9999)`,
    );
  }
  const negative = value.startsWith('-');
  const [y, m, d] = value.replace(/^[-Y]/, '').split('-').map(Number) as [
    number,
    number | undefined,
    number | undefined,
  ];
  const year = negative ? -y : y;
  if (negative && year === 0) throw new PartialDateError(`"${value}": write the year 0 (1 BC) as 0000`);
  let first = formatDay({ year, month: m ?? 1, day: d ?? 1 });
  let last = formatDay({ year, month: m ?? 12, day: d ?? daysInMonth(year, m ?? 12) });
  if (m !== undefined && d !== undefined && d > daysInMonth(year, m)) {
    throw new PartialDateError(`"${value}": ${value.slice(0, -3)} has only ${daysInMonth(year, m)} days`);
  }
  if (!isStorableDay(first) && !isStorableDay(last)) {
    throw new PartialDateError(
      `"${value}" is outside the calendar this service stores, ${STORABLE_RANGE_TEXT}`,
    );
  }
  // The first and last years PostgreSQL holds only in part (4714 BC) are cut to what it holds.
  first = laterDay(first, FIRST_STORABLE_DAY);
  last = earlierDay(last, LAST_STORABLE_DAY);
  return { first, last };
}
