import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput, tableCounts, uniqueSlug } from '../helpers/fixtures.ts';

// Places on the write side: an event's location (coordinates, precision, country) and an actor's seat, in and
// out of every representation; bad places are refused naming the member, with nothing written.

const api = useTestApp({ seed: true, keys: true });

const BRUSSELS = { name: 'Brussels', country: 'BE', lat: 50.8503, lon: 4.3517, precision: 'city' };

async function post(url: string, payload: unknown) {
  return api.inject({ method: 'POST', url, headers: bearer(api.keys.write), payload: payload as object });
}

async function patch(url: string, payload: unknown) {
  return api.inject({
    method: 'PATCH',
    url,
    headers: { ...bearer(api.keys.write), 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify(payload),
  });
}

// First, before the other tests add events of their own to the seeded database.
describe("the seed's places", () => {
  test('seed: the four events the report places are on the map, the three it does not are counted out', async () => {
    const res = await api.inject({ url: '/v1/events.geojson?tag=nrc&lang=en' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['x-events-without-coordinates'], '3');
    const features = JSON.parse(res.body).features as {
      geometry: { coordinates: number[] };
      properties: { slug: string; place: Record<string, string> };
    }[];
    assert.deepEqual(
      features
        .map((f) => [
          f.properties.slug,
          f.properties.place.name,
          f.properties.place.precision,
          f.geometry.coordinates,
        ])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ['nrc-founded-2002', 'Italy', 'country', [12.8333, 42.8333]],
        ['stoltenberg-invites-russia-2021', 'Brussels', 'city', [4.3525, 50.8467]],
        ['stoltenberg-on-belarus-2021', 'Brussels', 'city', [4.3525, 50.8467]],
        ['zakharova-replies-2021', 'Moscow', 'city', [37.6173, 55.7558]],
      ],
    );
  });

  test('seed: NATO and the NATO-Russia Council sit at NATO headquarters in Brussels', async () => {
    for (const id of ['nato', 'nato-russia-council']) {
      const actor = (await api.inject({ url: `/v1/actors/${id}` })).json();
      assert.deepEqual(actor.seat, {
        name: 'NATO headquarters, Brussels',
        country: 'BE',
        lat: 50.8795,
        lon: 4.4262,
        precision: 'exact',
      });
    }
  });
});

describe('event locations', () => {
  test('location: coordinates, precision and country are stored and read back alike in JSON, pages, NDJSON and CSV', async () => {
    const slug = uniqueSlug('place');
    const created = await post('/v1/events', eventInput({ slug, location: BRUSSELS }));
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json().location, BRUSSELS);
    // Key order is part of the representation: the page written by PostgreSQL must match the mapper's.
    assert.deepEqual(Object.keys(created.json().location), ['name', 'country', 'lat', 'lon', 'precision']);

    const page = await api.inject({ url: '/v1/events?from=2019-07&to=2019-07&limit=500' });
    const listed = page.json().data.find((e: { slug: string }) => e.slug === slug);
    assert.equal(JSON.stringify(listed.location), JSON.stringify(BRUSSELS));

    const ndjson = await api.inject({ url: '/v1/events.ndjson?from=2019-07&to=2019-07' });
    const line = ndjson.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e) => e.slug === slug);
    assert.deepEqual(line.location, BRUSSELS);

    const csv = await api.inject({ url: '/v1/events.csv?from=2019-07&to=2019-07&lang=en' });
    const [header, ...rows] = csv.body.trim().split('\r\n');
    const columns = (header as string).split(',');
    const row = rows.find((r) => r.includes(slug)) as string;
    const cells = row.split(',');
    const cell = (name: string) => cells[columns.indexOf(name)];
    assert.deepEqual(['location', 'country', 'latitude', 'longitude', 'location_precision'].map(cell), [
      'Brussels',
      'BE',
      '50.8503',
      '4.3517',
      'city',
    ]);
  });

  test('location: a merge patch changes the precision alone and null removes the coordinates and precision', async () => {
    const created = await post('/v1/events', eventInput({ location: BRUSSELS }));
    const url = `/v1/events/${created.json().id}`;
    const exact = await patch(url, { location: { lat: 50.8465, lon: 4.3528, precision: 'exact' } });
    assert.equal(exact.statusCode, 200, exact.body);
    assert.deepEqual(exact.json().location, {
      name: 'Brussels',
      country: 'BE',
      lat: 50.8465,
      lon: 4.3528,
      precision: 'exact',
    });
    const cleared = await patch(url, { location: { lat: null, lon: null, precision: null } });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.deepEqual(cleared.json().location, { name: 'Brussels', country: 'BE' });
  });

  test('location: out-of-range coordinates and an unknown precision are 400s naming the member', async () => {
    const before = await tableCounts(api.db);
    const lat = await post('/v1/events', eventInput({ location: { ...BRUSSELS, lat: 90.5 } }));
    assert.equal(lat.statusCode, 400);
    assert.equal(lat.json().errors[0].pointer, '/location/lat');
    const lon = await post('/v1/events', eventInput({ location: { ...BRUSSELS, lon: -180.01 } }));
    assert.equal(lon.statusCode, 400);
    assert.equal(lon.json().errors[0].pointer, '/location/lon');
    const precision = await post(
      '/v1/events',
      eventInput({ location: { ...BRUSSELS, precision: 'street' } }),
    );
    assert.equal(precision.statusCode, 400);
    assert.equal(precision.json().errors[0].pointer, '/location/precision');
    assert.deepEqual(await tableCounts(api.db), before);
  });

  test('location: a lone coordinate, a precision without coordinates and an unassigned country are 422s naming the member', async () => {
    const before = await tableCounts(api.db);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ lat: 50.85 }, '/location/lon', /required with lat/],
      [{ lon: 4.35 }, '/location/lat', /required with lon/],
      [{ name: 'Brussels', precision: 'city' }, '/location/precision', /give lat and lon with it/],
      [{ country: 'UK' }, '/location/country', /not an assigned ISO 3166-1 alpha-2 code/],
      [{ country: 'XK', lat: 42.66, lon: 21.17 }, '/location/country', /"XK"/],
    ];
    for (const [location, pointer, detail] of cases) {
      const res = await post('/v1/events', eventInput({ location }));
      assert.equal(res.statusCode, 422, `${JSON.stringify(location)}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const errors = res.json().errors;
      assert.deepEqual(
        errors.map((e: { pointer: string; in: string }) => [e.pointer, e.in]),
        [[pointer, 'body']],
      );
      assert.match(errors[0].detail, detail);
    }
    assert.deepEqual(await tableCounts(api.db), before);
  });

  test('location: the import takes precision and refuses a lone coordinate on its line, writing nothing', async () => {
    const good = eventInput({ slug: uniqueSlug('imp'), location: { ...BRUSSELS, precision: 'region' } });
    const bad = eventInput({ slug: uniqueSlug('imp'), location: { name: 'Moscow', lat: 55.75 } });
    const headers = { ...bearer(api.keys.write), 'content-type': 'application/x-ndjson' };
    const before = await tableCounts(api.db);
    const refused = await api.inject({
      method: 'POST',
      url: '/v1/events:import',
      headers,
      payload: `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`,
    });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.deepEqual(
      refused.json().errors.map((e: { line: number; pointer: string }) => [e.line, e.pointer]),
      [[2, '/location/lon']],
    );
    assert.deepEqual(await tableCounts(api.db), before);

    const accepted = await api.inject({
      method: 'POST',
      url: '/v1/events:import',
      headers,
      payload: `${JSON.stringify(good)}\n`,
    });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const read = await api.inject({ url: `/v1/events/${good.slug}` });
    assert.deepEqual(read.json().location, { ...BRUSSELS, precision: 'region' });
    // The same file again is unchanged: the precision takes part in the comparison.
    const again = await api.inject({
      method: 'POST',
      url: '/v1/events:import',
      headers,
      payload: `${JSON.stringify({ ...good, location: { ...BRUSSELS, precision: 'city' } })}\n`,
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().updated, 1, again.body);
  });
});

describe('actor seats', () => {
  test('seat: an actor is created with a seat, reads it back and a merge patch changes one member', async () => {
    const id = uniqueSlug('org');
    const seat = { name: 'Brussels', country: 'BE', lat: 50.8795, lon: 4.4262, precision: 'exact' };
    const created = await post('/v1/actors', { id, kind: 'organization', name: { en: 'Org' }, seat });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json().seat, seat);
    const read = await api.inject({ url: `/v1/actors/${id}` });
    assert.deepEqual(read.json().seat, seat);
    const moved = await patch(`/v1/actors/${id}`, { seat: { name: 'Mons', lat: 50.5, lon: 3.98 } });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual(moved.json().seat, { ...seat, name: 'Mons', lat: 50.5, lon: 3.98 });
    const removed = await patch(`/v1/actors/${id}`, { seat: null });
    assert.equal(removed.json().seat, null);
  });

  test('seat: an unassigned country or a lone coordinate is refused naming the member; nothing is written', async () => {
    const before = await tableCounts(api.db);
    const country = await post('/v1/actors', {
      id: uniqueSlug('org'),
      kind: 'organization',
      name: { en: 'Org' },
      seat: { name: 'Somewhere', country: 'ZZ' },
    });
    assert.equal(country.statusCode, 400, country.body);
    assert.deepEqual(
      country.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/seat/country'],
    );
    const lone = await post('/v1/actors', {
      id: uniqueSlug('org'),
      kind: 'organization',
      name: { en: 'Org' },
      seat: { lon: 4.4 },
    });
    assert.equal(lone.statusCode, 400, lone.body);
    assert.deepEqual(
      lone.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/seat/lat'],
    );
    assert.deepEqual(await tableCounts(api.db), before);
  });
});
