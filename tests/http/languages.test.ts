import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DISPLAY_LANGUAGES } from '../../src/domain/display.ts';
import { chooseLanguage } from '../../src/http/negotiate.ts';
import { useTestApp } from '../helpers/app.ts';
import { parseCsv } from '../helpers/http.ts';

// The language of one-language answers: `lang=` (checked against the supported languages), else
// Accept-Language with q-values and region fallback, else English; and `lang=` trimming a JSON page.

describe('chooseLanguage', () => {
  const choose = (lang: string | undefined, acceptLanguage?: string) =>
    chooseLanguage(lang, acceptLanguage, DISPLAY_LANGUAGES);

  test('lang= wins over Accept-Language, and a region reads its language (de-AT → de)', () => {
    assert.deepEqual(choose('ru', 'de'), { lang: 'ru', explicit: true });
    assert.deepEqual(choose('de-AT'), { lang: 'de', explicit: true });
    assert.deepEqual(choose('FR'), { lang: 'fr', explicit: true });
  });

  test('an unsupported lang= is a 400 naming lang and listing the languages', () => {
    assert.throws(
      () => choose('xx'),
      (error: { status: number; message: string; errors: unknown[] }) => {
        assert.equal(error.status, 400);
        assert.equal(error.message, 'lang: "xx" is not supported; use one of en, de, fr, es, it, ru');
        assert.deepEqual(error.errors, [
          {
            detail: 'unsupported language; supported: en, de, fr, es, it, ru',
            pointer: '/lang',
            in: 'query',
          },
        ]);
        return true;
      },
    );
  });

  test('Accept-Language: the highest q among supported languages, regions falling back to their language', () => {
    assert.deepEqual(choose(undefined, 'de-AT'), { lang: 'de', explicit: false });
    assert.equal(choose(undefined, 'fr;q=0.2, de-CH;q=0.8').lang, 'de');
    assert.equal(choose(undefined, 'pt-BR, it;q=0.5').lang, 'it');
    assert.equal(choose(undefined, 'es;q=0.5, ru;q=0.5').lang, 'es');
    assert.equal(choose(undefined, 'de;q=0, fr;q=0.1').lang, 'fr');
  });

  test('Accept-Language with nothing supported, a wildcard first, or absent is English', () => {
    assert.equal(choose(undefined, 'pt-BR, ja').lang, 'en');
    assert.equal(choose(undefined, '*, de;q=0.5').lang, 'en');
    assert.equal(choose(undefined, undefined).lang, 'en');
    assert.equal(choose(undefined, 'de;q=abc').lang, 'en');
  });
});

describe('languages on the NRC seed', () => {
  const api = useTestApp({ seed: true });

  test('Accept-Language: de-AT gives the German CSV with Content-Language: de', async () => {
    const res = await api.inject({
      url: '/v1/events.csv?type=suspension',
      headers: { 'accept-language': 'de-AT' },
    });
    assert.equal(res.headers['content-language'], 'de');
    assert.equal(res.headers.vary, 'Accept-Language');
    const [header, suspension] = parseCsv(res.body);
    assert.ok(header && suspension);
    assert.equal(suspension[header.indexOf('title')], 'Dialog im Nato-Russland-Rat ausgesetzt');
  });

  test('lang=xx on the JSON list is a 400 problem naming lang', async () => {
    const res = await api.inject({ url: '/v1/events?lang=xx' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(
      res.json<{ errors: { pointer: string; in: string }[] }>().errors.map((e) => [e.pointer, e.in]),
      [['/lang', 'query']],
    );
  });

  test('lang=de trims every language map of a JSON page to the text a German reader gets', async () => {
    const res = await api.inject({ url: '/v1/events?type=suspension&lang=de' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-language'], 'de');
    const [event] = res.json<{
      data: {
        title: Record<string, string>;
        summary: Record<string, string>;
        date: { display: Record<string, string> };
        participants: { actor: { id: string; name: Record<string, string> } }[];
      }[];
    }>().data;
    assert.ok(event);
    assert.deepEqual(event.title, { de: 'Dialog im Nato-Russland-Rat ausgesetzt' });
    assert.deepEqual(event.date.display, { de: 'Juni 2014 – April 2016' });
    assert.deepEqual(Object.keys(event.summary), ['de']);
    assert.deepEqual(
      event.participants.map((p) => [p.actor.id, p.actor.name]),
      [
        ['nato-russia-council', { de: 'Nato-Russland-Rat' }],
        ['nato', { de: 'Nato' }],
        ['russia', { de: 'Russland' }],
      ],
    );
  });

  test('lang=fr keeps the English text where there is no French one, under its own key', async () => {
    const res = await api.inject({ url: '/v1/events?type=suspension&lang=fr' });
    const [event] = res.json<{
      data: { title: Record<string, string>; date: { display: Record<string, string> } }[];
    }>().data;
    assert.deepEqual(event?.title, { en: 'NATO-Russia Council dialogue suspended' });
    assert.deepEqual(event?.date.display, { fr: 'juin 2014 – avril 2016' });
  });

  test('without lang= the JSON page keeps every language, whatever Accept-Language says', async () => {
    const res = await api.inject({ url: '/v1/events?type=suspension', headers: { 'accept-language': 'de' } });
    assert.equal(res.headers['content-language'], undefined);
    const [event] = res.json<{
      data: { title: Record<string, string>; date: { display: Record<string, string> } }[];
    }>().data;
    assert.deepEqual(Object.keys(event?.title ?? {}).sort(), ['de', 'en']);
    assert.deepEqual(Object.keys(event?.date.display ?? {}), DISPLAY_LANGUAGES);
  });
});
