import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Precision } from '../../src/db/schema.ts';
import { type DateBounds, EdtfError, parseEdtf } from '../../src/domain/edtf.ts';

type Flag = 'approximate' | 'uncertain' | 'openStart' | 'unknownStart' | 'openEnd' | 'unknownEnd' | 'oneOf';

/**
 * The whole expected DateBounds, written compactly: [earliest, latest] per side, null = unbounded. Qualifier
 * flags apply to both sides (a single date) unless `sides` gives each side's own: '~', '?', '%' or ''.
 */
function bounds(
  edtf: string,
  precision: Precision,
  start: [string | null, string | null],
  end: [string | null, string | null],
  flags: Flag[] = [],
  sides?: [string, string],
): DateBounds {
  const side = (mark: string | undefined) =>
    mark === undefined
      ? { approximate: flags.includes('approximate'), uncertain: flags.includes('uncertain') }
      : { approximate: /[~%]/.test(mark), uncertain: /[?%]/.test(mark) };
  const [startSide, endSide] = [side(sides?.[0]), side(sides?.[1])];
  return {
    edtf,
    precision,
    startEarliest: start[0],
    startLatest: start[1],
    endEarliest: end[0],
    endLatest: end[1],
    start: startSide,
    end: endSide,
    approximate: startSide.approximate || endSide.approximate,
    uncertain: startSide.uncertain || endSide.uncertain,
    openStart: flags.includes('openStart'),
    unknownStart: flags.includes('unknownStart'),
    openEnd: flags.includes('openEnd'),
    unknownEnd: flags.includes('unknownEnd'),
    oneOf: flags.includes('oneOf'),
  };
}

function rejection(input: string): EdtfError {
  try {
    parseEdtf(input);
  } catch (error) {
    assert.ok(error instanceof EdtfError, `"${input}" threw ${String(error)} instead of an EdtfError`);
    return error;
  }
  assert.fail(`"${input}" was accepted`);
}

describe('parseEdtf: level 0 dates', () => {
  test('a year covers 1 January to 31 December at year precision', () => {
    assert.deepEqual(
      parseEdtf('2002'),
      bounds('2002', 'year', ['2002-01-01', '2002-12-31'], ['2002-01-01', '2002-12-31']),
    );
  });

  test('a month covers its first to its last day at month precision', () => {
    assert.deepEqual(
      parseEdtf('2019-07'),
      bounds('2019-07', 'month', ['2019-07-01', '2019-07-31'], ['2019-07-01', '2019-07-31']),
    );
  });

  test('a day is one instant: start and end bounds are all that day', () => {
    assert.deepEqual(
      parseEdtf('2019-07-05'),
      bounds('2019-07-05', 'day', ['2019-07-05', '2019-07-05'], ['2019-07-05', '2019-07-05']),
    );
  });

  test('30-day months end on the 30th', () => {
    assert.equal(parseEdtf('2019-04').endLatest, '2019-04-30');
    assert.equal(parseEdtf('2019-11').endLatest, '2019-11-30');
  });

  test('the EDTF string is kept verbatim', () => {
    assert.equal(parseEdtf('2014-06~/2016-04?').edtf, '2014-06~/2016-04?');
  });

  test('years below 1000 keep four digits in their bounds', () => {
    assert.deepEqual(
      parseEdtf('0099'),
      bounds('0099', 'year', ['0099-01-01', '0099-12-31'], ['0099-01-01', '0099-12-31']),
    );
    assert.deepEqual(parseEdtf('0001-01-01').startEarliest, '0001-01-01');
  });

  test('the year 9999 is the last one accepted', () => {
    assert.equal(parseEdtf('9999-12').endLatest, '9999-12-31');
  });
});

