/** A query bound such as `2014`, `2014-06` or `2014-06-02`, as the first and last day it covers. */
export interface PartialDate {
  first: string;
  last: string;
}

export const PARTIAL_DATE_PATTERN = '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$';
const PARTIAL_DATE = new RegExp(PARTIAL_DATE_PATTERN);

export class PartialDateError extends Error {
  override name = 'PartialDateError';
}

export function parsePartialDate(value: string): PartialDate {
  if (!PARTIAL_DATE.test(value)) {
    throw new PartialDateError(`"${value}" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD`);
  }
  const [y, m, d] = value.split('-').map(Number) as [number, number | undefined, number | undefined];
  if (y < 1) throw new PartialDateError(`"${value}": years start at 0001`);
  if (m === undefined) return { first: `${value}-01-01`, last: `${value}-12-31` };
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d === undefined) return { first: `${value}-01`, last: `${value}-${String(days).padStart(2, '0')}` };
  if (d > days) throw new PartialDateError(`"${value}": ${value.slice(0, 7)} has only ${days} days`);
  return { first: value, last: value };
}
