import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

// A typed client for the API, generated from openapi.json (`npm run sdk` regenerates schema.d.ts).

export type TimelineClient = Client<paths>;
export type Event = components['schemas']['Event'];
export type Gap = components['schemas']['Gap'];
export type Problem = components['schemas']['Problem'];

export function createTimelineClient(
  baseUrl: string,
  options: { apiKey?: string; fetch?: typeof fetch } = {},
): TimelineClient {
  return createClient<paths>({
    baseUrl,
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
