import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

// A typed client for the API, generated from openapi.json (`npm run sdk` regenerates schema.d.ts).

/**
 * The media types this client reads. `fields=` pages (application/vnd.timeline.partial+json, PartialEventList)
 * are left out, so that GET /v1/events is typed as the EventList it is without `fields`; a client that asks
 * for fields can read the answer as `PartialEventList` (see README, "Smaller payloads").
 */
export type ClientMediaType =
  | 'application/json'
  | 'application/geo+json'
  | 'application/vnd.timelinejs+json'
  | 'application/x-ndjson'
  | 'application/problem+json'
  | 'text/csv'
  | 'text/event-stream';

export type TimelineClient = Client<paths, ClientMediaType>;
export type Event = components['schemas']['Event'];
export type PartialEvent = components['schemas']['PartialEvent'];
export type PartialEventList = components['schemas']['PartialEventList'];
export type Gap = components['schemas']['Gap'];
export type Problem = components['schemas']['Problem'];

export function createTimelineClient(
  baseUrl: string,
  options: { apiKey?: string; fetch?: typeof fetch } = {},
): TimelineClient {
  return createClient<paths, ClientMediaType>({
    baseUrl,
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
