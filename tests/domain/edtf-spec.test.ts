import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import edtf from 'edtf';
import { formatDay } from '../../src/domain/calendar.ts';
import { EdtfError, parseEdtf } from '../../src/domain/edtf.ts';

// Every example of the Library of Congress EDTF specification (https://www.loc.gov/standards/datetime/, 4
// February 2019), levels 0, 1 and 2, plus the full list of level 2 sub-year groupings (21–41) and the level 1
// interval examples with qualifiers from ISO 8601-2. Each is accepted with its bounds — the earliest start and
// the latest end, null for unbounded — or refused with a reason. Where the `edtf` package is right, its
// `min`/`max` must agree; where it is not, `edtfDiffers` says why and the test checks that it still differs.

type Bounds = [earliest: string | null, latest: string | null];
type Example =
  | { input: string; bounds: Bounds; edtfDiffers?: string; edtfUnchecked?: string }
  | { input: string; refused: RegExp };

const SEASONS_ARE_QUARTERS =
  'edtf maps every season to a calendar quarter (spring = January–March, winter = October–December); the service uses meteorological seasons (docs/decisions.md)';
const LOCAL_TIME =
  'edtf turns a date-time into an instant in UTC (23:20:30-04 is 03:20:30Z the next day); the service keeps the calendar day as written';

const LEVEL_0: Example[] = [
  // Date
  { input: '1985-04-12', bounds: ['1985-04-12', '1985-04-12'] },
  { input: '1985-04', bounds: ['1985-04-01', '1985-04-30'] },
  { input: '1985', bounds: ['1985-01-01', '1985-12-31'] },
  // Date and time
  {
    input: '1985-04-12T23:20:30',
    bounds: ['1985-04-12', '1985-04-12'],
    edtfUnchecked:
      "edtf reads a date-time without a zone in the machine's time zone: its day depends on where it runs",
  },
  { input: '1985-04-12T23:20:30Z', bounds: ['1985-04-12', '1985-04-12'] },
  { input: '1985-04-12T23:20:30-04', bounds: ['1985-04-12', '1985-04-12'], edtfDiffers: LOCAL_TIME },
  { input: '1985-04-12T23:20:30+04:30', bounds: ['1985-04-12', '1985-04-12'] },
  // Time interval
  { input: '1964/2008', bounds: ['1964-01-01', '2008-12-31'] },
  { input: '2004-06/2006-08', bounds: ['2004-06-01', '2006-08-31'] },
  { input: '2004-02-01/2005-02-08', bounds: ['2004-02-01', '2005-02-08'] },
  { input: '2004-02-01/2005-02', bounds: ['2004-02-01', '2005-02-28'] },
  { input: '2004-02-01/2005', bounds: ['2004-02-01', '2005-12-31'] },
  { input: '2005/2006-02', bounds: ['2005-01-01', '2006-02-28'] },
];

const OUTSIDE = /lies outside the calendar this service stores \(PostgreSQL dates\), from -4713-11-24/;

const LEVEL_1: Example[] = [
  // Letter-prefixed calendar year
  { input: 'Y170000002', refused: OUTSIDE },
  { input: 'Y-170000002', refused: OUTSIDE },
  // Seasons
  { input: '2001-21', bounds: ['2001-03-01', '2001-05-31'], edtfDiffers: SEASONS_ARE_QUARTERS },
  // Qualification of a date (complete)
  { input: '1984?', bounds: ['1984-01-01', '1984-12-31'] },
  { input: '2004-06~', bounds: ['2004-06-01', '2004-06-30'] },
  { input: '2004-06-11%', bounds: ['2004-06-11', '2004-06-11'] },
  // Unspecified digit(s) from the right
  { input: '201X', bounds: ['2010-01-01', '2019-12-31'] },
  { input: '20XX', bounds: ['2000-01-01', '2099-12-31'] },
  { input: '2004-XX', bounds: ['2004-01-01', '2004-12-31'] },
  { input: '1985-04-XX', bounds: ['1985-04-01', '1985-04-30'] },
  { input: '1985-XX-XX', bounds: ['1985-01-01', '1985-12-31'] },
  // Extended interval: open end and start
  { input: '1985-04-12/..', bounds: ['1985-04-12', null] },
  { input: '1985-04/..', bounds: ['1985-04-01', null] },
  { input: '1985/..', bounds: ['1985-01-01', null] },
  { input: '../1985-04-12', bounds: [null, '1985-04-12'] },
  { input: '../1985-04', bounds: [null, '1985-04-30'] },
  { input: '../1985', bounds: [null, '1985-12-31'] },
  // Extended interval: unknown end and start (edtf leaves them without a bound, as the service does)
  { input: '1985-04-12/', bounds: ['1985-04-12', null] },
  { input: '1985-04/', bounds: ['1985-04-01', null] },
  { input: '1985/', bounds: ['1985-01-01', null] },
  { input: '/1985-04-12', bounds: [null, '1985-04-12'] },
  { input: '/1985-04', bounds: [null, '1985-04-30'] },
  { input: '/1985', bounds: [null, '1985-12-31'] },
  // Negative calendar year
  { input: '-1985', bounds: ['-1985-01-01', '-1985-12-31'] },
];