describe('parseEdtf: leap years', () => {
  test('29 February exists in 2020 (divisible by 4)', () => {
    assert.deepEqual(
      parseEdtf('2020-02-29'),
      bounds('2020-02-29', 'day', ['2020-02-29', '2020-02-29'], ['2020-02-29', '2020-02-29']),
    );
  });

  test('29 February exists in 2000 (divisible by 400)', () => {
    assert.equal(parseEdtf('2000-02-29').startEarliest, '2000-02-29');
  });

  test('29 February 2019 is rejected, naming the length of the month', () => {
    assert.equal(rejection('2019-02-29').reason, '2019-02 has only 28 days');
  });

  test('29 February 1900 is rejected (divisible by 100, not by 400)', () => {
    assert.equal(rejection('1900-02-29').reason, '1900-02 has only 28 days');
  });

  test('February 2024 ends on the 29th, February 2023 on the 28th', () => {
    assert.deepEqual(
      parseEdtf('2024-02'),
      bounds('2024-02', 'month', ['2024-02-01', '2024-02-29'], ['2024-02-01', '2024-02-29']),
    );
    assert.deepEqual(
      parseEdtf('2023-02'),
      bounds('2023-02', 'month', ['2023-02-01', '2023-02-28'], ['2023-02-01', '2023-02-28']),
    );
  });

  test('a non-existent day inside an interval is rejected too', () => {
    assert.equal(rejection('2019-01-01/2019-02-30').reason, '2019-02 has only 28 days');
  });

  test('an unspecified day in February of a leap year ends on the 29th', () => {
    assert.equal(parseEdtf('2024-02-XX').endLatest, '2024-02-29');
  });
});

describe('parseEdtf: intervals', () => {
  test('a month interval starts within its first month and ends within its last', () => {
    assert.deepEqual(
      parseEdtf('2014-06/2016-04'),
      bounds('2014-06/2016-04', 'month', ['2014-06-01', '2014-06-30'], ['2016-04-01', '2016-04-30']),
    );
  });

  test('a day interval has exact start and end', () => {
    assert.deepEqual(
      parseEdtf('2019-07-05/2022-01-12'),
      bounds('2019-07-05/2022-01-12', 'day', ['2019-07-05', '2019-07-05'], ['2022-01-12', '2022-01-12']),
    );
  });

  test('an open end (..) is still going on: both end bounds are +∞ (null)', () => {
    assert.deepEqual(
      parseEdtf('2019-07-05/..'),
      bounds('2019-07-05/..', 'day', ['2019-07-05', '2019-07-05'], [null, null], ['openEnd']),
    );
  });

  test('an unknown end ended no earlier than the latest start, at an unknown latest date', () => {
    assert.deepEqual(
      parseEdtf('2019-07-05/'),
      bounds('2019-07-05/', 'day', ['2019-07-05', '2019-07-05'], ['2019-07-05', null], ['unknownEnd']),
    );
  });

  test('an unknown end after a month start is earliest at the end of that month', () => {
    assert.deepEqual(
      parseEdtf('2019-07/'),
      bounds('2019-07/', 'month', ['2019-07-01', '2019-07-31'], ['2019-07-31', null], ['unknownEnd']),
    );
  });

  test('an open end after a year start', () => {
    assert.deepEqual(
      parseEdtf('2019/..'),
      bounds('2019/..', 'year', ['2019-01-01', '2019-12-31'], [null, null], ['openEnd']),
    );
  });

  test('mixed precision takes the coarser one and clamps the start to the end', () => {
    // Starts some time in 2019 but no later than the end of June 2019, when it ended.
    assert.deepEqual(
      parseEdtf('2019/2019-06'),
      bounds('2019/2019-06', 'year', ['2019-01-01', '2019-06-30'], ['2019-06-01', '2019-06-30']),
    );
  });

  test('mixed precision clamps the end to the start when the end is coarser', () => {
    assert.deepEqual(
      parseEdtf('2019-06/2019'),
      bounds('2019-06/2019', 'year', ['2019-06-01', '2019-06-30'], ['2019-06-01', '2019-12-31']),
    );
  });

  test('a day start and a month end', () => {
    assert.deepEqual(
      parseEdtf('2014-06-15/2016-04'),
      bounds('2014-06-15/2016-04', 'month', ['2014-06-15', '2014-06-15'], ['2016-04-01', '2016-04-30']),
    );
  });

  test('each side keeps the qualifier written on it; the event-wide flags summarise both', () => {
    assert.deepEqual(
      parseEdtf('2014-06~/2016-04?'),
      bounds(
        '2014-06~/2016-04?',
        'month',
        ['2014-06-01', '2014-06-30'],
        ['2016-04-01', '2016-04-30'],
        [],
        ['~', '?'],
      ),
    );
    assert.deepEqual(
      parseEdtf('2019-07-05?/2019-07-10~'),
      bounds(
        '2019-07-05?/2019-07-10~',
        'day',
        ['2019-07-05', '2019-07-05'],
        ['2019-07-10', '2019-07-10'],
        [],
        ['?', '~'],
      ),
    );
  });

  test('a qualified start with an open end keeps the qualifier on the start only', () => {
    assert.deepEqual(
      parseEdtf('2019-07-05~/..'),
      bounds('2019-07-05~/..', 'day', ['2019-07-05', '2019-07-05'], [null, null], ['openEnd'], ['~', '']),
    );
  });

  test('an interval that ends on the day it starts is that day', () => {
    assert.deepEqual(
      parseEdtf('2019-07-05/2019-07-05'),
      bounds('2019-07-05/2019-07-05', 'day', ['2019-07-05', '2019-07-05'], ['2019-07-05', '2019-07-05']),
    );
  });
});

