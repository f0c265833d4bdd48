import { type BenchCouncil, syntheticActors } from './dataset/actors.ts';
import type { DatasetInfo } from './dataset/load.ts';

export type ScenarioId =
  | 'timeline'
  | 'fulltext'
  | 'page-first'
  | 'page-deep'
  | 'histogram'
  | 'gaps'
  | 'gaps-steady'
  | 'geo'
  | 'stats';

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** Requests cycled through during the run; a fixed list, so that caches do not flatter. */
  paths: string[];
  /** The route it needs, checked before the run. */
  route: string;
}

export const PAGE_LIMIT = 50;
const DECADES = [1950, 1960, 1970, 1980, 1990, 2000, 2010];
const TIMELINE_TYPES = ['meeting', 'visit', 'statement', 'agreement', 'phone_call'];
const TEXT_QUERIES = [
  'nuclear',
  'Abrüstung',
  'pipeline',
  'Fischerei',
  'refugees',
  'désarmement',
  'ceasefire monitoring',
  'Moreau',
  'Germany',
  'Getreideexporte',
  'cyber',
  'sanctions relief',
];
const VARIANTS = 32;

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** 1. One actor, one type, a ten-year window, 50 a page: 32 combinations of popular and rare actors. */
export function timelineScenario(dataset: DatasetInfo): Scenario {
  const actors = syntheticActors(dataset.seed).byKind;
  const picks = [
    ...[0, 1, 2, 4, 7, 12, 20, 33].map((i) => actors.state[i]!),
    ...[0, 3, 10].map((i) => actors.person[i]!),
    ...[0, 5].map((i) => actors.organization[i]!),
    actors.body[4]!,
  ];
  const paths = Array.from({ length: VARIANTS }, (_, i) => {
    const decade = DECADES[i % DECADES.length]!;
    return `/v1/events?${query({
      actor: picks[i % picks.length]!.id,
      type: TIMELINE_TYPES[i % TIMELINE_TYPES.length]!,
      from: String(decade),
      to: String(decade + 9),
      limit: String(PAGE_LIMIT),
    })}`;
  });
  return { id: 'timeline', title: 'timeline: actor + type + 10-year window', paths, route: '/v1/events' };
}

/** 2. Full text over a ten-year window: words of every frequency, in English, German and French. */
export function fullTextScenario(): Scenario {
  const paths = Array.from({ length: VARIANTS }, (_, i) => {
    const decade = DECADES[i % DECADES.length]!;
    return `/v1/events?${query({
      q: TEXT_QUERIES[i % TEXT_QUERIES.length]!,
      from: String(decade),
      to: String(decade + 9),
      limit: String(PAGE_LIMIT),
    })}`;
  });
  return { id: 'fulltext', title: 'full text q= + 10-year window', paths, route: '/v1/events' };
}

/**
 * 3. The first page of the whole timeline, and the 1,000th page (fewer in a small data set) by its cursor:
 * one URL each, so that both are served from equally warm caches.
 */
export async function pageScenarios(
  origin: string,
  events: number,
): Promise<{ first: Scenario; deep: Scenario; depth: number }> {
  const first = `/v1/events?limit=${PAGE_LIMIT}`;
  const depth = Math.max(2, Math.min(1000, Math.floor(events / PAGE_LIMIT) - 1));
  // A cursor holds the position and the filters, not the page size: stride in pages of 500 to the depth.
  const stride = 500;
  const before = (depth - 1) * PAGE_LIMIT;
  const sizes = [
    ...Array<number>(Math.floor(before / stride)).fill(stride),
    ...Array<number>((before % stride) / PAGE_LIMIT).fill(PAGE_LIMIT),
  ];
  let cursor: string | null = null;
  for (const [i, limit] of sizes.entries()) {
    const path: string =
      cursor === null
        ? `/v1/events?limit=${limit}`
        : `/v1/events?limit=${limit}&cursor=${encodeURIComponent(cursor)}`;
    const response = await fetch(`${origin}${path}`);
    if (!response.ok) throw new Error(`walking the pages: GET ${path} answered ${response.status}`);
    cursor = ((await response.json()) as { next_cursor: string | null }).next_cursor;
    if (cursor === null) throw new Error(`walking the pages: step ${i + 1} has no next page`);
  }
  return {
    first: { id: 'page-first', title: 'first page (no filter)', paths: [first], route: '/v1/events' },
    deep: {
      id: 'page-deep',
      title: `page ${depth} by cursor`,
      paths: [`/v1/events?limit=${PAGE_LIMIT}&cursor=${encodeURIComponent(cursor ?? '')}`],
      route: '/v1/events',
    },
    depth,
  };
}