// ISO 8601-2's level 1 examples of intervals with qualified ends (not repeated on the LoC page).
const LEVEL_1_QUALIFIED_INTERVALS: Example[] = [
  { input: '1984~/2004-06', bounds: ['1984-01-01', '2004-06-30'] },
  { input: '1984/2004-06~', bounds: ['1984-01-01', '2004-06-30'] },
  { input: '1984~/2004~', bounds: ['1984-01-01', '2004-12-31'] },
  { input: '1984?/2004%', bounds: ['1984-01-01', '2004-12-31'] },
  { input: '1984-06?/2004-08?', bounds: ['1984-06-01', '2004-08-31'] },
  { input: '1984-06-02?/2004-08-08~', bounds: ['1984-06-02', '2004-08-08'] },
  { input: '1984-06-02?/', bounds: ['1984-06-02', null] },
];

const LEVEL_2: Example[] = [
  // Exponential year
  { input: 'Y-17E7', refused: /^exponential years \(E\) are not supported: write the year in full after Y/ },
  // Significant digits
  { input: '1950S2', refused: /^significant digits \(S2\) are not supported: .*here 19XX$/ },
  { input: 'Y171010000S3', refused: /^significant digits \(S3\) are not supported/ },
  { input: 'Y3388E2S3', refused: /^significant digits \(S3\) are not supported/ },
  // Sub-year groupings
  { input: '2001-34', bounds: ['2001-04-01', '2001-06-30'] },
  // Set representation: one of a set
  {
    input: '[1667,1668,1670..1672]',
    bounds: ['1667-01-01', '1672-12-31'],
    edtfDiffers: 'edtf ends the set at the first year of its last range (1670) instead of its last (1672)',
  },
  { input: '[..1760-12-03]', bounds: [null, '1760-12-03'] },
  { input: '[1760-12..]', bounds: ['1760-12-01', null] },
  { input: '[1760-01,1760-02,1760-12..]', bounds: ['1760-01-01', null] },
  { input: '[1667,1760-12]', bounds: ['1667-01-01', '1760-12-31'] },
  { input: '[..1984]', bounds: [null, '1984-12-31'] },
  // Set representation: all of a set
  { input: '{1667,1668,1670..1672}', refused: /^all-of sets \(\{…\}\) name several dates that all apply/ },
  { input: '{1960,1961-12}', refused: /^all-of sets/ },
  { input: '{..1984}', refused: /^all-of sets/ },
  // Qualification: group qualification
  { input: '2004-06-11%', bounds: ['2004-06-11', '2004-06-11'] },
  { input: '2004-06~-11', bounds: ['2004-06-11', '2004-06-11'] },
  { input: '2004?-06-11', bounds: ['2004-06-11', '2004-06-11'] },
  // Qualification of individual components
  { input: '?2004-06-~11', bounds: ['2004-06-11', '2004-06-11'] },
  { input: '2004-%06-11', bounds: ['2004-06-11', '2004-06-11'] },
  // Unspecified digit
  { input: '156X-12-25', bounds: ['1560-12-25', '1569-12-25'] },
  { input: '15XX-12-25', bounds: ['1500-12-25', '1599-12-25'] },
  { input: 'XXXX-12-XX', bounds: ['0000-12-01', '9999-12-31'] },
  { input: '1XXX-XX', bounds: ['1000-01-01', '1999-12-31'] },
  { input: '1XXX-12', bounds: ['1000-12-01', '1999-12-31'] },
  { input: '1984-1X', bounds: ['1984-10-01', '1984-12-31'] },
  // Interval
  { input: '2004-06-~01/2004-06-~20', bounds: ['2004-06-01', '2004-06-20'] },
  { input: '2004-06-XX/2004-07-03', bounds: ['2004-06-01', '2004-07-03'] },
];

