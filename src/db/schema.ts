import type { ColumnType, Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { PloverCategory, QuadClass } from '../domain/plover.ts';

/** A `date` column: read as `YYYY-MM-DD` (or `infinity`), written as the same string. */
type CalendarDate = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type LanguageMap = Record<string, string>;
type Json<T> = ColumnType<T, T | string, T | string>;

/** The coarsest unit in which a date is known; `time` when it has a time of day (its bounds are that day). */
export type Precision = 'time' | 'day' | 'month' | 'season' | 'year' | 'decade' | 'century' | 'millennium';

export interface EventTypesTable {
  code: string;
  label: Json<LanguageMap>;
  description: Json<LanguageMap>;
  plover_category: PloverCategory | null;
  /** PLOVER quad class of the category, generated (migration 0032). */
  quad_class: ColumnType<QuadClass | null, never, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Affiliation {
  actor: string;
  role: string | null;
  date: string | null;
}

export interface Place {
  name?: string;
  country?: string;
  lat?: number;
  lon?: number;
  precision?: 'exact' | 'city' | 'region' | 'country';
}

export interface ActorsTable {
  id: string;
  kind: 'state' | 'organization' | 'body' | 'person' | 'other';
  name: Json<LanguageMap>;
  aliases: string[];
  country: string | null;
  wikidata: string | null;
  affiliations: Json<Affiliation[]>;
  /** Where the actor sits, a place as an event's location (migration 0050). */
  seat: ColumnType<Place | null, string | null | undefined, string | null>;
  search: ColumnType<string, never, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface EventsTable {
  id: Generated<string>;
  slug: string | null;
  type: string;
  status: Generated<'held' | 'scheduled' | 'cancelled'>;
  title: Json<LanguageMap>;
  summary: Json<LanguageMap>;
  edtf: string;
  precision: Precision;
  start_earliest: CalendarDate;
  start_latest: CalendarDate;
  end_earliest: CalendarDate;
  end_latest: CalendarDate;
  approximate: boolean;
  uncertain: boolean;
  open_end: boolean;
  unknown_end: boolean;
  /** Per-side qualifiers and the start's and set's flags (migration 0030). */
  start_approximate: Generated<boolean>;
  start_uncertain: Generated<boolean>;
  end_approximate: Generated<boolean>;
  end_uncertain: Generated<boolean>;
  open_start: Generated<boolean>;
  unknown_start: Generated<boolean>;
  one_of: Generated<boolean>;
  extent: ColumnType<string, never, never>;
  location_name: string | null;
  location_country: string | null;
  location_lat: number | null;
  location_lon: number | null;
  /** How precise the coordinates are (migration 0050). */
  location_precision: ColumnType<
    'exact' | 'city' | 'region' | 'country' | null,
    'exact' | 'city' | 'region' | 'country' | null | undefined,
    'exact' | 'city' | 'region' | 'country' | null
  >;
  tags: string[];
  search: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export type Role =
  | 'party'
  | 'initiator'
  | 'recipient'
  | 'host'
  | 'chair'
  | 'speaker'
  | 'mediator'
  | 'observer'
  | 'forum';

/**
 * Copied from the participant's event by triggers (migration 0002; status, the other two bounds and the open flags
 * since 0100), so an actor's timeline is one index range and a body's gaps one index-only scan.
 */
type EventCopy<T> = ColumnType<T, never, never>;

export interface EventParticipantsTable {
  event_id: string;
  actor_id: string;
  role: Role;
  type: EventCopy<string>;
  status: EventCopy<'held' | 'scheduled' | 'cancelled'>;
  start_earliest: EventCopy<CalendarDate>;
  start_latest: EventCopy<CalendarDate>;
  end_earliest: EventCopy<CalendarDate>;
  end_latest: EventCopy<CalendarDate>;
  open_start: EventCopy<boolean>;
  open_end: EventCopy<boolean>;
  live: EventCopy<boolean>;
  extent: EventCopy<string>;
}

export interface EventSourcesTable {
  event_id: string;
  position: number;
  title: string;
  publisher: string | null;
  url: string | null;
  published: string | null;
  lang: string | null;
  quote: string | null;
  quoted_actor: string | null;
}

export type RelationKind = 'responds_to' | 'ends' | 'follows' | 'part_of';

export interface EventRelationsTable {
  event_id: string;
  kind: RelationKind;
  target_id: string;
}

export type Scope = 'write' | 'admin';

export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  scopes: Scope[];
  prefix: string;
  secret_hash: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface RevisionsTable {
  id: Generated<string>;
  entity: 'event' | 'actor' | 'event_type';
  entity_id: string;
  version: number;
  operation: 'create' | 'update' | 'delete';
  snapshot: Json<unknown>;
  api_key_id: string | null;
  created_at: Timestamp;
  /** The writing transaction's id (migration 0040): the change feed's order and visibility horizon. */
  xact: ColumnType<string, never, never>;
}

export interface IdempotencyRecordsTable {
  api_key_id: string;
  key: string;
  request_hash: string;
  state: 'running' | 'done';
  response_status: number | null;
  response_body: Json<unknown> | null;
  response_headers: Json<Record<string, string>> | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ImportJobsTable {
  id: Generated<string>;
  api_key_id: string | null;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  format: string;
  dry_run: boolean;
  progress: Json<Record<string, unknown>>;
  result: Json<Record<string, unknown>> | null;
  problem: Json<Record<string, unknown>> | null;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  updated_at: Timestamp;
  finished_at: NullableTimestamp;
}

/** Rate-limit counters shared by the API's instances (migration 0080; UNLOGGED, primary only). */
export interface RateLimitCountersTable {
  key: string;
  hits: number;
  resets_at: Timestamp;
}

export interface Database {
  event_types: EventTypesTable;
  actors: ActorsTable;
  events: EventsTable;
  event_participants: EventParticipantsTable;
  event_sources: EventSourcesTable;
  event_relations: EventRelationsTable;
  api_keys: ApiKeysTable;
  revisions: RevisionsTable;
  idempotency_records: IdempotencyRecordsTable;
  import_jobs: ImportJobsTable;
  rate_limit_counters: RateLimitCountersTable;
  date_displays: DateDisplaysTable;
}

/** The display strings of a date as the JSON text the API sends (migration 0095). */
export interface DateDisplaysTable {
  edtf: string;
  display: string;
}

/** The database or a transaction on it: a `Transaction` is a `Kysely`, so queries take either. */
export type Db = Kysely<Database>;

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
