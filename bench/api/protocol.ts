/** Messages between the benchmark and the API process it starts. */
export type ApiMessage =
  | { type: 'ready'; port: number; barePort: number; routes: Record<string, boolean> }
  | { type: 'usage'; id: number; userMicros: number; systemMicros: number; rssBytes: number }
  | { type: 'failed'; message: string }
  | { type: 'profiled'; id: number; file: string };

/** `profile-start`/`profile-stop`: a V8 CPU profile of just the window between them, written to `dir`. */
export type ControlMessage =
  | { type: 'usage'; id: number }
  | { type: 'stop' }
  | { type: 'profile-start'; id: number }
  | { type: 'profile-stop'; id: number; dir: string };

/** The routes a scenario needs, checked in the API process (the gaps route may not have landed yet). */
export const PROBED_ROUTES = ['/v1/events', '/v1/timeline/histogram', '/v1/gaps', '/v1/stats'] as const;

export const NOOP_PATH = '/__bench/noop';