/** 4. Events per year over everything. */
export function histogramScenario(): Scenario {
  return {
    id: 'histogram',
    title: 'histogram by year, everything',
    paths: ['/v1/timeline/histogram?bucket=year'],
    route: '/v1/timeline/histogram',
  };
}

/** 5. The gaps between a council's meetings, longest first. */
export function gapsScenario(council: BenchCouncil = 'bench-council-1'): Scenario {
  return {
    id: council === 'bench-council-1' ? 'gaps' : 'gaps-steady',
    title: `gaps ${council} meetings, longest`,
    paths: [`/v1/gaps?${query({ actor: council, type: 'meeting', order: 'longest' })}`],
    route: '/v1/gaps',
  };
}

// Capitals of the data set's states (bench/dataset/vocabulary.ts): located events sit within 0.1° of them.
const CAPITALS: [lat: number, lon: number][] = [
  [50.8, 4.4],
  [55.8, 37.6],
  [52.5, 13.4],
  [48.9, 2.4],
  [38.9, -77.0],
  [59.9, 10.8],
  [41.9, 12.5],
  [53.9, 27.6],
];
const BOXES = ['-10,35,30,60', '20,40,45,60', '-80,35,-70,45', '100,20,145,45'];

/**
 * 7. Places: events near a capital (a great-circle radius of 25 to 200 km) or in a box, each with a ten-year
 * window, 50 a page.
 */
export function geoScenario(): Scenario {
  const paths = Array.from({ length: VARIANTS }, (_, i) => {
    const decade = DECADES[i % DECADES.length]!;
    const window = { from: String(decade), to: String(decade + 9), limit: String(PAGE_LIMIT) };
    if (i % 4 === 3) return `/v1/events?${query({ bbox: BOXES[(i >> 2) % BOXES.length]!, ...window })}`;
    const [lat, lon] = CAPITALS[i % CAPITALS.length]!;
    const radius = [25, 50, 100, 200][i % 4]!;
    return `/v1/events?${query({ near: `${lat},${lon},${radius}`, ...window })}`;
  });
  return { id: 'geo', title: 'places: near= or bbox= + 10-year window', paths, route: '/v1/events' };
}

/** 8. Counts by group: by type, by country, by actor and type, over a ten-year window or everything. */
export function statsScenario(): Scenario {
  const groupings = ['type', 'country', 'actor,type', 'status', 'plover'];
  const paths = Array.from({ length: VARIANTS }, (_, i) => {
    const decade = DECADES[i % DECADES.length]!;
    const window: Record<string, string> =
      i % 3 === 2 ? {} : { from: String(decade), to: String(decade + 9) };
    return `/v1/stats?${query({ group_by: groupings[i % groupings.length]!, ...window })}`;
  });
  return { id: 'stats', title: 'stats: group_by + 10-year window', paths, route: '/v1/stats' };
}

/** 6. Every event as NDJSON. */
export const EXPORT_PATH = '/v1/events?format=ndjson';

const EVENT_COLUMNS = `e.id, e.slug, e.type, e.status, e.title, e.summary, e.edtf, e.precision,
    e.start_earliest, e.start_latest, e.end_earliest, e.end_latest, e.approximate, e.uncertain, e.open_end,
    e.unknown_end, e.location_name, e.location_country, e.location_lat, e.location_lon, e.tags, e.version,
    e.created_at, e.updated_at`;

/** The same events with the same linked data, in the same order, as PostgreSQL's COPY hands them out. */
export const EXPORT_COPY_SELECT = `select ${EVENT_COLUMNS},
    (select json_agg(json_build_object('id', a.id, 'kind', a.kind, 'name', a.name, 'role', p.role))
       from event_participants p join actors a on a.id = p.actor_id where p.event_id = e.id) as participants,
    (select json_agg(s) from event_sources s where s.event_id = e.id) as sources,
    (select json_agg(r) from event_relations r where r.event_id = e.id) as relations
  from events e where e.deleted_at is null order by e.start_earliest, e.id`;

/** Only the event rows, in order: the fastest PostgreSQL hands out the events at all. */
export const EXPORT_COPY_PLAIN_SELECT = `select ${EVENT_COLUMNS}
  from events e where e.deleted_at is null order by e.start_earliest, e.id`;
