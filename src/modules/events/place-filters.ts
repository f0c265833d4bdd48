import { type RawBuilder, sql } from 'kysely';
import { Type } from 'typebox';
import {
  type Circle,
  circleBoxes,
  EARTH_RADIUS_KM,
  type LonLatBox,
  PlaceError,
  parseBbox,
  parseNear,
} from '../../domain/geo.ts';
import { invalidField } from '../../http/problem.ts';

// The place filters of the timeline (`bbox`, `near`): their query parameters and the SQL they become. Both read
// the GiST index on point(lon, lat) (migration 0050) through box containment; `near` then keeps the points
// whose great-circle distance is within the radius (docs/decisions.md, places).

const DECIMAL = '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)';

export const placeFilterProperties = {
  bbox: Type.Optional(
    Type.String({
      pattern: `^\\s*${DECIMAL}\\s*(,\\s*${DECIMAL}\\s*){3}$`,
      maxLength: 200,
      description:
        'Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.',
      examples: ['2.5,49.5,6.4,51.5'],
    }),
  ),
  near: Type.Optional(
    Type.String({
      pattern: `^\\s*${DECIMAL}\\s*(,\\s*${DECIMAL}\\s*){2}$`,
      maxLength: 200,
      description:
        'Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.',
      examples: ['50.85,4.35,100'],
    }),
  ),
};

export interface PlaceFilterQuery {
  bbox?: string;
  near?: string;
}

export interface PlaceFilters {
  /** The boxes of `bbox` (two across the antimeridian), or null. */
  bbox: LonLatBox[] | null;
  near: Circle | null;
}

export function normalizePlaceFilters(query: PlaceFilterQuery): PlaceFilters {
  const read = <T>(name: string, value: string | undefined, parse: (text: string) => T): T | null => {
    if (value === undefined) return null;
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof PlaceError) throw invalidField('query', name, error.message);
      throw error;
    }
  };
  return { bbox: read('bbox', query.bbox, parseBbox), near: read('near', query.near, parseNear) };
}

const boxLiteral = (b: LonLatBox) => `((${b.minLon},${b.minLat}),(${b.maxLon},${b.maxLat}))`;

/** The point is in one of the boxes: the conditions the partial GiST index answers (each a conjunct). */
function inBoxes(boxes: LonLatBox[]): RawBuilder<boolean>[] {
  const point = sql`point(events.location_lon, events.location_lat)`;
  const any = sql.join(
    boxes.map((b) => sql`${point} <@ ${boxLiteral(b)}::box`),
    sql` or `,
  );
  return [
    sql<boolean>`events.location_lat is not null`,
    sql<boolean>`events.location_lon is not null`,
    sql<boolean>`(${any})`,
  ];
}

/** The great-circle distance from the circle's centre, in km: the haversine of src/domain/geo.ts. */
function distanceKm(c: Circle) {
  return sql<number>`2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
      power(sin(radians(events.location_lat - ${c.lat}::float8) / 2), 2)
      + cos(radians(${c.lat}::float8)) * cos(radians(events.location_lat))
        * power(sin(radians(events.location_lon - ${c.lon}::float8) / 2), 2))))`;
}

/** The WHERE conjuncts of the place filters (none without them). */
export function placeConditions(f: PlaceFilters): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  if (f.bbox) conditions.push(...inBoxes(f.bbox));
  if (f.near) {
    // The boxes around the circle are the index's prefilter; the distance decides.
    conditions.push(...inBoxes(circleBoxes(f.near)));
    conditions.push(sql<boolean>`${distanceKm(f.near)} <= ${f.near.radiusKm}::float8`);
  }
  return conditions;
}