describe('parseEdtf: qualifiers', () => {
  test('~ marks an approximate date with unchanged bounds', () => {
    assert.deepEqual(
      parseEdtf('2021-06-07~'),
      bounds(
        '2021-06-07~',
        'day',
        ['2021-06-07', '2021-06-07'],
        ['2021-06-07', '2021-06-07'],
        ['approximate'],
      ),
    );
  });

  test('? marks an uncertain date', () => {
    assert.deepEqual(
      parseEdtf('2002?'),
      bounds('2002?', 'year', ['2002-01-01', '2002-12-31'], ['2002-01-01', '2002-12-31'], ['uncertain']),
    );
  });

  test('% marks a date both approximate and uncertain', () => {
    assert.deepEqual(
      parseEdtf('2002%'),
      bounds(
        '2002%',
        'year',
        ['2002-01-01', '2002-12-31'],
        ['2002-01-01', '2002-12-31'],
        ['approximate', 'uncertain'],
      ),
    );
  });

  test('a qualified month', () => {
    assert.deepEqual(
      parseEdtf('2019-07?'),
      bounds('2019-07?', 'month', ['2019-07-01', '2019-07-31'], ['2019-07-01', '2019-07-31'], ['uncertain']),
    );
  });
});

describe('parseEdtf: unspecified digits', () => {
  test('201X is the decade 2010-01-01 … 2019-12-31', () => {
    assert.deepEqual(
      parseEdtf('201X'),
      bounds('201X', 'decade', ['2010-01-01', '2019-12-31'], ['2010-01-01', '2019-12-31']),
    );
  });

  test('19XX is the century 1900-01-01 … 1999-12-31', () => {
    assert.deepEqual(
      parseEdtf('19XX'),
      bounds('19XX', 'century', ['1900-01-01', '1999-12-31'], ['1900-01-01', '1999-12-31']),
    );
  });

  test('2019-XX is the whole year at year precision', () => {
    assert.deepEqual(
      parseEdtf('2019-XX'),
      bounds('2019-XX', 'year', ['2019-01-01', '2019-12-31'], ['2019-01-01', '2019-12-31']),
    );
  });

  test('2019-07-XX is the whole month at month precision', () => {
    assert.deepEqual(
      parseEdtf('2019-07-XX'),
      bounds('2019-07-XX', 'month', ['2019-07-01', '2019-07-31'], ['2019-07-01', '2019-07-31']),
    );
  });

  test('2019-XX-XX is the whole year', () => {
    assert.deepEqual(
      parseEdtf('2019-XX-XX'),
      bounds('2019-XX-XX', 'year', ['2019-01-01', '2019-12-31'], ['2019-01-01', '2019-12-31']),
    );
  });
});

