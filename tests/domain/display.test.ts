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

  test('each side of an interval shows its own qualifiers, in every language', () => {
    assert.deepEqual(display('2019-07-05?/2019-07-10~'), {
      en: '5 July 2019? – c. 10 July 2019',
      de: '5. Juli 2019? – ca. 10. Juli 2019',
      fr: '5 juillet 2019? – vers 10 juillet 2019',
      es: '5 de julio de 2019? – c. 10 de julio de 2019',
      it: '5 luglio 2019? – ca. 10 luglio 2019',
      ru: '5 июля 2019? – ок. 10 июля 2019',
    });
    assert.equal(en('2014-06~/2016-04?'), 'c. June 2014 – April 2016?');
    assert.equal(en('2014-06/2016-04%'), 'June 2014 – c. April 2016?');
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
    assert.equal(en('2019-XX-05'), 'the 5th of a month in 2019');
    assert.equal(de('2019-XX-05'), '5. eines Monats 2019');
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

  test('years before the common era: "15 March 44 BC" / "15. März 44 v. Chr."', () => {
    assert.deepEqual(display('-0043-03-15'), {
      en: '15 March 44 BC',
      de: '15. März 44 v. Chr.',
      fr: '15 mars 44 av. J.-C.',
      es: '15 de marzo de 44 a. C.',
      it: '15 marzo 44 a.C.',
      ru: '15 марта 44 до н. э.',
    });
    assert.equal(en('0000'), '1 BC');
  });

  test('an open start: "until 1985" / "bis 1985"; an unknown start: "? – 1985"', () => {
    assert.equal(en('../1985'), 'until 1985');
    assert.equal(de('../1985-04'), 'bis April 1985');
    assert.equal(en('/1985'), '? – 1985');
  });

  test('seasons by name, a winter across the new year; quarters; other divisions by their months', () => {
    assert.equal(en('2001-21'), 'spring 2001');
    assert.equal(de('2001-21'), 'Frühling 2001');
    assert.equal(en('2001-24'), 'winter 2001/2002');
    assert.equal(en('2001-34'), 'Q2 2001');
    assert.equal(de('2001-34'), '2. Quartal 2001');
    assert.equal(en('2001-40'), 'January – June 2001');
    assert.equal(display('2001-37').ru, 'январь – апрель 2001');
  });

  test('a date-time shows its day and the time as written', () => {
    assert.equal(en('1985-04-12T23:20:30Z'), '12 April 1985, 23:20:30Z');
  });

  test('one-of sets list their members: "2019 or 2020", "3 December 1760 or earlier"', () => {
    assert.equal(en('[2019, 2020]'), '2019 or 2020');
    assert.equal(de('[2019, 2020]'), '2019 oder 2020');
    assert.equal(en('[1667,1668,1670..1672]'), '1667, 1668 or 1670–1672');
    assert.equal(en('[..1760-12-03]'), '3 December 1760 or earlier');
    assert.equal(de('[1760-12..]'), 'Dezember 1760 oder später');
  });

  test('level 2 unspecified digits read at the unit that is known, keeping a month and day written under them; an unknown year says so', () => {
    assert.deepEqual(display('156X-12-25'), {
      en: '25 December 1560s',
      de: '25. Dezember 1560er Jahre',
      fr: '25 décembre années 1560',
      es: '25 de diciembre de años 1560',
      it: '25 dicembre anni 1560',
      ru: '25 декабря 1560-е',
    });
    assert.equal(en('156X-12'), 'December 1560s');
    assert.equal(de('19XX-07'), 'Juli 20. Jahrhundert');
    assert.equal(en('201X-XX'), '2010s');
    assert.equal(en('1XXX'), '2nd millennium');
    assert.equal(en('XXXX-12-XX'), 'unknown year');
  });
});
