import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PartialDateError, parsePartialDate } from '../../src/domain/partial-date.ts';

describe('parsePartialDate: query bounds', () => {
  test('a year runs from 1 January to 31 December', () => {
    assert.deepEqual(parsePartialDate('2014'), { first: '2014-01-01', last: '2014-12-31' });
  });

  test('a month runs from its first to its last day', () => {
    assert.deepEqual(parsePartialDate('2014-06'), { first: '2014-06-01', last: '2014-06-30' });
    assert.deepEqual(parsePartialDate('2016-04'), { first: '2016-04-01', last: '2016-04-30' });
    assert.deepEqual(parsePartialDate('2019-12'), { first: '2019-12-01', last: '2019-12-31' });
  });

  test('a day is its own first and last day', () => {
    assert.deepEqual(parsePartialDate('2014-06-02'), { first: '2014-06-02', last: '2014-06-02' });
  });

  test('February ends on the 29th in leap years only', () => {
    assert.deepEqual(parsePartialDate('2024-02'), { first: '2024-02-01', last: '2024-02-29' });
    assert.deepEqual(parsePartialDate('2023-02'), { first: '2023-02-01', last: '2023-02-28' });
    assert.deepEqual(parsePartialDate('2000-02'), { first: '2000-02-01', last: '2000-02-29' });
    assert.deepEqual(parsePartialDate('1900-02'), { first: '1900-02-01', last: '1900-02-28' });
  });

  test('29 February is a day in 2020 and an error in 2019', () => {
    assert.deepEqual(parsePartialDate('2020-02-29'), { first: '2020-02-29', last: '2020-02-29' });
    assert.throws(() => parsePartialDate('2019-02-29'), {
      name: 'PartialDateError',
      message: '"2019-02-29": 2019-02 has only 28 days',
    });
  });

  test('years below 100 are not confused with 19xx', () => {
    assert.deepEqual(parsePartialDate('0004-02'), { first: '0004-02-01', last: '0004-02-29' });
    assert.deepEqual(parsePartialDate('0001'), { first: '0001-01-01', last: '0001-12-31' });
  });

  const malformed = [
    '14',
    '2014-13',
    '2014-00',
    '2014-6',
    '2014-06-1',
    '2014-06-32',
    '2014/06',
    '',
    'abc',
    '20140602',
    '2014-06-02T00:00',
    '12345',
    '-12345',
  ];
  for (const value of malformed) {
    test(`"${value}" is not a partial date`, () => {
      assert.throws(() => parsePartialDate(value), {
        name: 'PartialDateError',
        message: `"${value}" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (-0043 for 44 BC, Y12345 after 9999)`,
      });
    });
  }

  test('30 April does not exist twice: 2019-04-31 names the month length', () => {
    assert.throws(
      () => parsePartialDate('2019-04-31'),
      new PartialDateError('"2019-04-31": 2019-04 has only 30 days'),
    );
  });

  test('the year 0000 is 1 BC, and years before it are negative (astronomical numbering)', () => {
    assert.deepEqual(parsePartialDate('0000'), { first: '0000-01-01', last: '0000-12-31' });
    assert.deepEqual(parsePartialDate('-0043-03'), { first: '-0043-03-01', last: '-0043-03-31' });
    assert.deepEqual(parsePartialDate('-0004-02'), { first: '-0004-02-01', last: '-0004-02-29' });
  });

  test('Y and five to seven digits for years after 9999', () => {
    assert.deepEqual(parsePartialDate('Y12345'), { first: '12345-01-01', last: '12345-12-31' });
  });

  test('the years PostgreSQL holds only in part are cut to its range; beyond it is an error', () => {
    assert.deepEqual(parsePartialDate('-4713'), { first: '-4713-11-24', last: '-4713-12-31' });
    assert.throws(
      () => parsePartialDate('-4714'),
      new PartialDateError(
        '"-4714" is outside the calendar this service stores, from -4713-11-24 (24 November 4714 BC) to 5874897-12-31',
      ),
    );
    assert.throws(() => parsePartialDate('Y5874898'), { name: 'PartialDateError' });
  });
});