describe('parseEdtf: rejected input', () => {
  const GENERIC =
    'it is not EDTF; write e.g. 2019, 2019-07, 2019-07-05, 2019-07~, 2014-06/2016-04, 2019-07-05/.. or 2019-21';
  const RANGE = 'from -4713-11-24 (24 November 4714 BC) to 5874897-12-31';
  const cases: [input: string, reason: string][] = [
    ['', 'it is empty'],
    [' ', 'it contains white space'],
    ['2019-07-05 ', 'it contains white space'],
    ['2019 07', 'it contains white space'],
    ['2019-13', GENERIC],
    ['2019-00', GENERIC],
    ['2019-07-32', '2019-07 has only 31 days'],
    ['2019-07-00', GENERIC],
    ['2019-04-31', '2019-04 has only 30 days'],
    ['2019-7', GENERIC],
    ['2019-07-5', GENERIC],
    ['19-07-05', GENERIC],
    ['abc', GENERIC],
    ['2019-07-05//', GENERIC],
    ['20190705', GENERIC],
    ['12345', GENERIC],
    ['02019', GENERIC],
    ['+2019', GENERIC],
    ['-0000', GENERIC],
    ['2019-42', GENERIC],
    ['2016-04/2014-06', 'the interval ends before it starts'],
    ['2019-07-05/2019-07-04', 'the interval ends before it starts'],
    ['../..', 'an interval needs at least one date: write e.g. 2019/.. or ../2019'],
    ['/..', 'an interval needs at least one date: write e.g. 2019/.. or ../2019'],
    [
      '{2019,2020}',
      'all-of sets ({…}) name several dates that all apply: store one event per date, or an interval such as 1670/1672 for a run of years',
    ],
    [
      'Y170000002',
      `the year 170000002 lies outside the calendar this service stores (PostgreSQL dates), ${RANGE}`,
    ],
    ['Y-10000', `the year -10000 lies outside the calendar this service stores (PostgreSQL dates), ${RANGE}`],
    ['-4713', `-4713 lies outside the calendar this service stores (PostgreSQL dates), ${RANGE}`],
    ['-9999-XX', `-9999-XX lies outside the calendar this service stores (PostgreSQL dates), ${RANGE}`],
    [
      '1950S2',
      'significant digits (S2) are not supported: write the years they allow with unspecified digits or as an interval, here 19XX',
    ],
    [
      'Y17E3',
      `exponential years (E) are not supported: write the year in full after Y, here Y17000; dates must lie ${RANGE}`,
    ],
    ['19', 'two-digit centuries are not supported: write the century as 19XX'],
    ['201', 'three-digit decades are not supported: write the decade as 201X'],
  ];

  for (const [input, reason] of cases) {
    test(`"${input}" is rejected: ${reason}`, () => {
      const error = rejection(input);
      assert.equal(error.reason, reason);
      assert.equal(error.input, input);
      assert.equal(error.message, `"${input}" is not a supported EDTF date: ${reason}`);
    });
  }

  test('a 100-character string is rejected for its length, quoting only its beginning', () => {
    const input = `2019-07-05/${'9'.repeat(89)}`;
    assert.equal(input.length, 100);
    const error = rejection(input);
    assert.equal(error.reason, 'it is longer than 64 characters');
    assert.equal(error.input, input.slice(0, 20));
  });

  test('64 characters is not too long in itself: the content decides', () => {
    const error = rejection('x'.repeat(64));
    assert.equal(error.reason, GENERIC);
  });
});

describe('parseEdtf: open and unknown starts', () => {
  test('an open start (../) is unbounded towards the past and started no later than the earliest end', () => {
    assert.deepEqual(
      parseEdtf('../2019'),
      bounds('../2019', 'year', [null, '2019-01-01'], ['2019-01-01', '2019-12-31'], ['openStart']),
    );
  });

  test('an unknown start (/) has the same bounds and its own flag', () => {
    assert.deepEqual(
      parseEdtf('/2019-07-05'),
      bounds('/2019-07-05', 'day', [null, '2019-07-05'], ['2019-07-05', '2019-07-05'], ['unknownStart']),
    );
  });

  test('a qualifier on the end of an open-start interval stays on the end', () => {
    assert.deepEqual(
      parseEdtf('../1985-04-12?'),
      bounds(
        '../1985-04-12?',
        'day',
        [null, '1985-04-12'],
        ['1985-04-12', '1985-04-12'],
        ['openStart'],
        ['', '?'],
      ),
    );
  });
});

