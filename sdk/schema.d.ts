/**
 * Generated from openapi.json by `npm run openapi` (openapi-typescript). Do not edit.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answers 200 while the process is up, whatever the database does.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Answers 200 when the (primary) database answers a query, 503 otherwise. On the embedded database it also says what an acknowledged write survives, and what the upkeep has done; with read replicas, the state and lag of each.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The timeline: events matching filters
         * @description Events in chronological order, filtered by window (partial dates, `temporal=overlaps|within`), actors, roles, types, status (every status unless `status` is given: each event shows its own), tags, country, full text and `updated_since`; cursor pages with a `Link: rel="next"` header. The exports have operations of their own: GET /v1/events.csv, /v1/events.ndjson and /v1/events.timelinejs.
         */
        get: operations["listEvents"];
        put?: never;
        /**
         * Create an event
         * @description Creates an event from an EventInput (EDTF date, type, participants…) and records its first revision. With `Idempotency-Key`, a retry of the same request replays the first response instead of creating a second event.
         */
        post: operations["createEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The matching events as CSV
         * @description Every match in one RFC 4180 file, header first, streamed in bounded memory (`limit` and `cursor` are ignored); texts in `lang`; `fields` chooses and orders the columns. The events of GET /v1/events: filtered by window (partial dates, `temporal=overlaps|within`), actors, roles, types, status (every status unless `status` is given: each event shows its own), tags, country, full text and `updated_since`.
         */
        get: operations["exportEventsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events.ndjson": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The matching events as NDJSON
         * @description Every match, one Event JSON object per line (with `fields`, a PartialEvent), streamed in bounded memory (`limit` and `cursor` are ignored). The events of GET /v1/events: filtered by window (partial dates, `temporal=overlaps|within`), actors, roles, types, status (every status unless `status` is given: each event shows its own), tags, country, full text and `updated_since`.
         */
        get: operations["exportEventsNdjson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events.timelinejs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of matching events as TimelineJS 3 JSON
         * @description TimelineJS 3 JSON of one page (paged like GET /v1/events), texts in `lang`. The events of GET /v1/events: filtered by window (partial dates, `temporal=overlaps|within`), actors, roles, types, status (every status unless `status` is given: each event shows its own), tags, country, full text and `updated_since`.
         */
        get: operations["listEventsTimelineJs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events.geojson": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The matching located events as GeoJSON
         * @description Every match that has coordinates, as one RFC 7946 FeatureCollection of Point features (properties: id, slug, type, date with its bounds and display string, title in `lang`, place name, country and precision), streamed in bounded memory (`limit` and `cursor` are ignored). Matches without coordinates are left out; `X-Events-Without-Coordinates` says how many. The events of GET /v1/events: filtered by window (partial dates, `temporal=overlaps|within`), actors, roles, types, status (every status unless `status` is given: each event shows its own), tags, country, full text and `updated_since`.
         */
        get: operations["exportEventsGeoJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One event by UUID or slug
         * @description With a strong `ETag`; `If-None-Match` answers 304 when unchanged.
         */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        /**
         * Delete an event (soft)
         * @description Marks the event deleted: it reads as 404 from then on, `GET /v1/events/{id}?include_deleted=true` shows the tombstone, and its revisions stay readable. Honours `If-Match`.
         */
        delete: operations["deleteEvent"];
        options?: never;
        head?: never;
        /**
         * Change an event (JSON merge patch)
         * @description A JSON merge patch (RFC 7396, `application/merge-patch+json` or `application/json`) of the event's input representation; the merged result is validated like a POST body. With `If-Match` the change applies only to the version you read (else 412).
         */
        patch: operations["updateEvent"];
        trace?: never;
    };
    "/v1/actors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Actors, searchable by name and alias
         * @description `q` matches word prefixes of names, aliases and ids in any language (`q=russ` finds Russland); cursor pages in id order.
         */
        get: operations["listActors"];
        put?: never;
        /**
         * Create an actor
         * @description Creates a state, organization, body or person under a readable id (`nato-russia-council`). Honours `Idempotency-Key`.
         */
        post: operations["createActor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/actors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One actor with event statistics
         * @description The actor, its number of events by type, and its first and last event.
         */
        get: operations["getActor"];
        put?: never;
        post?: never;
        /**
         * Delete an actor (soft)
         * @description Marks the actor deleted; refused with 409 while a live event still names it as participant. Honours `If-Match`.
         */
        delete: operations["deleteActor"];
        options?: never;
        head?: never;
        /**
         * Change an actor (JSON merge patch)
         * @description A JSON merge patch (RFC 7396, `application/merge-patch+json` or `application/json`) of the actor's input representation; the merged result is validated like a POST body. With `If-Match` (the actor's ETag) the change applies only to the version you read (else 412).
         */
        patch: operations["updateActor"];
        trace?: never;
    };
    "/v1/actors/{id}/network": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The actors that take part in events with an actor
         * @description The events are those of GET /v1/events with this actor as `actor` and the other filters given (window, type, status, tags, country, places, text); each other participant of them is a link, with the number of events shared, the first and the last (by earliest start). Largest first, then by id; 404 for an unknown actor. Cursor pages with `Link: rel="next"`. As a CSV edge list: GET /v1/actors/{id}/network.csv.
         */
        get: operations["getActorNetwork"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/actors/{id}/network.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An actor's network as a CSV edge list (or nodes table)
         * @description Every link in one RFC 4180 file with the columns of Gephi's spreadsheet import (networkx, igraph and pandas read it as an edge list): Source is this actor, Target the other (actor ids), Type `Undirected`, Weight the shared events, First and Last their EDTF dates (edge attributes). `table=nodes` gives the nodes table instead: Id, Label (the name in `lang`), Kind; this actor first. The events are those of GET /v1/events with this actor as `actor` and the other filters given (window, type, status, tags, country, places, text); each other participant of them is a link, with the number of events shared, the first and the last (by earliest start). Largest first, then by id; 404 for an unknown actor.
         */
        get: operations["exportActorNetworkCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The event-type vocabulary
         * @description Every event type with labels, description and PLOVER category; admins extend it with POST.
         */
        get: operations["listEventTypes"];
        put?: never;
        /**
         * Add an event type to the vocabulary (admin)
         * @description Extends the vocabulary events draw their `type` from. Needs an API key with scope `admin`. Honours `Idempotency-Key`.
         */
        post: operations["createEventType"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/timeline/histogram": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Events per year, month or day
         * @description Zero-filled buckets from `from` to `to` (without them, over the matching events). `count` counts events that may fall in the bucket (extent overlaps it), `certain` those that certainly do (extent inside it). Same filters as /v1/events; like gaps it counts what happened: without `status`, only `held` events (`statuses` says which were counted).
         */
        get: operations["getHistogram"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Counts of matching events by type, actor, role, country, status or PLOVER class
         * @description Groups sorted by count (or by key with `sort=key`), cursor pages with `Link: rel="next"`. The events are those of GET /v1/events with the same filters (every status unless `status` is given). `count` counts the matching events of a group (with a window: those that may fall in it, `temporal=overlaps`), `certain` those certainly inside the window. An event counts once in each group it belongs to, so with `actor` or `role` the counts add up to more than the events. The same as CSV: GET /v1/stats.csv.
         */
        get: operations["getStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Counts of matching events by group, as CSV
         * @description Every group of GET /v1/stats in one RFC 4180 file: a column per `group_by` key, then `count` and `certain`. The events are those of GET /v1/events with the same filters (every status unless `status` is given). `count` counts the matching events of a group (with a window: those that may fall in it, `temporal=overlaps`), `certain` those certainly inside the window. An event counts once in each group it belongs to, so with `actor` or `role` the counts add up to more than the events.
         */
        get: operations["exportStatsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Gaps: when nothing matching happened
         * @description The periods between matching events (the filters of GET /v1/events) and the time since the last one as of a date. Matching events that start on or before `as_of` are merged where they overlap; each gap between them has a `certain` span (from the latest possible end before to the earliest possible start after) and a `possible` one (earliest possible end to latest possible start), both in calendar days. `since_last` is the open gap up to `as_of` and ignores `min`; `longest` is the longest certain gap after `min`. Without `status`, only events that took place (`held`) count; `statuses` says which were considered. `coarse` names the events dated so coarsely (uncertain by more than `coarse_days`) that they hide gaps, and the gaps they hide. See docs/gaps.md.
         */
        get: operations["listGaps"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/actors/{id}/gaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Gaps in one actor's events
         * @description GET /v1/gaps with `actor` set to this actor, in any role unless `role` is given; 404 for an unknown actor. Matching events that start on or before `as_of` are merged where they overlap; each gap between them has a `certain` span (from the latest possible end before to the earliest possible start after) and a `possible` one (earliest possible end to latest possible start), both in calendar days. `since_last` is the open gap up to `as_of` and ignores `min`; `longest` is the longest certain gap after `min`. Without `status`, only events that took place (`held`) count; `statuses` says which were considered. `coarse` names the events dated so coarsely (uncertain by more than `coarse_days`) that they hide gaps, and the gaps they hide. See docs/gaps.md.
         */
        get: operations["listActorGaps"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The revision history of an event
         * @description Every create, update and delete of the event, oldest first, each with the full snapshot the write produced and the time. Deleted events keep their history, readable with a key with `write` scope (401/403 otherwise). The API key behind each write (`api_key_id`) is shown to `admin` keys only; it is null for everyone else.
         */
        get: operations["listEventRevisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The change feed: creates, updates and deletes in commit order
         * @description Every create, update and delete of events, actors and event types, in commit order: a mirror (or a client polling `updated_since`) learns about deletions here, as tombstones with the id and, for events, the slug. Read from the start without `since`, then keep passing `next_token` back as `since`; a token stays valid for good. A change shows up once every transaction that began writing before it has ended, so a token never skips a write that commits later.
         */
        get: operations["listChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/changes/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The change feed as a live stream (server-sent events)
         * @description The changes of GET /v1/changes as server-sent events, as they commit: each event's `id` is the change's token and its `data` the Change as JSON (default event type `message`). A reconnecting EventSource sends `Last-Event-ID` and gets every change after it, none twice; without it the stream starts after `since`, or from now on. A comment line every 15 s keeps proxies from closing an idle stream; `retry:` tells the client to reconnect after 3 s. Every API process serves its own streams (CHANGE_STREAMS_MAX each, 503 beyond) and learns of commits on any process through PostgreSQL notifications.
         */
        get: operations["streamChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events:import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import events in bulk (NDJSON, CSV, JSON, ACLED, Wikidata, mapped CSV), all or nothing
         * @description Creates or updates events: a row with `id` is the event with that id (created with it if there is none), else the event with its `slug`. The whole file is checked first; if anything is wrong the answer is a 422 listing the first 100 errors with `error_count`, and nothing is written. Otherwise it is written in one transaction; importing the same file again changes nothing. `dry_run=true` checks and counts without writing.
         *
         *     The answer comes when the import has finished (200 or 422), unless that takes longer than `IMPORT_WAIT_MS` (30 s by default) or the request says `Prefer: respond-async`: then it is a 202 whose `Location` is the import's job resource (`GET /v1/imports/{id}`), with its progress and, once finished, its result or problem.
         *
         *     An export imports again as it is (CSV, NDJSON, a JSON page): its read-only members (version, timestamps, the date's derived members, display strings) are ignored, any other unknown name is an error. A row with both `id` and `slug` is the event with that id; its slug is then renamed, unless another event has it (a 422). Researchers' formats: `format=acled`, `format=wikidata` (or Content-Type application/sparql-results+json), `format=csv-mapped&map=…` (docs/research-formats.md).
         *
         *     CSV columns: id, slug, type, status, date (or edtf), title_<lang>, summary_<lang>, participants (`actor:role;actor:role`), location, country, latitude, longitude, location_precision, tags (`a;b`), sources (JSON), relations (`kind:event;…`).
         */
        post: operations["importEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The state of an import running in the background
         * @description Its state (`queued`, `running`, `succeeded`, `failed`), its progress (rows read, rows/s, errors, an estimate of the time left to read the file) and, once finished, its report or its problem. Jobs are kept in the database for a week after they finish; only the key that started a job (or an admin key) sees it.
         */
        get: operations["getImportJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys
         * @description Every key with its scopes, prefix and revocation time; never a secret. Needs an `admin` key.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key
         * @description Makes a key with the given scopes and answers with its secret token, once: only a hash is stored. Needs an `admin` key. `Idempotency-Key` is refused (400), since the answer cannot be replayed.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Revokes the key at once (keys are checked on every request). The key stays listed with its `revoked_at`; revoking twice is harmless. Needs an `admin` key.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ProblemDetail: {
            /** @description What is wrong with this field, and how to fix it. */
            detail: string;
            /** @description JSON pointer into the part of the request named by `in`. */
            pointer: string;
            /** @enum {unknown} */
            in?: "query" | "body" | "path" | "header";
        };
        /**
         * @description RFC 9457 problem details.
         * @example {
         *       "type": "https://diplomatic-timeline.example/problems/validation",
         *       "title": "Invalid request",
         *       "status": 400,
         *       "detail": "limit: must be <= 500",
         *       "instance": "/v1/events",
         *       "errors": [
         *         {
         *           "detail": "must be <= 500",
         *           "pointer": "/limit",
         *           "in": "query"
         *         }
         *       ]
         *     }
         */
        Problem: {
            /**
             * Format: uri
             * @description Identifies the kind of problem.
             */
            type: string;
            title: string;
            status: number;
            /** @description What went wrong and what to do next. */
            detail: string;
            instance?: string;
            errors?: components["schemas"]["ProblemDetail"][];
        };
        /** @description The embedded database: what a commit survives, and its upkeep. */
        EmbeddedStatus: {
            /**
             * @description What an acknowledged write survives. `power-loss`: each commit is fsynced to disk before the answer (EMBEDDED_FSYNC=true). `process-crash`: the commit is in the operating system's cache when answered, so it survives the process being killed but not a power loss or kernel crash (EMBEDDED_FSYNC=false). `none`: an in-memory database.
             * @enum {unknown}
             */
            commits_survive: "power-loss" | "process-crash" | "none";
            /** @description fsync calls made by the embedded PostgreSQL since start. */
            fsync_calls: number;
            /** @description The statistics and vacuum upkeep that stands in for autovacuum (null when EMBEDDED_UPKEEP_INTERVAL_MS=0). */
            upkeep: {
                last_check: string | null;
                analyzes: number;
                vacuums: number;
                last_action: {
                    /** @enum {unknown} */
                    operation: "analyze" | "vacuum";
                    table: string;
                    /** Format: date-time */
                    at: string;
                    ms: number;
                } | null;
            } | null;
        };
        ReplicaStatus: {
            /** @description The replica's URL from DATABASE_READ_URL, without its password. */
            name: string;
            /**
             * @description `up`: serves reads. `lagging`: answers but is more than DATABASE_READ_MAX_LAG_MS behind the primary. `down`: does not answer. `foreign`: not a copy of the primary. `unknown`: not checked yet. Reads meant for a replica that is not `up` go to the primary.
             * @enum {unknown}
             */
            state: "up" | "lagging" | "down" | "foreign" | "unknown";
            /** @description How long ago the primary wrote the oldest change this replica has not replayed (0: none). */
            lag_ms: number | null;
            /** @description WAL bytes the replica has still to replay, at the last check. */
            lag_bytes: number | null;
            /** @description The WAL position it had replayed at the last check (compare with X-Read-Position). */
            replayed: string | null;
            /** @description Why it is down or foreign. */
            error: string | null;
        };
        Health: {
            /** @enum {unknown} */
            status: "ok" | "ready";
            /** @enum {unknown} */
            database?: "postgres" | "embedded";
            embedded?: components["schemas"]["EmbeddedStatus"];
            /** @description With DATABASE_READ_URL: each read replica as of its last check (every DATABASE_READ_CHECK_INTERVAL_MS). A replica that is not up does not make the service unready: its reads go to the primary. */
            replicas?: components["schemas"]["ReplicaStatus"][];
        };
        /**
         * @description A day of the proleptic Gregorian calendar, YYYY-MM-DD; years before 1 are astronomical (0000 = 1 BC, -0043-03-15 = 15 March 44 BC), years after 9999 have more digits.
         * @example 2019-07-05
         * @example -0043-03-15
         */
        CalendarDay: string;
        /**
         * @description Text by BCP 47 language tag, e.g. {"en": "…", "de": "…"}: keys are language tags (`en`, `pt-BR`), values texts.
         * @example {
         *       "en": "NATO-Russia Council meeting",
         *       "de": "Sitzung des Nato-Russland-Rats"
         *     }
         */
        LanguageMap: {
            [key: string]: string;
        };
        /**
         * @description How an actor took part; `forum` is the body in which the event took place.
         * @enum {unknown}
         */
        Role: "party" | "initiator" | "recipient" | "host" | "chair" | "speaker" | "mediator" | "observer" | "forum";
        /** @enum {unknown} */
        EventStatus: "held" | "scheduled" | "cancelled";
        /** @enum {unknown} */
        RelationKind: "responds_to" | "ends" | "follows" | "part_of";
        /**
         * @example {
         *       "edtf": "2019-07",
         *       "precision": "month",
         *       "start": {
         *         "earliest": "2019-07-01",
         *         "latest": "2019-07-31",
         *         "approximate": false,
         *         "uncertain": false
         *       },
         *       "end": {
         *         "earliest": "2019-07-01",
         *         "latest": "2019-07-31",
         *         "approximate": false,
         *         "uncertain": false
         *       },
         *       "approximate": false,
         *       "uncertain": false,
         *       "open_start": false,
         *       "unknown_start": false,
         *       "open_end": false,
         *       "unknown_end": false,
         *       "one_of": false,
         *       "display": {
         *         "en": "July 2019",
         *         "de": "Juli 2019"
         *       }
         *     }
         */
        EventDate: {
            /** @description The date as written, in EDTF (ISO 8601-2): levels 0 and 1 and the level 2 forms with defined bounds. */
            edtf: string;
            /**
             * @description The coarsest unit in which a side is known. `time`: a date-time (kept in `edtf`), bounded by its calendar day; `season`: a season, quarter or other division of the year (EDTF 21–41).
             * @enum {unknown}
             */
            precision: "time" | "day" | "month" | "season" | "year" | "decade" | "century" | "millennium";
            start: {
                /** @description The earliest possible day of the start; null: −∞ (an open or unknown start, or a set that begins with ..). */
                earliest: components["schemas"]["CalendarDay"] | null;
                /** @description The latest possible day of the start; null: +∞. */
                latest: components["schemas"]["CalendarDay"] | null;
                /** @description The start is approximate (~ or % written on it). */
                approximate: boolean;
                /** @description The start is uncertain (? or % written on it). */
                uncertain: boolean;
            };
            end: {
                /** @description The earliest possible day of the end; null: +∞ for an open end (still going on), −∞ for a set that begins with .. ([..1760-12-03]). */
                earliest: components["schemas"]["CalendarDay"] | null;
                /** @description The latest possible day of the end; null: +∞. */
                latest: components["schemas"]["CalendarDay"] | null;
                /** @description The end is approximate (~ or % written on it). */
                approximate: boolean;
                /** @description The end is uncertain (? or % written on it). */
                uncertain: boolean;
            };
            /** @description Either side is approximate. */
            approximate: boolean;
            /** @description Either side is uncertain. */
            uncertain: boolean;
            /** @description Going on since an open-ended past (EDTF `../`). */
            open_start: boolean;
            /** @description Started at an unknown date (EDTF `/` before the end). */
            unknown_start: boolean;
            /** @description Still going on (EDTF `/..`). */
            open_end: boolean;
            /** @description Ended at an unknown date (EDTF `/`). */
            unknown_end: boolean;
            /** @description One of a set of dates (EDTF `[2019, 2020]`): the bounds run from the first to the last. */
            one_of: boolean;
            /** @description Human-readable date per language. */
            display: {
                [key: string]: string;
            };
        };
        ActorRef: {
            id: string;
            kind: string;
            name: components["schemas"]["LanguageMap"];
        };
        Participant: {
            actor: components["schemas"]["ActorRef"];
            role: components["schemas"]["Role"];
        };
        /**
         * @description A place: a name as the sources write it, an ISO 3166-1 alpha-2 country code (assigned codes only), WGS84 coordinates in decimal degrees (both or neither) and their precision (only with coordinates).
         * @example {
         *       "name": "Brussels",
         *       "country": "BE",
         *       "lat": 50.8503,
         *       "lon": 4.3517,
         *       "precision": "city"
         *     }
         */
        Location: {
            name?: string;
            /** @description ISO 3166-1 alpha-2. */
            country?: string;
            lat?: number;
            lon?: number;
            /**
             * @description How precise `lat`/`lon` are: the very place (`exact`), or a point standing for the city, region or country it names.
             * @enum {unknown}
             */
            precision?: "exact" | "city" | "region" | "country";
        };
        Source: {
            title: string;
            publisher?: string;
            /** Format: uri */
            url?: string;
            /** @description EDTF date of publication. */
            published?: string;
            lang?: string;
            /** @description Verbatim, in the original language. */
            quote?: string;
            quoted_actor?: string;
        };
        Relation: {
            kind: components["schemas"]["RelationKind"];
            event: {
                /** Format: uuid */
                id: string;
                slug: string | null;
            };
        };
        Event: {
            /** Format: uuid */
            id: string;
            slug: string | null;
            type: string;
            status: components["schemas"]["EventStatus"];
            title: components["schemas"]["LanguageMap"];
            summary: {
                [key: string]: string;
            };
            date: components["schemas"]["EventDate"];
            participants: components["schemas"]["Participant"][];
            location: components["schemas"]["Location"] | null;
            sources: components["schemas"]["Source"][];
            tags: string[];
            relations: components["schemas"]["Relation"][];
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /** @description Present and true only for tombstones read with include_deleted. */
            deleted?: boolean;
        };
        EventList: {
            data: components["schemas"]["Event"][];
            next_cursor: string | null;
            /** @description Only with count=exact. */
            total?: number;
        };
        ParticipantInput: {
            actor: string;
            role?: components["schemas"]["Role"];
        };
        RelationInput: {
            kind: components["schemas"]["RelationKind"];
            /** @description The related event, by UUID or slug. */
            event: string;
        };
        /**
         * @example {
         *       "slug": "nrc-meeting-2019-07",
         *       "type": "meeting",
         *       "title": {
         *         "en": "NATO-Russia Council meeting",
         *         "de": "Sitzung des Nato-Russland-Rats"
         *       },
         *       "date": "2019-07",
         *       "participants": [
         *         {
         *           "actor": "nato-russia-council",
         *           "role": "forum"
         *         }
         *       ]
         *     }
         */
        EventInput: {
            slug?: string | null;
            /** @description An event-type code (see /v1/event-types). */
            type: string;
            status?: components["schemas"]["EventStatus"];
            title: components["schemas"]["LanguageMap"];
            summary?: {
                [key: string]: string;
            };
            /** @description EDTF (ISO 8601-2): 2019, 2019-07, 2019-07-05, 2014-06/2016-04, 2019-07-05/.., ../2019, 2021-06-07~, 201X, 2019-21 (spring), -0043-03-15, 1985-04-12T23:20:30Z, [2019, 2020]… See docs/decisions.md. */
            date: string;
            participants?: components["schemas"]["ParticipantInput"][];
            location?: components["schemas"]["Location"] | null;
            sources?: components["schemas"]["Source"][];
            tags?: string[];
            relations?: components["schemas"]["RelationInput"][];
        };
        /** @description The members of an EventDate that `fields=` selected (`date.edtf`, `date.start`…). */
        PartialEventDate: {
            /** @description The date as written, in EDTF (ISO 8601-2): levels 0 and 1 and the level 2 forms with defined bounds. */
            edtf?: string;
            /**
             * @description The coarsest unit in which a side is known. `time`: a date-time (kept in `edtf`), bounded by its calendar day; `season`: a season, quarter or other division of the year (EDTF 21–41).
             * @enum {unknown}
             */
            precision?: "time" | "day" | "month" | "season" | "year" | "decade" | "century" | "millennium";
            start?: {
                /** @description The earliest possible day of the start. */
                earliest?: components["schemas"]["CalendarDay"] | null;
                /** @description The latest possible day of the start. */
                latest?: components["schemas"]["CalendarDay"] | null;
                approximate?: boolean;
                uncertain?: boolean;
            };
            end?: {
                /** @description The earliest possible day of the end. */
                earliest?: components["schemas"]["CalendarDay"] | null;
                /** @description The latest possible day of the end. */
                latest?: components["schemas"]["CalendarDay"] | null;
                approximate?: boolean;
                uncertain?: boolean;
            };
            /** @description Either side is approximate. */
            approximate?: boolean;
            /** @description Either side is uncertain. */
            uncertain?: boolean;
            /** @description Going on since an open-ended past (EDTF `../`). */
            open_start?: boolean;
            /** @description Started at an unknown date (EDTF `/` before the end). */
            unknown_start?: boolean;
            /** @description Still going on (EDTF `/..`). */
            open_end?: boolean;
            /** @description Ended at an unknown date (EDTF `/`). */
            unknown_end?: boolean;
            /** @description One of a set of dates (EDTF `[2019, 2020]`): the bounds run from the first to the last. */
            one_of?: boolean;
            /** @description Human-readable date per language. */
            display?: {
                [key: string]: string;
            };
        };
        /** @description An Event with only the members `fields=` selected (and always `id`), in the Event's order; a selected sub-member of `location` is left out where the event has none, as in Event. Not an import file: an import refuses a row in the export shape that lacks members. */
        PartialEvent: {
            /** Format: uuid */
            id: string;
            slug?: string | null;
            type?: string;
            status?: components["schemas"]["EventStatus"];
            title?: components["schemas"]["LanguageMap"];
            summary?: {
                [key: string]: string;
            };
            date?: components["schemas"]["PartialEventDate"];
            participants?: components["schemas"]["Participant"][];
            location?: components["schemas"]["Location"] | null;
            sources?: components["schemas"]["Source"][];
            tags?: string[];
            relations?: components["schemas"]["Relation"][];
            version?: number;
            /** Format: date-time */
            created_at?: string;
            /** Format: date-time */
            updated_at?: string;
        };
        /** @description A page of GET /v1/events with `fields=` (media type application/vnd.timeline.partial+json): the EventList envelope with PartialEvents. */
        PartialEventList: {
            data: components["schemas"]["PartialEvent"][];
            next_cursor: string | null;
            /** @description Only with count=exact. */
            total?: number;
        };
        /** @description TimelineJS 3 JSON: a title slide, slides with start_date/end_date as {year, month?, day?} grouped by their type label in `lang`; intervals longer than a day also as eras. */
        TimelineJs: {
            /** @description The title slide: the query in words, in `lang`. */
            title: {
                text: {
                    headline: string;
                    text: string;
                };
            };
            events: {
                [key: string]: unknown;
            }[];
            eras: {
                [key: string]: unknown;
            }[];
            /** @description The cursor of the next page (also in the `Link: rel="next"` header); null on the last. */
            next_cursor: string | null;
        };
        /** @enum {unknown} */
        ActorKind: "state" | "organization" | "body" | "person" | "other";
        Affiliation: {
            /** @description The actor affiliated with, e.g. `nato`. */
            actor: string;
            /** @description e.g. "Secretary General". */
            role?: string;
            /** @description EDTF period, e.g. 2014-10/2024-10. */
            date?: string;
        };
        /**
         * @example {
         *       "id": "nato-russia-council",
         *       "kind": "body",
         *       "name": {
         *         "en": "NATO-Russia Council",
         *         "de": "Nato-Russland-Rat"
         *       },
         *       "aliases": [
         *         "NRC",
         *         "NRR"
         *       ],
         *       "country": null,
         *       "wikidata": null,
         *       "affiliations": [],
         *       "seat": {
         *         "name": "Brussels",
         *         "country": "BE",
         *         "lat": 50.8795,
         *         "lon": 4.4262,
         *         "precision": "exact"
         *       },
         *       "version": 1,
         *       "created_at": "2026-11-29T00:00:00.000Z",
         *       "updated_at": "2026-11-29T00:00:00.000Z"
         *     }
         */
        Actor: {
            id: string;
            kind: components["schemas"]["ActorKind"];
            name: components["schemas"]["LanguageMap"];
            aliases: string[];
            country: string | null;
            wikidata: string | null;
            affiliations: components["schemas"]["Affiliation"][];
            /** @description Where the actor sits (NATO: Brussels), a place as an event location is. */
            seat: components["schemas"]["Location"] | null;
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ActorStats: {
            events: number;
            by_type: {
                [key: string]: number;
            };
            first_event: {
                id: string;
                slug: string | null;
                date: string;
            } | null;
            last_event: {
                id: string;
                slug: string | null;
                date: string;
            } | null;
        };
        ActorDetail: {
            id: string;
            kind: components["schemas"]["ActorKind"];
            name: components["schemas"]["LanguageMap"];
            aliases: string[];
            country: string | null;
            wikidata: string | null;
            affiliations: components["schemas"]["Affiliation"][];
            /** @description Where the actor sits (NATO: Brussels), a place as an event location is. */
            seat: components["schemas"]["Location"] | null;
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            stats: components["schemas"]["ActorStats"];
        };
        ActorList: {
            data: components["schemas"]["Actor"][];
            next_cursor: string | null;
            total?: number;
        };
        ActorInput: {
            /** @description A readable slug: `nato`, `jens-stoltenberg`. */
            id: string;
            kind: components["schemas"]["ActorKind"];
            name: components["schemas"]["LanguageMap"];
            aliases?: string[];
            country?: string | null;
            wikidata?: string | null;
            affiliations?: components["schemas"]["Affiliation"][];
            /** @description Where the actor sits (NATO: Brussels), a place as an event location is. */
            seat?: components["schemas"]["Location"] | null;
        };
        /**
         * @example {
         *       "actor": {
         *         "id": "russia",
         *         "kind": "state",
         *         "name": {
         *           "en": "Russia",
         *           "de": "Russland"
         *         }
         *       },
         *       "events": 9,
         *       "first": {
         *         "id": "0b9f0a44-5b0a-4c55-9a51-8a6c6fd0b001",
         *         "slug": "nrc-founded",
         *         "date": "2002-05-28"
         *       },
         *       "last": {
         *         "id": "0b9f0a44-5b0a-4c55-9a51-8a6c6fd0b002",
         *         "slug": "nrc-meeting-2022-01",
         *         "date": "2022-01-12"
         *       }
         *     }
         */
        NetworkLink: {
            actor: components["schemas"]["ActorRef"];
            /** @description Matching events both actors take part in. */
            events: number;
            /** @description The shared event that starts first (by earliest start, then id). */
            first: {
                /** Format: uuid */
                id: string;
                slug: string | null;
                /** @description EDTF, as written. */
                date: string;
            };
            /** @description The shared event that starts last. */
            last: {
                /** Format: uuid */
                id: string;
                slug: string | null;
                /** @description EDTF, as written. */
                date: string;
            };
        };
        Network: {
            /** @description The actor whose network this is. */
            actor: string;
            data: components["schemas"]["NetworkLink"][];
            next_cursor: string | null;
        };
        /**
         * @description PLOVER's 16 event categories (openeventdata/PLOVER codebook). Verbal cooperation: AGREE, CONSULT, SUPPORT, CONCEDE; material cooperation: COOPERATE, AID, RETREAT; verbal conflict: REQUEST, ACCUSE, REJECT, THREATEN; material conflict: PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT.
         * @enum {unknown}
         */
        PloverCategory: "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" | "COOPERATE" | "AID" | "RETREAT" | "REQUEST" | "ACCUSE" | "REJECT" | "THREATEN" | "PROTEST" | "SANCTION" | "MOBILIZE" | "COERCE" | "ASSAULT";
        /**
         * @description PLOVER's quad classes: cooperation or conflict, verbal or material.
         * @enum {unknown}
         */
        QuadClass: "verbal_cooperation" | "material_cooperation" | "verbal_conflict" | "material_conflict";
        /**
         * @example {
         *       "code": "meeting",
         *       "label": {
         *         "en": "Meeting",
         *         "de": "Treffen"
         *       },
         *       "description": {
         *         "en": "A session of a body or a bilateral or multilateral meeting."
         *       },
         *       "plover_category": "CONSULT",
         *       "quad_class": "verbal_cooperation"
         *     }
         */
        EventType: {
            code: string;
            label: components["schemas"]["LanguageMap"];
            /** @description What the type covers, by language tag. */
            description: {
                [key: string]: string;
            };
            /** @description The PLOVER event category of events of this type; null when it depends on the content. */
            plover_category: components["schemas"]["PloverCategory"] | null;
            /** @description The category's PLOVER quad class. */
            quad_class: components["schemas"]["QuadClass"] | null;
        };
        EventTypeList: {
            data: components["schemas"]["EventType"][];
            /** @description The vocabulary is one page. */
            next_cursor: null;
        };
        /**
         * @example {
         *       "bucket": "2019",
         *       "start": "2019-01-01",
         *       "end": "2019-12-31",
         *       "count": 1,
         *       "certain": 1
         *     }
         */
        HistogramBucket: {
            /** @description The period: `2019`, `2019-07` or `2019-07-05` (`-0043` for 44 BC). */
            bucket: string;
            start: components["schemas"]["CalendarDay"];
            end: components["schemas"]["CalendarDay"];
            /** @description Events whose extent overlaps the bucket (they may fall in it). */
            count: number;
            /** @description Events whose extent lies inside the bucket (they certainly fall in it). */
            certain: number;
        };
        Histogram: {
            data: components["schemas"]["HistogramBucket"][];
            /** @description A histogram is one page. */
            next_cursor: null;
            /** @enum {unknown} */
            bucket: "year" | "month" | "day";
            from: components["schemas"]["CalendarDay"] | null;
            to: components["schemas"]["CalendarDay"] | null;
            /** @description The event statuses counted: `status`, or by default `held` (what took place). */
            statuses: components["schemas"]["EventStatus"][];
        };
        /**
         * @description One group: its values under the names of `group_by`, and its counts.
         * @example {
         *       "actor": "nato-russia-council",
         *       "type": "meeting",
         *       "count": 12,
         *       "certain": 11
         *     }
         */
        StatsGroup: {
            /** @description Event-type code. */
            type?: string | null;
            /** @description Actor id. */
            actor?: string | null;
            /** @description Participant role. */
            role?: string | null;
            /** @description ISO 3166-1 alpha-2 code of the location; null: events without one. */
            country?: string | null;
            /** @description Event status. */
            status?: string | null;
            /** @description PLOVER category of the event's type; null: types without one. */
            plover?: string | null;
            /** @description PLOVER quad class of the event's type; null: types without one. */
            quad_class?: string | null;
            /** @description Matching events in the group (with a window: events that may fall in it). */
            count: number;
            /** @description Of those, the events certainly inside the window (all of them without one). */
            certain: number;
        };
        Stats: {
            data: components["schemas"]["StatsGroup"][];
            next_cursor: string | null;
            group_by: ("type" | "actor" | "role" | "country" | "status" | "plover" | "quad_class")[];
        };
        /**
         * @description A period between two calendar dates.
         * @example {
         *       "start": "2019-07-31",
         *       "end": "2021-06-07",
         *       "days": 677
         *     }
         */
        GapSpan: {
            start: components["schemas"]["CalendarDay"];
            end: components["schemas"]["CalendarDay"];
            /** @description Calendar days from start to end. */
            days: number;
        };
        /**
         * @description The longest quiet period the dates allow; it contains the certain span.
         * @example {
         *       "start": "2019-07-01",
         *       "end": "2021-06-07",
         *       "days": 707
         *     }
         */
        PossibleGapSpan: {
            /** @description null: unbounded (−∞), when an event dated as one of a set open at its start ([..1760-12-03]) precedes the gap. */
            start: components["schemas"]["CalendarDay"] | null;
            /** @description null: unbounded (+∞), when an event dated as one of a set open at its end ([1760-12..]) follows the gap. */
            end: components["schemas"]["CalendarDay"] | null;
            /** @description Calendar days from start to end; null when a side is unbounded. */
            days: number | null;
        };
        /** @description An event that bounds a gap. */
        GapEventRef: {
            /** Format: uuid */
            id: string;
            slug: string | null;
            title: components["schemas"]["LanguageMap"];
            /** @description The event date as written, in EDTF. */
            date: string;
        };
        /** @description A period in which no matching event happened. `certain` runs from the latest possible end of the events before it to the earliest possible start of those after it: nothing matching certainly happened then. `possible` runs from their earliest possible end to the latest possible start: the longest quiet period the dates allow. */
        Gap: {
            certain: components["schemas"]["GapSpan"];
            possible: components["schemas"]["PossibleGapSpan"];
            duration: {
                /** @description ISO 8601 duration of the certain span, e.g. P1Y10M7D. */
                iso: string;
                /** @description Whole months in the certain span. */
                months: number;
            };
            /** @description The event the gap follows (the one ending latest); null for the leading gap. */
            after: components["schemas"]["GapEventRef"] | null;
            /** @description The event that ends the gap (the one starting first); null for the open gap. */
            before: components["schemas"]["GapEventRef"] | null;
            /** @description The trailing gap from the last event up to `as_of`. */
            open: boolean;
            /** @description The gap from `from` to the first event (`include_leading`). */
            leading: boolean;
        };
        /** @description An event whose date is uncertain by more than `coarse_days` on a side. */
        CoarseEvent: {
            /** Format: uuid */
            id: string;
            slug: string | null;
            title: components["schemas"]["LanguageMap"];
            /** @description The event date as written, in EDTF. */
            date: string;
            /** @description Days between the earliest and the latest possible start; null: unbounded; 0 for an open start. */
            start_uncertainty_days: number | null;
            /** @description Days between the earliest and the latest possible end; null: unbounded (an unknown end); 0 for an open end. */
            end_uncertainty_days: number | null;
        };
        /** @description A gap that is certain when the coarse events are left out, and the events that hide it. */
        HiddenGap: {
            gap: components["schemas"]["Gap"];
            /** @description The coarse events whose possible dates reach into the certain span of the gap. */
            hidden_by: components["schemas"]["CoarseEvent"][];
        };
        /** @description Events dated only coarsely (a decade, 20XX, an unknown end) can close gaps that their real dates would leave open. This says which, and how to narrow them. */
        CoarseReport: {
            /** @description The threshold used (`coarse_days`). */
            days: number;
            /** @description Whether the coarse events were left out of the gaps (`exclude_coarse`). */
            excluded: boolean;
            /** @description Matching coarse events that start on or before `as_of` (considered, or left out). */
            events: number;
            /** @description Gaps the coarse events hide (at most 50, found among the first 1000 gaps without them); empty when they were left out. */
            hidden: components["schemas"]["HiddenGap"][];
            /** @description What the coarse events do to the answer and how to narrow them; null when they hide nothing. */
            advice: string | null;
        };
        GapReport: {
            data: components["schemas"]["Gap"][];
            next_cursor: string | null;
            /** @description The open gap up to `as_of`, whatever `min` says; null when an event reaches `as_of`. */
            since_last: components["schemas"]["Gap"] | null;
            /** @description The longest certain gap of the whole answer (after `min`, the open gap included). */
            longest: components["schemas"]["Gap"] | null;
            /** @description Matching events that start on or before `as_of`. */
            events_considered: number;
            as_of: components["schemas"]["CalendarDay"];
            /** @description The event statuses the gaps consider: `status`, or by default `held` (what took place). */
            statuses: components["schemas"]["EventStatus"][];
            coarse: components["schemas"]["CoarseReport"];
        };
        Change: {
            /** @description Where this change is in the feed: pass it as `since` (or `Last-Event-ID`) to read what follows. */
            token: string;
            /**
             * @description What kind of resource changed.
             * @enum {unknown}
             */
            entity: "event" | "actor" | "event_type";
            /** @description The resource: an event id (uuid), an actor id or an event type code. */
            id: string;
            /** @description An event's slug as of this change (also for a delete: the tombstone's); null otherwise. */
            slug: string | null;
            /**
             * @description `delete` is a tombstone: the resource reads as 404 from then on.
             * @enum {unknown}
             */
            operation: "create" | "update" | "delete";
            /** @description The version this write produced. */
            version: number;
            /** Format: date-time */
            changed_at: string;
        };
        ChangeList: {
            /** @description In commit order, oldest first. */
            data: components["schemas"]["Change"][];
            /** @description Pass as `since` to read on; when `data` is empty it is the `since` given, so polling with it repeats nothing. */
            next_token: string;
            /** @description More changes follow right away (the page was full). */
            has_more: boolean;
        };
        /**
         * @description A JSON merge patch (RFC 7396) of the EventInput representation: members present replace, `null` removes, language maps and the location merge member by member, arrays are replaced whole. The merged result must be a valid EventInput.
         * @example {
         *       "status": "cancelled",
         *       "summary": {
         *         "de": null
         *       },
         *       "tags": [
         *         "nrc"
         *       ]
         *     }
         */
        EventPatch: {
            slug?: string | null;
            /** @description An event-type code; it cannot be removed. */
            type?: string | null;
            status?: components["schemas"]["EventStatus"] | null;
            /** @description Languages to set; `null` removes one. At least one must remain. */
            title?: {
                [key: string]: string | null;
            } | null;
            /** @description Languages to set; `null` removes one. */
            summary?: {
                [key: string]: string | null;
            } | null;
            /** @description EDTF; it cannot be removed. */
            date?: string | null;
            /** @description Replaces the list. */
            participants?: components["schemas"]["ParticipantInput"][] | null;
            /** @description Merged into the Location member by member; `null` removes it. */
            location?: {
                name?: string | null;
                country?: string | null;
                lat?: number | null;
                lon?: number | null;
                precision?: string | null;
            } | null;
            /** @description Replaces the list. */
            sources?: components["schemas"]["Source"][] | null;
            /** @description Replaces the list. */
            tags?: string[] | null;
            /** @description Replaces the list. */
            relations?: components["schemas"]["RelationInput"][] | null;
        };
        ImportDifference: {
            /** @description The line (CSV: record; JSON: event number) of the row. */
            line: number;
            /**
             * Format: uuid
             * @description The event the row is (a new id for a created event).
             */
            id: string;
            slug: string | null;
            /** @enum {unknown} */
            outcome: "created" | "updated";
            /** @description For an update, each member that changes (slug, type, status, title, summary, date, participants, location, sources, tags, relations) with its old and new value; participants as `actor:role`, relations as `kind:event id`. Null for a created event. */
            changes: {
                [key: string]: {
                    old: unknown;
                    new: unknown;
                };
            } | null;
        };
        /**
         * @example {
         *       "rows": 3,
         *       "created": 1,
         *       "updated": 1,
         *       "unchanged": 1,
         *       "actors_created": 0,
         *       "dry_run": false
         *     }
         */
        ImportReport: {
            /** @description Data rows read (blank lines and the CSV header aside). */
            rows: number;
            created: number;
            updated: number;
            /** @description Rows whose event already reads so: not rewritten. */
            unchanged: number;
            /** @description Actors created from rows that give an actor as `{id, kind, name}` (or ACLED actor names). */
            actors_created: number;
            /** @description True when nothing was written: the counts are what the import would do. */
            dry_run: boolean;
            /** @description Dry runs only: the first 20 rows that would create or change an event, in file order, with what changes. */
            differences?: components["schemas"]["ImportDifference"][];
        };
        ImportLineError: {
            /** @description Line of the file (for CSV, the line its record starts on). */
            line: number;
            /** @description JSON pointer into the row (NDJSON: into the event; CSV: the column, e.g. `/title_en`). */
            pointer: string;
            detail: string;
            /** @enum {unknown} */
            in?: "body";
        };
        /**
         * @description RFC 9457 problem details of an import that wrote nothing: the first 100 errors with their lines, and how many there are.
         * @example {
         *       "type": "https://diplomatic-timeline.example/problems/unprocessable",
         *       "title": "Unprocessable content",
         *       "status": 422,
         *       "detail": "2 of 120 rows are invalid; nothing was written",
         *       "instance": "/v1/events:import",
         *       "errors": [
         *         {
         *           "line": 4,
         *           "pointer": "/date",
         *           "detail": "not a valid EDTF date",
         *           "in": "body"
         *         },
         *         {
         *           "line": 9,
         *           "pointer": "/participants/0/actor",
         *           "detail": "unknown actor \"natoo\"",
         *           "in": "body"
         *         }
         *       ],
         *       "error_count": 2
         *     }
         */
        ImportProblem: {
            /** Format: uri */
            type: string;
            title: string;
            status: number;
            detail: string;
            instance?: string;
            /** @description The first 100 errors, in file order. */
            errors?: components["schemas"]["ImportLineError"][];
            /** @description How many errors the file has in all; `errors` lists the first 100. */
            error_count?: number;
        };
        ImportProgress: {
            /**
             * @description `reading` the file into the staging tables, `checking` it against the database, `writing` the events in one transaction, `analyzing` the tables it changed.
             * @enum {unknown}
             */
            phase: "queued" | "reading" | "checking" | "writing" | "analyzing" | "done";
            bytes_read: number;
            bytes_total: number;
            /** @description Rows read so far. */
            rows: number;
            /** @description Errors found so far. */
            errors: number;
            /** @description Rows read per second since the start. */
            rows_per_second: number;
            /** @description An estimate of the time left to read the file; null once it is read. */
            seconds_left: number | null;
        };
        /** @description An import running (or run) in the background: poll it until `state` is succeeded or failed. */
        ImportJob: {
            /** Format: uuid */
            id: string;
            /**
             * @description `succeeded` comes with `result`, `failed` with `problem` (nothing was written).
             * @enum {unknown}
             */
            state: "queued" | "running" | "succeeded" | "failed";
            /** @description The format of the file: ndjson or csv. */
            format: string;
            dry_run: boolean;
            /** Format: date-time */
            created_at: string;
            started_at: string | null;
            finished_at: string | null;
            progress: components["schemas"]["ImportProgress"];
            result: components["schemas"]["ImportReport"] | null;
            problem: components["schemas"]["ImportProblem"] | null;
        };
        /**
         * @description A JSON merge patch (RFC 7396) of the ActorInput representation (the id cannot change): members present replace, `null` removes, `name` merges language by language.
         * @example {
         *       "aliases": [
         *         "NRC",
         *         "NRR",
         *         "Nato-Russland-Rat"
         *       ],
         *       "wikidata": null
         *     }
         */
        ActorPatch: {
            kind?: components["schemas"]["ActorKind"] | null;
            /** @description Languages to set; `null` removes one. */
            name?: {
                [key: string]: string | null;
            } | null;
            /** @description Replaces the list. */
            aliases?: string[] | null;
            country?: string | null;
            wikidata?: string | null;
            /** @description Replaces the list. */
            affiliations?: components["schemas"]["Affiliation"][] | null;
            /** @description Merged member by member; `null` removes the seat. */
            seat?: {
                name?: string | null;
                country?: string | null;
                lat?: number | null;
                lon?: number | null;
                precision?: string | null;
            } | null;
        };
        /**
         * @example {
         *       "code": "phone_call",
         *       "label": {
         *         "en": "Phone call",
         *         "de": "Telefonat"
         *       },
         *       "plover_category": "CONSULT"
         *     }
         */
        EventTypeInput: {
            /** @description The code events use as `type`. */
            code: string;
            label: components["schemas"]["LanguageMap"];
            /** @description What the type covers, by language tag. */
            description?: {
                [key: string]: string;
            };
            plover_category?: components["schemas"]["PloverCategory"] | null;
        };
        Revision: {
            /** @description The version this write produced. */
            version: number;
            /** @enum {unknown} */
            operation: "create" | "update" | "delete";
            /** Format: date-time */
            created_at: string;
            /** @description The API key that made the write, shown to `admin` keys only: null for every other reader, and for writes made by the seed and the command-line tools. */
            api_key_id: string | null;
            /** @description The full representation right after the write, exactly as GET returned it then (an Event for event revisions; a delete gives the tombstone with `deleted: true`). */
            snapshot: {
                [key: string]: unknown;
            };
        };
        RevisionList: {
            /** @description Oldest first. */
            data: components["schemas"]["Revision"][];
            /** @description The whole history is one page. */
            next_cursor: null;
        };
        /** @description An API key as stored: never its secret, which exists only in the answer that created it. */
        ApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description What the key may do beyond reading: `write`, and `admin` (which implies write). Empty for a read-only key. */
            scopes: ("write" | "admin")[];
            /** @description The part of the key between `dtl_` and the secret: safe to show and to log. */
            prefix: string;
            /** Format: date-time */
            created_at: string;
            revoked_at: string | null;
        };
        /**
         * @example {
         *       "name": "research team",
         *       "scopes": [
         *         "write"
         *       ]
         *     }
         */
        ApiKeyInput: {
            /** @description Who or what uses the key. */
            name: string;
            /** @description `read` (reads only, for READS_REQUIRE_KEY), `write`, `admin` (implies write). */
            scopes: ("read" | "write" | "admin")[];
        };
        CreatedApiKey: {
            key: components["schemas"]["ApiKey"];
            /** @description The key to send as `Authorization: Bearer <token>`. Shown this once: only its hash is kept. */
            token: string;
        };
        ApiKeyList: {
            /** @description Every key, revoked ones included, oldest first. */
            data: components["schemas"]["ApiKey"][];
        };
        ApiKeyRevocation: {
            key: components["schemas"]["ApiKey"];
            /** @description True when the key had been revoked before this request. */
            already_revoked: boolean;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Actor ids, e.g. `nato-russia-council`. Repeat the parameter or give a comma list (at most 20 values). */
                actor?: string[];
                /** @description Match any or all of `actor`. */
                actor_match?: "any" | "all";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Chronological (by earliest start) or reverse. */
                order?: "asc" | "desc";
                /** @description Count every matching event (an index-backed count of the whole set, not only the page): the JSON page gets `total`, and JSON and TimelineJS pages the `X-Total-Count` header. */
                count?: "exact";
                /** @description Language of the texts: en, de, fr, es, it, ru (a regional tag reads its language: `de-AT` is `de`; any other is a 400). CSV and TimelineJS texts are in it; a JSON page given `lang` keeps in each language map (title, summary, display date, actor names) only the text for that reader (the language, else English, else the first). Without `lang`: CSV and TimelineJS follow Accept-Language (else en), and JSON keeps every language. */
                lang?: string;
                /** @description The members of each event, comma-separated: top-level names and dotted sub-members (`date.edtf`, `date.start`, `date.display`, `location.lat`…), e.g. `fields=id,slug,date.edtf,title`. `id` is always included. JSON pages then answer as `application/vnd.timeline.partial+json` (a `PartialEventList`: the same envelope, each event with only those members, in the Event's order); NDJSON lines hold only those members. For CSV, `fields` chooses and orders the columns: the CSV's own column names (`edtf`, `start_earliest`, `display_date`, `latitude`, `title_de`…) or the dotted names (`date.edtf` is `edtf`; `date` and `location` give all their columns), `id` first unless named. `lang` then trims what is left. A partial file does not import again (a 422 names what it lacks). An unknown name is a 400 listing the allowed ones. */
                fields?: string;
                /** @description Deprecated: use GET /v1/events.csv, /v1/events.ndjson or /v1/events.timelinejs, where each format has its own documented response. `format=` (and `Accept: text/csv`, `application/x-ndjson`, `application/vnd.timelinejs+json`) still answers here with that body. */
                format?: "json" | "csv" | "ndjson" | "timelinejs";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    /** @description A weak validator of this answer: send it back as If-None-Match, and while nothing the answer shows has changed the reply is a 304 without a body. */
                    etag?: string;
                    /** @description With `count=exact`: how many events match (the whole set). */
                    "x-total-count"?: number;
                    /** @description With `lang` (JSON) or for CSV and TimelineJS: the language of the texts. */
                    "content-language"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventList"];
                    "application/vnd.timeline.partial+json": components["schemas"]["PartialEventList"];
                };
            };
            /** @description Not modified: If-None-Match names the current ETag. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description None of the accepted media types can be produced. */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body (within 24 h, per API key) replays the first response instead of creating again; with another body it is a 422. Use a fresh random value (e.g. a UUID) per intended write. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventInput"];
            };
        };
        responses: {
            /** @description Created; `Location` names the new event. */
            201: {
                headers: {
                    /** @description The new event: /v1/events/{id}. */
                    location?: string;
                    /** @description The new version: send it as If-Match next time. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (duplicate slug, request in progress). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported request media type. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Semantically invalid request (e.g. an idempotency key reused with another body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportEventsCsv: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Actor ids, e.g. `nato-russia-council`. Repeat the parameter or give a comma list (at most 20 values). */
                actor?: string[];
                /** @description Match any or all of `actor`. */
                actor_match?: "any" | "all";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Chronological (by earliest start) or reverse. */
                order?: "asc" | "desc";
                /** @description Count every matching event (an index-backed count of the whole set, not only the page): the JSON page gets `total`, and JSON and TimelineJS pages the `X-Total-Count` header. */
                count?: "exact";
                /** @description Language of the texts: en, de, fr, es, it, ru (a regional tag reads its language: `de-AT` is `de`; any other is a 400). CSV and TimelineJS texts are in it; a JSON page given `lang` keeps in each language map (title, summary, display date, actor names) only the text for that reader (the language, else English, else the first). Without `lang`: CSV and TimelineJS follow Accept-Language (else en), and JSON keeps every language. */
                lang?: string;
                /** @description The members of each event, comma-separated: top-level names and dotted sub-members (`date.edtf`, `date.start`, `date.display`, `location.lat`…), e.g. `fields=id,slug,date.edtf,title`. `id` is always included. JSON pages then answer as `application/vnd.timeline.partial+json` (a `PartialEventList`: the same envelope, each event with only those members, in the Event's order); NDJSON lines hold only those members. For CSV, `fields` chooses and orders the columns: the CSV's own column names (`edtf`, `start_earliest`, `display_date`, `latitude`, `title_de`…) or the dotted names (`date.edtf` is `edtf`; `date` and `location` give all their columns), `id` first unless named. `lang` then trims what is left. A partial file does not import again (a 422 names what it lacks). An unknown name is a 400 listing the allowed ones. */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching events as CSV */
            200: {
                headers: {
                    /** @description A weak validator of this answer: send it back as If-None-Match, and while nothing the answer shows has changed the reply is a 304 without a body. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Not modified: If-None-Match names the current ETag. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportEventsNdjson: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Actor ids, e.g. `nato-russia-council`. Repeat the parameter or give a comma list (at most 20 values). */
                actor?: string[];
                /** @description Match any or all of `actor`. */
                actor_match?: "any" | "all";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Chronological (by earliest start) or reverse. */
                order?: "asc" | "desc";
                /** @description Count every matching event (an index-backed count of the whole set, not only the page): the JSON page gets `total`, and JSON and TimelineJS pages the `X-Total-Count` header. */
                count?: "exact";
                /** @description Language of the texts: en, de, fr, es, it, ru (a regional tag reads its language: `de-AT` is `de`; any other is a 400). CSV and TimelineJS texts are in it; a JSON page given `lang` keeps in each language map (title, summary, display date, actor names) only the text for that reader (the language, else English, else the first). Without `lang`: CSV and TimelineJS follow Accept-Language (else en), and JSON keeps every language. */
                lang?: string;
                /** @description The members of each event, comma-separated: top-level names and dotted sub-members (`date.edtf`, `date.start`, `date.display`, `location.lat`…), e.g. `fields=id,slug,date.edtf,title`. `id` is always included. JSON pages then answer as `application/vnd.timeline.partial+json` (a `PartialEventList`: the same envelope, each event with only those members, in the Event's order); NDJSON lines hold only those members. For CSV, `fields` chooses and orders the columns: the CSV's own column names (`edtf`, `start_earliest`, `display_date`, `latitude`, `title_de`…) or the dotted names (`date.edtf` is `edtf`; `date` and `location` give all their columns), `id` first unless named. `lang` then trims what is left. A partial file does not import again (a 422 names what it lacks). An unknown name is a 400 listing the allowed ones. */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching events as NDJSON */
            200: {
                headers: {
                    /** @description A weak validator of this answer: send it back as If-None-Match, and while nothing the answer shows has changed the reply is a 304 without a body. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            /** @description Not modified: If-None-Match names the current ETag. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEventsTimelineJs: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Actor ids, e.g. `nato-russia-council`. Repeat the parameter or give a comma list (at most 20 values). */
                actor?: string[];
                /** @description Match any or all of `actor`. */
                actor_match?: "any" | "all";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Chronological (by earliest start) or reverse. */
                order?: "asc" | "desc";
                /** @description Count every matching event (an index-backed count of the whole set, not only the page): the JSON page gets `total`, and JSON and TimelineJS pages the `X-Total-Count` header. */
                count?: "exact";
                /** @description Language of the texts: en, de, fr, es, it, ru (a regional tag reads its language: `de-AT` is `de`; any other is a 400). CSV and TimelineJS texts are in it; a JSON page given `lang` keeps in each language map (title, summary, display date, actor names) only the text for that reader (the language, else English, else the first). Without `lang`: CSV and TimelineJS follow Accept-Language (else en), and JSON keeps every language. */
                lang?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of matching events as TimelineJS 3 JSON */
            200: {
                headers: {
                    /** @description A weak validator of this answer: send it back as If-None-Match, and while nothing the answer shows has changed the reply is a 304 without a body. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.timelinejs+json": components["schemas"]["TimelineJs"];
                };
            };
            /** @description Not modified: If-None-Match names the current ETag. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportEventsGeoJson: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Actor ids, e.g. `nato-russia-council`. Repeat the parameter or give a comma list (at most 20 values). */
                actor?: string[];
                /** @description Match any or all of `actor`. */
                actor_match?: "any" | "all";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Chronological (by earliest start) or reverse. */
                order?: "asc" | "desc";
                /** @description Count every matching event (an index-backed count of the whole set, not only the page): the JSON page gets `total`, and JSON and TimelineJS pages the `X-Total-Count` header. */
                count?: "exact";
                /** @description Language of the texts: en, de, fr, es, it, ru (a regional tag reads its language: `de-AT` is `de`; any other is a 400). CSV and TimelineJS texts are in it; a JSON page given `lang` keeps in each language map (title, summary, display date, actor names) only the text for that reader (the language, else English, else the first). Without `lang`: CSV and TimelineJS follow Accept-Language (else en), and JSON keeps every language. */
                lang?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An RFC 7946 FeatureCollection. */
            200: {
                headers: {
                    /** @description A weak validator of this answer: send it back as If-None-Match, and while nothing the answer shows has changed the reply is a 304 without a body. */
                    etag?: string;
                    /** @description Matching events left out because they have no coordinates. */
                    "x-events-without-coordinates"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": string;
                };
            };
            /** @description Not modified: If-None-Match names the current ETag. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: {
                /** @description Read a tombstone instead of 404. Needs an API key with `write` scope. */
                include_deleted?: boolean;
            };
            header?: never;
            path: {
                /** @description UUID or slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"];
                };
            };
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag from your last read: the write happens only if the resource is still at that version, else 412. `*` or no header: no check. */
                "if-match"?: string;
                /** @description Makes a retry safe: the same key with the same body (within 24 h, per API key) replays the first response instead of creating again; with another body it is a 422. Use a fresh random value (e.g. a UUID) per intended write. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description UUID or slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The If-Match version is stale. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Semantically invalid request (e.g. an idempotency key reused with another body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag from your last read: the write happens only if the resource is still at that version, else 412. `*` or no header: no check. */
                "if-match"?: string;
                /** @description Makes a retry safe: the same key with the same body (within 24 h, per API key) replays the first response instead of creating again; with another body it is a 422. Use a fresh random value (e.g. a UUID) per intended write. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description UUID or slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/merge-patch+json": components["schemas"]["EventPatch"];
                "application/json": components["schemas"]["EventPatch"];
            };
        };
        responses: {
            /** @description The changed event. */
            200: {
                headers: {
                    /** @description The new version: send it as If-Match next time. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (duplicate slug, request in progress). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The If-Match version is stale. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported request media type. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Semantically invalid request (e.g. an idempotency key reused with another body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listActors: {
        parameters: {
            query?: {
                q?: string;
                /** @description Actor kinds; repeat or comma list. */
                kind?: string[];
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActorList"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createActor: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body (within 24 h, per API key) replays the first response instead of creating again; with another body it is a 422. Use a fresh random value (e.g. a UUID) per intended write. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ActorInput"];
            };
        };
        responses: {
            /** @description Created; `Location` names the new actor. */
            201: {
                headers: {
                    /** @description /v1/actors/{id} */
                    location?: string;
                    /** @description The new version: send it as If-Match next time. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Actor"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (duplicate slug, request in progress). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported request media type. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Semantically invalid request (e.g. an idempotency key reused with another body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getActor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Actor id (slug). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActorDetail"];
                };
            };
            /** @description Not modified: If-None-Match names the current ETag. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteActor: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag from your last read: the write happens only if the resource is still at that version, else 412. `*` or no header: no check. */
                "if-match"?: string;
                /** @description Makes a retry safe: the same key with the same body (within 24 h, per API key) replays the first response instead of creating again; with another body it is a 422. Use a fresh random value (e.g. a UUID) per intended write. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Actor id (slug). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (duplicate slug, request in progress). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The If-Match version is stale. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Semantically invalid request (e.g. an idempotency key reused with another body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateActor: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag from your last read: the write happens only if the resource is still at that version, else 412. `*` or no header: no check. */
                "if-match"?: string;
                /** @description Makes a retry safe: the same key with the same body (within 24 h, per API key) replays the first response instead of creating again; with another body it is a 422. Use a fresh random value (e.g. a UUID) per intended write. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Actor id (slug). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/merge-patch+json": components["schemas"]["ActorPatch"];
                "application/json": components["schemas"]["ActorPatch"];
            };
        };
        responses: {
            /** @description The changed actor. */
            200: {
                headers: {
                    /** @description The new version: send it as If-Match next time. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Actor"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The If-Match version is stale. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported request media type. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Semantically invalid request (e.g. an idempotency key reused with another body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getActorNetwork: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description Actor id, e.g. `nato-russia-council`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Network"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportActorNetworkCsv: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description `edges` (Gephi's edge table: Source, Target, Type, Weight, First, Last) or `nodes` (its nodes table: Id, Label in `lang`, Kind; the actor first, then the others as the edges list them). */
                table?: "edges" | "nodes";
                /** @description Language of the nodes table's labels (en, de, fr, es, it, ru; else Accept-Language, else en), with the fallback of the CSV export. */
                lang?: string;
            };
            header?: never;
            path: {
                /** @description Actor id, e.g. `nato-russia-council`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 4180, header first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventTypeList"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createEventType: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body (within 24 h, per API key) replays the first response instead of creating again; with another body it is a 422. Use a fresh random value (e.g. a UUID) per intended write. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventTypeInput"];
            };
        };
        responses: {
            /** @description Added. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventType"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (duplicate slug, request in progress). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported request media type. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Semantically invalid request (e.g. an idempotency key reused with another body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getHistogram: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Actor ids, e.g. `nato-russia-council`. Repeat the parameter or give a comma list (at most 20 values). */
                actor?: string[];
                /** @description Match any or all of `actor`. */
                actor_match?: "any" | "all";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                bucket?: "year" | "month" | "day";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The buckets. */
            200: {
                headers: {
                    /** @description A weak validator of this answer: send it back as If-None-Match, and while nothing the answer shows has changed the reply is a 304 without a body. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Histogram"];
                };
            };
            /** @description Not modified: If-None-Match names the current ETag. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStats: {
        parameters: {
            query: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Actor ids, e.g. `nato-russia-council`. Repeat the parameter or give a comma list (at most 20 values). */
                actor?: string[];
                /** @description Match any or all of `actor`. */
                actor_match?: "any" | "all";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description One or two of `type`, `actor`, `role`, `country`, `status`, `plover`, `quad_class`, comma-separated (`actor,type`): a group per value (per pair of values). `actor` and `role` count an event once per actor (role) taking part; together they are the actor in that role. */
                group_by: string;
                /** @description `count`: the largest groups first (ties by key); `key`: by the group values. */
                sort?: "count" | "key";
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportStatsCsv: {
        parameters: {
            query: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Actor ids, e.g. `nato-russia-council`. Repeat the parameter or give a comma list (at most 20 values). */
                actor?: string[];
                /** @description Match any or all of `actor`. */
                actor_match?: "any" | "all";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description One or two of `type`, `actor`, `role`, `country`, `status`, `plover`, `quad_class`, comma-separated (`actor,type`): a group per value (per pair of values). `actor` and `role` count an event once per actor (role) taking part; together they are the actor in that role. */
                group_by: string;
                /** @description `count`: the largest groups first (ties by key); `key`: by the group values. */
                sort?: "count" | "key";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 4180, header first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listGaps: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Actor ids, e.g. `nato-russia-council`. Repeat the parameter or give a comma list (at most 20 values). */
                actor?: string[];
                /** @description Match any or all of `actor`. */
                actor_match?: "any" | "all";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
                /**
                 * @description The horizon: events starting later are left out and the open gap runs up to it. YYYY, YYYY-MM or YYYY-MM-DD (a partial date means its last day). Default: the last day of `to`, else today.
                 * @example 2021-06-07
                 */
                as_of?: string;
                /**
                 * @description Keep gaps whose certain span is at least this ISO 8601 duration (P6M, P1Y, P2W, P10D).
                 * @example P6M
                 */
                min?: string;
                /** @description Keep gaps whose certain span has at least this many days. */
                min_days?: number;
                /** @description `chronological` by start, or `longest` certain span first (then by start). */
                order?: "chronological" | "longest";
                /** @description Add the gap from `from` to the first matching event (needs `from`). */
                include_leading?: boolean;
                /** @description An event is coarse when its start or its end is uncertain by more than this many days (or unbounded, as an unknown end). The answer lists the gaps coarse events hide (`coarse`). */
                coarse_days?: number;
                /** @description Leave coarse events out of the gaps. */
                exclude_coarse?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of gaps with the open gap (`since_last`) and the longest one. */
            200: {
                headers: {
                    /** @description A weak validator of this answer: send it back as If-None-Match, and while nothing the answer shows has changed the reply is a 304 without a body. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GapReport"];
                };
            };
            /** @description Not modified: If-None-Match names the current ETag. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listActorGaps: {
        parameters: {
            query?: {
                /**
                 * @description Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).
                 * @example 2014
                 */
                from?: string;
                /**
                 * @description End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.
                 * @example 2016
                 */
                to?: string;
                /** @description `overlaps`: the event may fall in the window; `within`: it certainly does. */
                temporal?: "overlaps" | "within";
                /** @description Participant roles (with `actor`: the role those actors had). Repeat the parameter or give a comma list (at most 20 values). */
                role?: string[];
                /** @description Event-type codes. Repeat the parameter or give a comma list (at most 20 values). */
                type?: string[];
                /** @description PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`. Repeat the parameter or give a comma list (at most 20 values). */
                plover?: string[];
                /** @description PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`. Repeat the parameter or give a comma list (at most 20 values). */
                quad_class?: string[];
                /** @description Event statuses. Repeat the parameter or give a comma list (at most 20 values). */
                status?: string[];
                /** @description Tags (an event matches when it has any of them). Repeat the parameter or give a comma list (at most 20 values). */
                tag?: string[];
                /** @description ISO 3166-1 alpha-2 codes of the event location. Repeat the parameter or give a comma list (at most 20 values). */
                country?: string[];
                /**
                 * @description Events located in a box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (edges included). minLon > maxLon is a box across the antimeridian (RFC 7946, 5.2): `170,-50,-170,-30`. Events without coordinates never match.
                 * @example 2.5,49.5,6.4,51.5
                 */
                bbox?: string;
                /**
                 * @description Events located within a great-circle distance: `lat,lon,radius_km` (a sphere of the mean Earth radius, 6371.0088 km; edge included). Events without coordinates never match.
                 * @example 50.85,4.35,100
                 */
                near?: string;
                /** @description Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing. */
                q?: string;
                /** @description Only events changed at or after this instant (RFC 3339). */
                updated_since?: string;
                /** @description Page size (1–500). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
                /**
                 * @description The horizon: events starting later are left out and the open gap runs up to it. YYYY, YYYY-MM or YYYY-MM-DD (a partial date means its last day). Default: the last day of `to`, else today.
                 * @example 2021-06-07
                 */
                as_of?: string;
                /**
                 * @description Keep gaps whose certain span is at least this ISO 8601 duration (P6M, P1Y, P2W, P10D).
                 * @example P6M
                 */
                min?: string;
                /** @description Keep gaps whose certain span has at least this many days. */
                min_days?: number;
                /** @description `chronological` by start, or `longest` certain span first (then by start). */
                order?: "chronological" | "longest";
                /** @description Add the gap from `from` to the first matching event (needs `from`). */
                include_leading?: boolean;
                /** @description An event is coarse when its start or its end is uncertain by more than this many days (or unbounded, as an unknown end). The answer lists the gaps coarse events hide (`coarse`). */
                coarse_days?: number;
                /** @description Leave coarse events out of the gaps. */
                exclude_coarse?: boolean;
            };
            header?: never;
            path: {
                /** @description Actor id, e.g. `nato-russia-council`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of gaps with the open gap (`since_last`) and the longest one. */
            200: {
                headers: {
                    /** @description A weak validator of this answer: send it back as If-None-Match, and while nothing the answer shows has changed the reply is a 304 without a body. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GapReport"];
                };
            };
            /** @description Not modified: If-None-Match names the current ETag. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEventRevisions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID or slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The history. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevisionList"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listChanges: {
        parameters: {
            query?: {
                /** @description A token from an earlier read (`next_token` or a change's `token`); absent: from the first change. */
                since?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The changes after `since`, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeList"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamChanges: {
        parameters: {
            query?: {
                /** @description Start after this token (for a first connection; a reconnect sends `Last-Event-ID`). Absent: from now on. */
                since?: string;
            };
            header?: {
                /** @description The `id` of the last event received: resume after it. */
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless text/event-stream of changes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importEvents: {
        parameters: {
            query?: {
                /** @description Check and count, but write nothing; the report lists the first 20 events the file would create or change, with each changed member old → new. */
                dry_run?: boolean;
                /** @description The file's format when its Content-Type does not say it: `acled` (ACLED's CSV export) and `csv-mapped` (a CSV of your own with `map`) are sent as text/csv. See docs/research-formats.md. */
                format?: "ndjson" | "csv" | "json" | "wikidata" | "acled" | "csv-mapped";
                /** @description With format=csv-mapped: which column of the file gives each column of the import, `title=Name,date=When,type=const:meeting`. */
                map?: string;
            };
            header?: {
                /** @description `respond-async`: answer 202 with the job at once, without waiting. */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-ndjson": unknown;
                "text/csv": unknown;
                "application/json": unknown;
                "application/sparql-results+json": unknown;
            };
        };
        responses: {
            /** @description What the import did (or, with dry_run, would do). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description The import runs in the background: `Location` names its job resource, to poll until it has finished. */
            202: {
                headers: {
                    /** @description The job: /v1/imports/{id}. */
                    location?: string;
                    /** @description Seconds to wait before polling. */
                    "retry-after"?: string;
                    /** @description `respond-async` when it was asked for. */
                    "preference-applied"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJob"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (duplicate slug, request in progress). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported request media type. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The file has errors: the first 100 are listed, `error_count` says how many; nothing was written. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ImportProblem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJob"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyInput"];
            };
        };
        responses: {
            /** @description Created; `Location` names the key. Store `token` now. */
            201: {
                headers: {
                    /** @description /v1/keys/{id} */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported request media type. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key's id, or its prefix (`3f9c2a41b0de` or `dtl_3f9c2a41b0de`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyRevocation"];
                };
            };
            /** @description Invalid input: the `errors` array names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limit exceeded; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service overloaded; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
