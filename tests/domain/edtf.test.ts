import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Precision } from '../../src/db/schema.ts';
import { type DateBounds, EdtfError, parseEdtf } from '../../src/domain/edtf.ts';

type Flag = 'approximate' | 'uncertain' | 'openEnd' | 'unknownEnd';

/** The whole expected DateBounds, written compactly: [earliest, latest] per side, null = +∞. */
function bounds(
  edtf: string,
  precision: Precision,
  start: [string, string],
  end: [string | null, string | null],
  flags: Flag[] = [],
): DateBounds {
  return {
    edtf,
    precision,
    startEarliest: start[0],
    startLatest: start[1],
    endEarliest: end[0],
    endLatest: end[1],
    approximate: flags.includes('approximate'),
    uncertain: flags.includes('uncertain'),
    openEnd: flags.includes('openEnd'),
    unknownEnd: flags.includes('unknownEnd'),
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

  test('qualifiers on either side flag the whole interval', () => {
    assert.deepEqual(
      parseEdtf('2014-06~/2016-04?'),
      bounds(
        '2014-06~/2016-04?',
        'month',
        ['2014-06-01', '2014-06-30'],
        ['2016-04-01', '2016-04-30'],
        ['approximate', 'uncertain'],
      ),
    );
  });

  test('a qualified start with an open end keeps the qualifier', () => {
    assert.deepEqual(
      parseEdtf('2019-07-05~/..'),
      bounds('2019-07-05~/..', 'day', ['2019-07-05', '2019-07-05'], [null, null], ['approximate', 'openEnd']),
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
    'it is not EDTF; write e.g. 2019, 2019-07, 2019-07-05, 2019-07~, 2014-06/2016-04 or 2019-07-05/..';
  const LEVEL_2 = 'EDTF level 2 features are not supported (levels 0 and 1 are)';
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
    ['2016-04/2014-06', 'the interval ends before it starts'],
    ['2019-07-05/2019-07-04', 'the interval ends before it starts'],
    ['../2019', 'an open or unknown start is not supported: give the earliest possible start'],
    ['/2019', 'an open or unknown start is not supported: give the earliest possible start'],
    ['2019-21', 'seasons (2019-21…24) are not supported: use the months, e.g. 2019-03/2019-05'],
    ['[2019,2020]', 'sets ([..]) are not supported: store one event per date'],
    ['{2019,2020}', 'lists ({..}) are not supported: store one event per date'],
    ['2019-07-05T10:00', 'times are not supported: give a calendar date such as 2019-07-05'],
    ['2019-07-05T10:00:00Z', 'times are not supported: give a calendar date such as 2019-07-05'],
    ['Y170000002', 'Y-prefixed years are not supported: years run from 0001 to 9999'],
    ['0000', 'years must be between 0001 and 9999'],
    ['-0100', 'years must be between 0001 and 9999'],
    ['1XXX', 'only the last one or two digits of a year may be unspecified (201X, 19XX)'],
    ['20XX-05', 'a month cannot be given when the year has unspecified digits'],
    ['2019-XX-05', 'a day cannot be given when the month is unspecified'],
    ['2019-1X', 'a month is either given or XX'],
    ['2019-07-3X', 'a day is either given or XX'],
    ['19', 'two-digit centuries are not supported: write the century as 19XX'],
    ['201', 'three-digit decades are not supported: write the decade as 201X'],
    ['2004-06~-11', LEVEL_2],
    ['?2004-06-11', LEVEL_2],
    ['201X-XX', LEVEL_2],
    ['2019-07-05/2019-07-XX', LEVEL_2],
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