describe('parseEdtf: years before the common era (astronomical numbering, as EDTF)', () => {
  test('-0044-03-15 is 15 March 45 BC: year 0000 is 1 BC, -0001 is 2 BC', () => {
    assert.deepEqual(
      parseEdtf('-0044-03-15'),
      bounds('-0044-03-15', 'day', ['-0044-03-15', '-0044-03-15'], ['-0044-03-15', '-0044-03-15']),
    );
  });

  test('the year zero exists and is a leap year', () => {
    assert.deepEqual(
      parseEdtf('0000-02'),
      bounds('0000-02', 'month', ['0000-02-01', '0000-02-29'], ['0000-02-01', '0000-02-29']),
    );
  });

  test('an interval across the start of the era', () => {
    assert.deepEqual(
      parseEdtf('-0001/0001'),
      bounds('-0001/0001', 'year', ['-0001-01-01', '-0001-12-31'], ['0001-01-01', '0001-12-31']),
    );
  });

  test('an interval ending before it starts is refused with negative years too', () => {
    assert.equal(rejection('-0043/-0044').reason, 'the interval ends before it starts');
  });

  test('-4712 is the first whole year PostgreSQL stores', () => {
    assert.deepEqual(parseEdtf('-4712').startEarliest, '-4712-01-01');
  });
});

describe('parseEdtf: Y-prefixed years', () => {
  test('Y12345 is a year of five digits', () => {
    assert.deepEqual(
      parseEdtf('Y12345'),
      bounds('Y12345', 'year', ['12345-01-01', '12345-12-31'], ['12345-01-01', '12345-12-31']),
    );
  });

  test('Y5874897 is the last year PostgreSQL stores', () => {
    assert.equal(parseEdtf('Y5874897').endLatest, '5874897-12-31');
  });
});

describe('parseEdtf: date-times', () => {
  test('a date-time is bounded by its calendar day as written, at precision time', () => {
    for (const edtf of ['1985-04-12T23:20:30', '1985-04-12T23:20:30Z', '1985-04-12T23:20:30-04']) {
      assert.deepEqual(
        parseEdtf(edtf),
        bounds(edtf, 'time', ['1985-04-12', '1985-04-12'], ['1985-04-12', '1985-04-12']),
      );
    }
  });

  test('an interval from a date-time to a day takes the coarser precision', () => {
    assert.equal(parseEdtf('2019-07-05T10:00:00Z/2019-07-06').precision, 'day');
  });
});

describe('parseEdtf: seasons and other divisions of the year', () => {
  const season = (edtf: string, from: string, to: string) =>
    assert.deepEqual(parseEdtf(edtf), bounds(edtf, 'season', [from, to], [from, to]));

  test('21–24 are meteorological seasons of the northern hemisphere', () => {
    season('2001-21', '2001-03-01', '2001-05-31');
    season('2001-22', '2001-06-01', '2001-08-31');
    season('2001-23', '2001-09-01', '2001-11-30');
  });

  test('a winter runs from December into February of the next year (leap years included)', () => {
    season('2001-24', '2001-12-01', '2002-02-28');
    season('2003-24', '2003-12-01', '2004-02-29');
  });

  test('25–28 (northern) and 29–32 (southern hemisphere)', () => {
    season('2001-25', '2001-03-01', '2001-05-31');
    season('2001-28', '2001-12-01', '2002-02-28');
    season('2001-29', '2001-09-01', '2001-11-30');
    season('2001-30', '2001-12-01', '2002-02-28');
    season('2001-31', '2001-03-01', '2001-05-31');
    season('2001-32', '2001-06-01', '2001-08-31');
  });

  test('quarters 33–36, quadrimesters 37–39, semesters 40–41', () => {
    season('2001-33', '2001-01-01', '2001-03-31');
    season('2001-34', '2001-04-01', '2001-06-30');
    season('2001-35', '2001-07-01', '2001-09-30');
    season('2001-36', '2001-10-01', '2001-12-31');
    season('2001-37', '2001-01-01', '2001-04-30');
    season('2001-38', '2001-05-01', '2001-08-31');
    season('2001-39', '2001-09-01', '2001-12-31');
    season('2001-40', '2001-01-01', '2001-06-30');
    season('2001-41', '2001-07-01', '2001-12-31');
  });

  test('an interval of seasons and a qualified season', () => {
    assert.deepEqual(
      parseEdtf('2019-21/2019-23'),
      bounds('2019-21/2019-23', 'season', ['2019-03-01', '2019-05-31'], ['2019-09-01', '2019-11-30']),
    );
    assert.deepEqual(
      parseEdtf('2019-21~'),
      bounds(
        '2019-21~',
        'season',
        ['2019-03-01', '2019-05-31'],
        ['2019-03-01', '2019-05-31'],
        ['approximate'],
      ),
    );
  });
});

