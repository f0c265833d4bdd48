import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addCalendarDays,
  compareDays,
  daysBetween,
  FIRST_STORABLE_DAY,
  fromLocalDate,
  fromPgDate,
  spanDuration,
  todayIso,
  toLocalDate,
  toPgDate,
} from '../../src/domain/calendar.ts';

describe('calendar: days', () => {
  test('daysBetween counts calendar days, end minus start', () => {
    assert.equal(daysBetween('2019-07-05', '2019-07-06'), 1);
    assert.equal(daysBetween('2019-07-05', '2019-07-05'), 0);
    assert.equal(daysBetween('2019-07-06', '2019-07-05'), -1);
  });

  test('a leap year has 366 days, a common year 365', () => {
    assert.equal(daysBetween('2020-01-01', '2021-01-01'), 366);
    assert.equal(daysBetween('2019-01-01', '2020-01-01'), 365);
    assert.equal(daysBetween('2000-01-01', '2001-01-01'), 366);
    assert.equal(daysBetween('1900-01-01', '1901-01-01'), 365);
  });

  test('across 29 February 2020', () => {
    assert.equal(daysBetween('2020-02-28', '2020-03-01'), 2);
    assert.equal(daysBetween('2019-02-28', '2019-03-01'), 1);
  });

  test('the NRC worked examples: 922, 896, 926, 677 and 707 days', () => {
    assert.equal(daysBetween('2019-07-05', '2022-01-12'), 922);
    assert.equal(daysBetween('2019-07-31', '2022-01-12'), 896);
    assert.equal(daysBetween('2019-07-01', '2022-01-12'), 926);
    assert.equal(daysBetween('2019-07-31', '2021-06-07'), 677);
    assert.equal(daysBetween('2019-07-01', '2021-06-07'), 707);
  });

  test('daylight-saving changes do not shift a day (Europe, US and southern-hemisphere switch dates)', () => {
    assert.equal(daysBetween('2021-03-27', '2021-03-29'), 2);
    assert.equal(daysBetween('2021-10-30', '2021-11-01'), 2);
    assert.equal(daysBetween('2021-04-03', '2021-04-05'), 2);
  });

  test('addCalendarDays moves across month, leap day and year ends', () => {
    assert.equal(addCalendarDays('2020-02-28', 1), '2020-02-29');
    assert.equal(addCalendarDays('2019-02-28', 1), '2019-03-01');
    assert.equal(addCalendarDays('2019-12-31', 1), '2020-01-01');
    assert.equal(addCalendarDays('2020-03-01', -1), '2020-02-29');
    assert.equal(addCalendarDays('2019-07-05', 922), '2022-01-12');
  });

  test('toLocalDate and fromLocalDate round-trip, years below 100 included', () => {
    for (const day of ['2019-07-05', '0099-03-01', '0004-02-29', '9999-12-31', '-0043-03-15', '0000-02-29']) {
      assert.equal(fromLocalDate(toLocalDate(day)), day);
    }
  });

  test('todayIso gives the local calendar date of an instant', () => {
    assert.equal(todayIso(new Date(2021, 5, 7, 23, 59)), '2021-06-07');
  });
});

describe('calendar: spanDuration', () => {
  test('2019-07-05 → 2022-01-12 is P2Y6M7D, 30 whole months', () => {
    assert.deepEqual(spanDuration('2019-07-05', '2022-01-12'), { iso: 'P2Y6M7D', months: 30 });
  });

  test('month-precision gap bounds of the NRC examples', () => {
    assert.deepEqual(spanDuration('2019-07-31', '2022-01-12'), { iso: 'P2Y5M12D', months: 29 });
    assert.deepEqual(spanDuration('2019-07-01', '2022-01-12'), { iso: 'P2Y6M11D', months: 30 });
  });

  test('an empty span is P0D', () => {
    assert.deepEqual(spanDuration('2019-07-05', '2019-07-05'), { iso: 'P0D', months: 0 });
  });

  test('parts that are zero are left out', () => {
    assert.deepEqual(spanDuration('2019-01-01', '2020-01-01'), { iso: 'P1Y', months: 12 });
    assert.deepEqual(spanDuration('2019-01-01', '2019-03-01'), { iso: 'P2M', months: 2 });
    assert.deepEqual(spanDuration('2019-01-01', '2019-01-11'), { iso: 'P10D', months: 0 });
    assert.deepEqual(spanDuration('2019-01-01', '2021-01-05'), { iso: 'P2Y4D', months: 24 });
  });

  test('from 29 February a year is reached on 28 February, and is written P1Y, not P12M', () => {
    assert.deepEqual(spanDuration('2020-02-29', '2021-02-28'), { iso: 'P1Y', months: 12 });
    assert.deepEqual(spanDuration('2020-02-29', '2021-03-01'), { iso: 'P1Y1D', months: 12 });
  });

  test('a span across 29 February counts it', () => {
    assert.deepEqual(spanDuration('2020-02-01', '2020-03-01'), { iso: 'P1M', months: 1 });
    assert.deepEqual(spanDuration('2020-02-28', '2020-03-01'), { iso: 'P2D', months: 0 });
  });
});

describe('calendar: every day PostgreSQL stores', () => {
  test('PostgreSQL writes years before 1 as BC: -0043 is 44 BC, 0000 is 1 BC', () => {
    assert.equal(toPgDate('-0043-03-15'), '0044-03-15 BC');
    assert.equal(toPgDate('0000-12-31'), '0001-12-31 BC');
    assert.equal(toPgDate('0001-01-01'), '0001-01-01');
    assert.equal(toPgDate('-infinity'), '-infinity');
    assert.equal(fromPgDate('0044-03-15 BC'), '-0043-03-15');
    assert.equal(fromPgDate('0001-12-31 BC'), '0000-12-31');
    assert.equal(fromPgDate('12345-01-01'), '12345-01-01');
  });

  test('compareDays orders negative and five-digit years, where text order is wrong', () => {
    assert.ok(compareDays('-0044-01-01', '-0043-01-01') < 0);
    assert.ok('-0044-01-01' > '-0043-01-01', 'text order is reversed for negative years');
    assert.ok(compareDays('9999-12-31', '10000-01-01') < 0);
    assert.ok(compareDays('-infinity', '-4713-11-24') < 0);
    assert.ok(compareDays('5874897-12-31', 'infinity') < 0);
    assert.equal(compareDays('2019-07-05', '2019-07-05'), 0);
  });

  test('day arithmetic across the start of the era and beyond what a JavaScript Date holds', () => {
    assert.equal(daysBetween('-0001-12-31', '0000-01-01'), 1);
    assert.equal(daysBetween('0000-01-01', '0001-01-01'), 366);
    assert.equal(addCalendarDays('0000-02-28', 1), '0000-02-29');
    assert.equal(daysBetween(FIRST_STORABLE_DAY, '1970-01-01'), 2_440_588);
    assert.equal(addCalendarDays('5874897-12-30', 1), '5874897-12-31');
  });

  test('spanDuration over spans longer than a JavaScript Date reaches', () => {
    assert.deepEqual(spanDuration('-0043-03-15', '2019-03-15'), { iso: 'P2062Y', months: 24_744 });
    assert.deepEqual(spanDuration('2019-07-05', '5874897-07-17'), {
      iso: 'P5872878Y12D',
      months: 70_474_536,
    });
  });
});
