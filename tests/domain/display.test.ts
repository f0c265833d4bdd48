import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DISPLAY_LANGUAGES, displayDate } from '../../src/domain/display.ts';
import { parseEdtf } from '../../src/domain/edtf.ts';

const display = (edtf: string) => displayDate(parseEdtf(edtf));
const en = (edtf: string) => display(edtf).en;
const de = (edtf: string) => display(edtf).de;

describe('displayDate', () => {
  test('every supported language has a display string', () => {
    assert.deepEqual(DISPLAY_LANGUAGES, ['en', 'de', 'fr', 'es', 'it', 'ru']);
    assert.deepEqual(Object.keys(display('2019-07')), DISPLAY_LANGUAGES);
  });

  test('a month: "July 2019" / "Juli 2019"', () => {
    assert.deepEqual(display('2019-07'), {
      en: 'July 2019',
      de: 'Juli 2019',
      fr: 'juillet 2019',
      es: 'julio de 2019',
      it: 'luglio 2019',
      ru: 'июль 2019',
    });
  });

  test('a day: "5 July 2019" / "5. Juli 2019"', () => {
    assert.equal(en('2019-07-05'), '5 July 2019');
    assert.equal(de('2019-07-05'), '5. Juli 2019');
  });

  test('a year is the bare year', () => {
    assert.equal(en('2002'), '2002');
    assert.equal(de('2002'), '2002');
  });

  test('a month interval: "June 2014 – April 2016" / "Juni 2014 – April 2016"', () => {
    assert.equal(en('2014-06/2016-04'), 'June 2014 – April 2016');
    assert.equal(de('2014-06/2016-04'), 'Juni 2014 – April 2016');
  });

  test('each side of a mixed interval keeps its own precision', () => {
    assert.equal(en('2019/2019-06'), '2019 – June 2019');
    assert.equal(en('2014-06-15/2016-04'), '15 June 2014 – April 2016');
  });

  test('an interval ending on its start day reads as that day', () => {
    assert.equal(en('2019-07-05/2019-07-05'), '5 July 2019');
  });

  test('approximate: "c. 2002" / "ca. 2002"', () => {
    assert.equal(en('2002~'), 'c. 2002');
    assert.equal(de('2002~'), 'ca. 2002');
    assert.equal(en('2021-06-07~'), 'c. 7 June 2021');
    assert.equal(de('2021-06-07~'), 'ca. 7. Juni 2021');
  });

  test('uncertain adds a question mark; % does both', () => {
    assert.equal(en('2002?'), '2002?');
    assert.equal(en('2002%'), 'c. 2002?');
    assert.equal(de('2002%'), 'ca. 2002?');
  });

  test('qualifiers on an interval qualify the whole text', () => {
    assert.equal(en('2014-06~/2016-04?'), 'c. June 2014 – April 2016?');
  });

  test('a decade: "2010s" / "2010er Jahre"', () => {
    assert.equal(en('201X'), '2010s');
    assert.equal(de('201X'), '2010er Jahre');
  });

  test('a century: "20th century" / "20. Jahrhundert", "21st century"', () => {
    assert.equal(en('19XX'), '20th century');
    assert.equal(de('19XX'), '20. Jahrhundert');
    assert.equal(en('20XX'), '21st century');
    assert.equal(en('10XX'), '11th century');
    assert.equal(en('11XX'), '12th century');
    assert.equal(en('12XX'), '13th century');
    assert.equal(en('01XX'), '2nd century');
  });

  test('unspecified month or day read at the precision that is known', () => {
    assert.equal(en('2019-XX'), '2019');
    assert.equal(en('2019-07-XX'), 'July 2019');
    assert.equal(de('2019-07-XX'), 'Juli 2019');
  });

  test('an open end: "since 5 July 2019" / "seit 5. Juli 2019"', () => {
    assert.equal(en('2019-07-05/..'), 'since 5 July 2019');
    assert.equal(de('2019-07-05/..'), 'seit 5. Juli 2019');
    assert.equal(en('2019-07/..'), 'since July 2019');
  });

  test('an unknown end: "5 July 2019 – ?"', () => {
    assert.equal(en('2019-07-05/'), '5 July 2019 – ?');
    assert.equal(de('2019-07-05/'), '5. Juli 2019 – ?');
  });

  test('an approximate start with an unknown end', () => {
    assert.equal(en('2019-07-05~/'), 'c. 5 July 2019 – ?');
  });
});
