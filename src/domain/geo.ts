import { isCountryCode } from './countries.ts';

// Places on the WGS84 globe: the boxes and circles of the place filters, and the great-circle distance they
// are decided by (docs/decisions.md, places). No I/O.

/** The mean Earth radius (IUGG, R1), in km: the sphere the distances are measured on. */
export const EARTH_RADIUS_KM = 6371.0088;
/** Half the circumference of that sphere: no two points are further apart. */
export const MAX_RADIUS_KM = Math.PI * EARTH_RADIUS_KM;

export const PLACE_PRECISIONS = ['exact', 'city', 'region', 'country'] as const;
export type PlacePrecision = (typeof PLACE_PRECISIONS)[number];

/** A rectangle in degrees that does not cross the antimeridian: minLon ≤ maxLon, minLat ≤ maxLat. */
export interface LonLatBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface Circle {
  lat: number;
  lon: number;
  radiusKm: number;
}

export class PlaceError extends Error {}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function numbers(text: string, count: number, shape: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== count || parts.some((p) => !NUMBER.test(p))) {
    throw new PlaceError(`must be ${count} decimal numbers separated by commas: ${shape}`);
  }
  return parts.map(Number);
}

function checkLat(value: number, name: string): void {
  if (value < -90 || value > 90) throw new PlaceError(`${name} ${value} is outside -90…90`);
}

function checkLon(value: number, name: string): void {
  if (value < -180 || value > 180) throw new PlaceError(`${name} ${value} is outside -180…180`);
}

/**
 * `minLon,minLat,maxLon,maxLat` (the order of GeoJSON's bbox) as the boxes it covers: one, or two when
 * minLon > maxLon, which RFC 7946 (5.2) reads as a box crossing the antimeridian (170,-50,-170,-30 spans 20°
 * of longitude around 180°, not 340°). Edges are inclusive.
 */
export function parseBbox(text: string): LonLatBox[] {
  const [minLon, minLat, maxLon, maxLat] = numbers(text, 4, 'minLon,minLat,maxLon,maxLat') as [
    number,
    number,
    number,
    number,
  ];
  checkLon(minLon, 'minLon');
  checkLat(minLat, 'minLat');
  checkLon(maxLon, 'maxLon');
  checkLat(maxLat, 'maxLat');
  if (minLat > maxLat)
    throw new PlaceError(`minLat ${minLat} is north of maxLat ${maxLat}: give south first`);
  if (minLon <= maxLon) return [{ minLon, minLat, maxLon, maxLat }];
  return [
    { minLon, minLat, maxLon: 180, maxLat },
    { minLon: -180, minLat, maxLon, maxLat },
  ];
}

/** `lat,lon,radius_km`: a circle on the globe, radius in (0, half the circumference]. */
export function parseNear(text: string): Circle {
  const [lat, lon, radiusKm] = numbers(text, 3, 'lat,lon,radius_km') as [number, number, number];
  checkLat(lat, 'lat');
  checkLon(lon, 'lon');
  if (!(radiusKm > 0) || radiusKm > MAX_RADIUS_KM) {
    throw new PlaceError(`radius_km ${radiusKm} must be above 0 and at most ${MAX_RADIUS_KM.toFixed(1)}`);
  }
  return { lat, lon, radiusKm };
}

const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (rad: number) => (rad * 180) / Math.PI;

/** The great-circle distance in km between two points (haversine, on the mean-radius sphere). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Boxes that together contain every point of the circle (a prefilter an index can answer; the distance then
 * decides). The latitude span is exact; the longitude span is the widest the circle reaches (at the latitude
 * where its edge is tangent to a meridian), or all longitudes when the circle covers a pole. A span across
 * the antimeridian becomes two boxes. A small margin keeps points on the circle's edge inside despite rounding.
 */
export function circleBoxes(c: Circle): LonLatBox[] {
  const angular = c.radiusKm / EARTH_RADIUS_KM;
  const margin = 1e-9;
  const minLat = Math.max(-90, c.lat - deg(angular) - margin);
  const maxLat = Math.min(90, c.lat + deg(angular) + margin);
  if (minLat <= -90 || maxLat >= 90 || angular >= Math.PI / 2) {
    return [{ minLon: -180, minLat, maxLon: 180, maxLat }];
  }
  const ratio = Math.sin(angular) / Math.cos(rad(c.lat));
  if (ratio >= 1) return [{ minLon: -180, minLat, maxLon: 180, maxLat }];
  const dLon = deg(Math.asin(ratio)) + margin;
  const west = c.lon - dLon;
  const east = c.lon + dLon;
  if (west >= -180 && east <= 180) return [{ minLon: west, minLat, maxLon: east, maxLat }];
  if (west < -180) {
    return [
      { minLon: west + 360, minLat, maxLon: 180, maxLat },
      { minLon: -180, minLat, maxLon: east, maxLat },
    ];
  }
  return [
    { minLon: west, minLat, maxLon: 180, maxLat },
    { minLon: -180, minLat, maxLon: east - 360, maxLat },
  ];
}

/** Whether a point is in a box (edges included). */
export const inBox = (b: LonLatBox, lat: number, lon: number): boolean =>
  lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;

/** A place as written (an event's location, an actor's seat). */
export interface PlaceInput {
  name?: string | null;
  country?: string | null;
  lat?: number | null;
  lon?: number | null;
  precision?: string | null;
}

/**
 * What the schema cannot say about a place: coordinates come in pairs, a precision is that of coordinates, and
 * a country is an assigned ISO 3166-1 alpha-2 code. Each problem names its member (relative to the place).
 */
export function placeProblems(place: PlaceInput) {
  const problems: { member: 'lat' | 'lon' | 'precision' | 'country'; detail: string }[] = [];
  const hasLat = place.lat !== undefined && place.lat !== null;
  const hasLon = place.lon !== undefined && place.lon !== null;
  if (hasLat && !hasLon) problems.push({ member: 'lon', detail: 'required with lat: give both coordinates' });
  if (hasLon && !hasLat) problems.push({ member: 'lat', detail: 'required with lon: give both coordinates' });
  if (place.precision && !(hasLat && hasLon)) {
    problems.push({
      member: 'precision',
      detail: 'is the precision of the coordinates: give lat and lon with it, or leave it out',
    });
  }
  if (place.country && !isCountryCode(place.country)) {
    problems.push({
      member: 'country',
      detail: `"${place.country}" is not an assigned ISO 3166-1 alpha-2 code (e.g. DE, RU, BE; the United Kingdom is GB)`,
    });
  }
  return problems;
}
