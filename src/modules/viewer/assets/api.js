// The page's URL query is an API query: these are the parameters each endpoint takes from it.
export const FILTERS = [
  'from',
  'to',
  'temporal',
  'actor',
  'actor_match',
  'role',
  'type',
  'plover',
  'quad_class',
  'status',
  'tag',
  'country',
  'q',
  'updated_since',
];
const GAP_ONLY = ['as_of', 'min', 'min_days', 'coarse_days', 'exclude_coarse', 'include_leading'];

/** The parameters of `names` found in the page's query, repeated ones kept. */
export function queryOf(pageParams, names, extra = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of pageParams) if (names.includes(key) && value !== '') params.append(key, value);
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
  return params;
}

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail ?? problem.title ?? 'Request failed');
    this.problem = problem;
  }
}

async function getJson(url) {
  // no-cache: the API's answers may be kept 30 s (max-age), but a page that just heard of a change must see
  // it; the browser revalidates with the ETag instead, and an unchanged answer comes back as a bodiless 304.
  const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-cache' });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ title: response.statusText }));
    throw new ApiError(problem);
  }
  return response.json();
}

/** Every page of a cursor list. */
async function allPages(path, params) {
  const items = [];
  let first = null;
  let cursor = null;
  do {
    const query = new URLSearchParams(params);
    query.set('limit', '500');
    if (cursor) query.set('cursor', cursor);
    const page = await getJson(`${path}?${query}`);
    first ??= page;
    items.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return { ...first, data: items };
}

export const eventsUrl = (pageParams) => `/v1/events?${queryOf(pageParams, FILTERS)}`;

/** The events, gaps and histogram of one query, as the API gives them. */
export async function loadTimeline(pageParams) {
  const [events, gaps] = await Promise.all([
    allPages('/v1/events', queryOf(pageParams, FILTERS)),
    allPages('/v1/gaps', queryOf(pageParams, [...FILTERS, ...GAP_ONLY])),
  ]);
  return { events: events.data, gaps };
}

/** The histogram, in buckets that fit the span shown (years, months or days). */
export function loadHistogram(pageParams, bucket) {
  return getJson(`/v1/timeline/histogram?${queryOf(pageParams, FILTERS, { bucket })}`);
}

export const loadEvent = (id) => getJson(`/v1/events/${encodeURIComponent(id)}`);

/** Actor ids and event-type codes for the form's suggestions; the form works without them. */
export async function loadSuggestions() {
  const [actors, types] = await Promise.all([
    getJson('/v1/actors?limit=500').catch(() => ({ data: [] })),
    getJson('/v1/event-types').catch(() => ({ data: [] })),
  ]);
  return { actors: actors.data, types: types.data };
}
