import { pickLanguage } from '../../../http/negotiate.ts';
import type { ApiEvent } from './events.mapper.ts';

// The GeoJSON export (RFC 7946): one Point Feature per located event, written piece by piece so that the
// FeatureCollection streams like the NDJSON export.

export const GEOJSON_HEAD = '{"type":"FeatureCollection","features":[';
export const GEOJSON_TAIL = ']}\n';

/** The feature of a located event (the export reads located events only), texts in `lang`. */
export function geoJsonFeature(e: ApiEvent, lang: string): string {
  const location = e.location ?? {};
  const place: Record<string, string> = {};
  if (location.name) place.name = location.name;
  if (location.country) place.country = location.country;
  if (location.precision) place.precision = location.precision;
  return JSON.stringify({
    type: 'Feature',
    id: e.id,
    // RFC 7946: longitude first.
    geometry: { type: 'Point', coordinates: [location.lon, location.lat] },
    properties: {
      id: e.id,
      slug: e.slug,
      type: e.type,
      date: {
        edtf: e.date.edtf,
        precision: e.date.precision,
        start: { earliest: e.date.start.earliest, latest: e.date.start.latest },
        end: { earliest: e.date.end.earliest, latest: e.date.end.latest },
        display: pickLanguage(e.date.display, lang),
      },
      title: pickLanguage(e.title, lang),
      place,
    },
  });
}

/** Features joined by commas across batches: a separator before every feature but the first. */
export function featureWriter(lang: string): (e: ApiEvent) => string {
  let first = true;
  return (e) => {
    const feature = geoJsonFeature(e, lang);
    if (first) {
      first = false;
      return feature;
    }
    return `,\n${feature}`;
  };
}