describe('parseEdtf: level 2 forms with defined bounds', () => {
  test('unspecified digits anywhere: the first and last calendar day that fit', () => {
    assert.deepEqual(
      parseEdtf('156X-12-25'),
      bounds('156X-12-25', 'decade', ['1560-12-25', '1569-12-25'], ['1560-12-25', '1569-12-25']),
    );
    assert.deepEqual(
      parseEdtf('1XXX-12'),
      bounds('1XXX-12', 'millennium', ['1000-12-01', '1999-12-31'], ['1000-12-01', '1999-12-31']),
    );
    assert.deepEqual(
      parseEdtf('1984-1X'),
      bounds('1984-1X', 'year', ['1984-10-01', '1984-12-31'], ['1984-10-01', '1984-12-31']),
    );
    assert.deepEqual(
      parseEdtf('201X-XX'),
      bounds('201X-XX', 'decade', ['2010-01-01', '2019-12-31'], ['2010-01-01', '2019-12-31']),
    );
  });

  test('an unspecified year with 29 February fits leap years only', () => {
    assert.deepEqual(
      parseEdtf('190X-02-29'),
      bounds('190X-02-29', 'decade', ['1904-02-29', '1908-02-29'], ['1904-02-29', '1908-02-29']),
    );
  });

  test('qualifiers on single components qualify their side', () => {
    assert.deepEqual(
      parseEdtf('2004-06~-11'),
      bounds(
        '2004-06~-11',
        'day',
        ['2004-06-11', '2004-06-11'],
        ['2004-06-11', '2004-06-11'],
        ['approximate'],
      ),
    );
    assert.deepEqual(
      parseEdtf('?2004-06-11'),
      bounds('?2004-06-11', 'day', ['2004-06-11', '2004-06-11'], ['2004-06-11', '2004-06-11'], ['uncertain']),
    );
  });

  test('a one-of set runs from its first to its last member', () => {
    assert.deepEqual(
      parseEdtf('[2019, 2020]'),
      bounds('[2019, 2020]', 'year', ['2019-01-01', '2020-12-31'], ['2019-01-01', '2020-12-31'], ['oneOf']),
    );
    assert.deepEqual(
      parseEdtf('[1667,1668,1670..1672]'),
      bounds(
        '[1667,1668,1670..1672]',
        'year',
        ['1667-01-01', '1672-12-31'],
        ['1667-01-01', '1672-12-31'],
        ['oneOf'],
      ),
    );
  });

  test('a one-of set open at its start has no earliest bound; open at its end, no latest', () => {
    assert.deepEqual(
      parseEdtf('[..1760-12-03]'),
      bounds('[..1760-12-03]', 'day', [null, '1760-12-03'], [null, '1760-12-03'], ['oneOf']),
    );
    assert.deepEqual(
      parseEdtf('[1760-12..]'),
      bounds('[1760-12..]', 'month', ['1760-12-01', null], ['1760-12-01', null], ['oneOf']),
    );
  });

  test('a qualified set member qualifies the set', () => {
    assert.deepEqual(
      parseEdtf('[2019-06~,2020]'),
      bounds(
        '[2019-06~,2020]',
        'year',
        ['2019-06-01', '2020-12-31'],
        ['2019-06-01', '2020-12-31'],
        ['oneOf', 'approximate'],
      ),
    );
  });
});