// The level 2 list of sub-year groupings, each for 2001.
const QUADRIMESTERS =
  'edtf gives the first two quadrimesters five months each (January–May, May–September); a quadrimester is four months';
const SUB_YEAR_GROUPINGS: Example[] = [
  { input: '2001-22', bounds: ['2001-06-01', '2001-08-31'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-23', bounds: ['2001-09-01', '2001-11-30'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-24', bounds: ['2001-12-01', '2002-02-28'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-25', bounds: ['2001-03-01', '2001-05-31'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-26', bounds: ['2001-06-01', '2001-08-31'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-27', bounds: ['2001-09-01', '2001-11-30'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-28', bounds: ['2001-12-01', '2002-02-28'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-29', bounds: ['2001-09-01', '2001-11-30'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-30', bounds: ['2001-12-01', '2002-02-28'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-31', bounds: ['2001-03-01', '2001-05-31'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-32', bounds: ['2001-06-01', '2001-08-31'], edtfDiffers: SEASONS_ARE_QUARTERS },
  { input: '2001-33', bounds: ['2001-01-01', '2001-03-31'] },
  { input: '2001-35', bounds: ['2001-07-01', '2001-09-30'] },
  { input: '2001-36', bounds: ['2001-10-01', '2001-12-31'] },
  { input: '2001-37', bounds: ['2001-01-01', '2001-04-30'], edtfDiffers: QUADRIMESTERS },
  { input: '2001-38', bounds: ['2001-05-01', '2001-08-31'], edtfDiffers: QUADRIMESTERS },
  { input: '2001-39', bounds: ['2001-09-01', '2001-12-31'] },
  { input: '2001-40', bounds: ['2001-01-01', '2001-06-30'] },
  { input: '2001-41', bounds: ['2001-07-01', '2001-12-31'] },
];

/** The edtf package's min and max as calendar days (UTC), null for unbounded or unknown. */
function edtfBounds(input: string): Bounds {
  const value = edtf(input) as unknown as { min: number | null; max: number | null };
  const day = (ms: number | null): string | null => {
    if (ms === null || !Number.isFinite(ms)) return null;
    const d = new Date(ms);
    return formatDay({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  };
  return [day(value.min), day(value.max)];
}

function check(example: Example): void {
  if ('refused' in example) {
    assert.throws(
      () => parseEdtf(example.input),
      (error: unknown) => error instanceof EdtfError && example.refused.test(error.reason),
    );
    return;
  }
  const b = parseEdtf(example.input);
  assert.deepEqual([b.startEarliest, b.endLatest], example.bounds);
  if (example.edtfUnchecked) return;
  if (example.edtfDiffers)
    assert.notDeepEqual(edtfBounds(example.input), example.bounds, example.edtfDiffers);
  else assert.deepEqual(edtfBounds(example.input), example.bounds, 'the edtf package agrees');
}

const sections: [string, Example[]][] = [
  ['level 0', LEVEL_0],
  ['level 1', LEVEL_1],
  ['level 1, qualified interval ends (ISO 8601-2)', LEVEL_1_QUALIFIED_INTERVALS],
  ['level 2', LEVEL_2],
  ['level 2, every sub-year grouping', SUB_YEAR_GROUPINGS],
];

for (const [name, examples] of sections) {
  describe(`EDTF specification examples, ${name}`, () => {
    for (const example of examples) {
      const what =
        'refused' in example
          ? 'is refused, saying what to write instead'
          : `runs ${example.bounds[0] ?? '−∞'} … ${example.bounds[1] ?? '+∞'}${example.edtfDiffers ? ` (edtf differs: ${example.edtfDiffers})` : ''}`;
      test(`${example.input} ${what}`, () => check(example));
    }
  });
}

describe('EDTF specification corpus', () => {
  test('holds 13 level 0, 24 level 1 and 27 level 2 examples of the specification', () => {
    assert.equal(LEVEL_0.length, 13);
    assert.equal(LEVEL_1.length, 24);
    assert.equal(LEVEL_2.length, 27);
  });
});
