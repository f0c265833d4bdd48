import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCountryCode } from '../../src/domain/countries.ts';
import {
  circleBoxes,
  distanceKm,
  inBox,
  PlaceError,
  parseBbox,
  parseNear,
  placeProblems,
} from '../../src/domain/geo.ts';
import { random } from '../helpers/generated-timeline.ts';

/** The point `km` away from (lat, lon) in direction `bearing` (degrees), on the same sphere. */
function destination(lat: number, lon: number, km: number, bearing: number): [number, number] {
  const r = Math.PI / 180;
  const d = km / 6371.0088;
  const φ = lat * r;
  const θ = bearing * r;
  const φ2 = Math.asin(Math.sin(φ) * Math.cos(d) + Math.cos(φ) * Math.sin(d) * Math.cos(θ));
  const λ2 =
    lon * r + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ), Math.cos(d) - Math.sin(φ) * Math.sin(φ2));
  const lon2 = ((((λ2 / r + 180) % 360) + 360) % 360) - 180;
  return [φ2 / r, lon2];
}

describe('geo', () => {
  test('distanceKm: Brussels to Moscow is 2,253 km; a quarter meridian is 10,007.6 km', () => {
    assert.equal(Math.round(distanceKm(50.8467, 4.3525, 55.7558, 37.6173)), 2253);
    assert.equal(distanceKm(0, 0, 90, 0).toFixed(1), '10007.6');
  });

  test('parseBbox: one box, or two when minLon > maxLon (across the antimeridian)', () => {
    assert.deepEqual(parseBbox('2.5,49.5,6.4,51.5'), [
      { minLon: 2.5, minLat: 49.5, maxLon: 6.4, maxLat: 51.5 },
    ]);
    assert.deepEqual(parseBbox(' 170 , -50 , -170 , -30 '), [
      { minLon: 170, minLat: -50, maxLon: 180, maxLat: -30 },
      { minLon: -180, minLat: -50, maxLon: -170, maxLat: -30 },
    ]);
  });

  test('parseBbox and parseNear: each bad input says what is wrong', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => parseBbox('1,2,3'), /4 decimal numbers/],
      [() => parseBbox('1,2,3,x'), /4 decimal numbers/],
      [() => parseBbox('0,10,5,5'), /minLat 10 is north of maxLat 5/],
      [() => parseBbox('0,0,181,1'), /maxLon 181 is outside/],
      [() => parseNear('1e3,0,5'), /3 decimal numbers/],
      [() => parseNear('0,-180.5,5'), /lon -180.5 is outside/],
      [() => parseNear('0,0,-1'), /radius_km -1 must be above 0/],
      [() => parseNear('0,0,20016'), /at most 20015\.1/],
    ];
    for (const [parse, message] of cases)
      assert.throws(parse, (e: Error) => e instanceof PlaceError && message.test(e.message));
  });

  test('circleBoxes: every point within the radius lies in one of the boxes (random circles, also over poles and 180°)', () => {
    const next = random(42);
    for (let i = 0; i < 400; i += 1) {
      const lat = -89 + next() * 178;
      const lon = -180 + next() * 360;
      const radiusKm = next() < 0.5 ? next() * 300 : next() * 5000;
      const boxes = circleBoxes({ lat, lon, radiusKm });
      for (let j = 0; j < 24; j += 1) {
        const [plat, plon] = destination(lat, lon, radiusKm * (j % 2 ? 1 : next()), next() * 360);
        if (distanceKm(lat, lon, plat, plon) > radiusKm) continue;
        assert.ok(
          boxes.some((b) => inBox(b, plat, plon)),
          `(${plat}, ${plon}) near (${lat}, ${lon}, ${radiusKm} km) outside ${JSON.stringify(boxes)}`,
        );
      }
    }
  });

  test('circleBoxes: split at the antimeridian, whole longitudes over a pole, one box elsewhere', () => {
    assert.equal(circleBoxes({ lat: 0, lon: 179.5, radiusKm: 200 }).length, 2);
    const polar = circleBoxes({ lat: 89, lon: 10, radiusKm: 300 });
    assert.deepEqual(
      polar.map((b) => [b.minLon, b.maxLon, b.maxLat]),
      [[-180, 180, 90]],
    );
    const brussels = circleBoxes({ lat: 50.85, lon: 4.35, radiusKm: 100 });
    assert.equal(brussels.length, 1);
    assert.ok((brussels[0]?.maxLat ?? 0) - 50.85 < 0.91 && (brussels[0]?.maxLat ?? 0) - 50.85 > 0.89);
  });

  test('placeProblems: lone coordinates, a precision without coordinates, an unassigned country', () => {
    assert.deepEqual(placeProblems({ lat: 1, lon: 2, precision: 'city', country: 'BE' }), []);
    assert.deepEqual(
      placeProblems({ lat: 1, precision: 'city', country: 'UK' }).map((p) => p.member),
      ['lon', 'precision', 'country'],
    );
    assert.deepEqual(
      placeProblems({ lon: 1 }).map((p) => p.member),
      ['lat'],
    );
    assert.equal(isCountryCode('GB'), true);
    assert.equal(isCountryCode('EU'), false);
  });
});
