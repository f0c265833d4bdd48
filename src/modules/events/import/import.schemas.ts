import { Type } from 'typebox';
import { ref, SLUG_PATTERN } from '../../../http/schemas.ts';
import { ActorKindSchema } from '../../actors/actors.schemas.ts';
import { EventInputSchema, LanguageMapSchema } from '../events.schemas.ts';

/** At most this many errors are listed in a 422, whatever the file holds; `error_count` gives the total. */
export const MAX_LISTED_ERRORS = 100;

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * Members of an exported event (`GET /v1/events`, `.ndjson`) that the service derives or keeps itself: an
 * import accepts them, so that an export imports again as it is, and ignores them. Any other name is refused.
 */
export const READ_ONLY_EVENT_MEMBERS = ['version', 'created_at', 'updated_at'] as const;
/** Members of an exported `date` derived from its `edtf`: accepted and ignored (the EDTF is what is written). */
export const READ_ONLY_DATE_MEMBERS = [
  'precision',
  'start',
  'end',
  'approximate',
  'uncertain',
  'open_start',
  'unknown_start',
  'open_end',
  'unknown_end',
  'one_of',
  'display',
] as const;

/**
 * An actor as an exported participant gives it: created with this kind and name when no actor has its id;
 * an existing actor is matched by id and kept as it is.
 */
export const ExportedActorSchema = Type.Object(
  {
    id: Type.String({ pattern: SLUG_PATTERN, maxLength: 80 }),
    kind: Type.Optional(ref(ActorKindSchema)),
    name: Type.Optional(ref(LanguageMapSchema)),
  },
  { additionalProperties: false },
);

/**
 * One row of an import: an EventInput, optionally with the event's `id`, so that an exported file can be
 * imported again. Only the import accepts `id`; POST /v1/events makes its own. An event as the API exports it
 * is first read as this (import.export-shape.ts).
 */
export const ImportRowSchema = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        pattern: UUID_PATTERN,
        description: 'The event this row is: updated if it exists, else created with this id.',
      }),
    ),
    ...EventInputSchema.properties,
  },
  { additionalProperties: false },
);

/** A dry run lists at most this many of the events it would create or change. */
export const MAX_LISTED_DIFFERENCES = 20;

export const ImportDifferenceSchema = Type.Object(
  {
    line: Type.Integer({ minimum: 1, description: 'The line (CSV: record; JSON: event number) of the row.' }),
    id: Type.String({ format: 'uuid', description: 'The event the row is (a new id for a created event).' }),
    slug: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.Enum(['created', 'updated']),
    changes: Type.Union(
      [
        Type.Record(
          Type.String(),
          Type.Object({ old: Type.Unknown(), new: Type.Unknown() }, { additionalProperties: false }),
        ),
        Type.Null(),
      ],
      {
        description:
          'For an update, each member that changes (slug, type, status, title, summary, date, participants, location, sources, tags, relations) with its old and new value; participants as `actor:role`, relations as `kind:event id`. Null for a created event.',
      },
    ),
  },
  { $id: 'ImportDifference', additionalProperties: false },
);

export const ImportReportSchema = Type.Object(
  {
    rows: Type.Integer({ minimum: 0, description: 'Data rows read (blank lines and the CSV header aside).' }),
    created: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0 }),
    unchanged: Type.Integer({ minimum: 0, description: 'Rows whose event already reads so: not rewritten.' }),
    actors_created: Type.Integer({
      minimum: 0,
      description:
        'Actors created from rows that give an actor as `{id, kind, name}` (or ACLED actor names).',
    }),
    dry_run: Type.Boolean({
      description: 'True when nothing was written: the counts are what the import would do.',
    }),
    differences: Type.Optional(
      Type.Array(ref(ImportDifferenceSchema), {
        maxItems: MAX_LISTED_DIFFERENCES,
        description: `Dry runs only: the first ${MAX_LISTED_DIFFERENCES} rows that would create or change an event, in file order, with what changes.`,
      }),
    ),
  },
  {
    $id: 'ImportReport',
    additionalProperties: false,
    examples: [{ rows: 3, created: 1, updated: 1, unchanged: 1, actors_created: 0, dry_run: false }],
  },
);

export const ImportLineErrorSchema = Type.Object(
  {
    line: Type.Integer({
      minimum: 1,
      description: 'Line of the file (for CSV, the line its record starts on).',
    }),
    pointer: Type.String({
      description: 'JSON pointer into the row (NDJSON: into the event; CSV: the column, e.g. `/title_en`).',
    }),
    detail: Type.String(),
    in: Type.Optional(Type.Enum(['body'])),
  },
  { $id: 'ImportLineError', additionalProperties: false },
);

export const ImportProblemSchema = Type.Object(
  {
    type: Type.String({ format: 'uri' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(ref(ImportLineErrorSchema), {
        maxItems: MAX_LISTED_ERRORS,
        description: `The first ${MAX_LISTED_ERRORS} errors, in file order.`,
      }),
    ),
    error_count: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: `How many errors the file has in all; \`errors\` lists the first ${MAX_LISTED_ERRORS}.`,
      }),
    ),
  },
  {
    $id: 'ImportProblem',
    description:
      'RFC 9457 problem details of an import that wrote nothing: the first 100 errors with their lines, and how many there are.',
    examples: [
      {
        type: 'https://diplomatic-timeline.example/problems/unprocessable',
        title: 'Unprocessable content',
        status: 422,
        detail: '2 of 120 rows are invalid; nothing was written',
        instance: '/v1/events:import',
        errors: [
          { line: 4, pointer: '/date', detail: 'not a valid EDTF date', in: 'body' },
          { line: 9, pointer: '/participants/0/actor', detail: 'unknown actor "natoo"', in: 'body' },
        ],
        error_count: 2,
      },
    ],
  },
);

export const ImportProgressSchema = Type.Object(
  {
    phase: Type.Enum(['queued', 'reading', 'checking', 'writing', 'analyzing', 'done'], {
      description:
        '`reading` the file into the staging tables, `checking` it against the database, `writing` the events in one transaction, `analyzing` the tables it changed.',
    }),
    bytes_read: Type.Integer({ minimum: 0 }),
    bytes_total: Type.Integer({ minimum: 0 }),
    rows: Type.Integer({ minimum: 0, description: 'Rows read so far.' }),
    errors: Type.Integer({ minimum: 0, description: 'Errors found so far.' }),
    rows_per_second: Type.Number({ minimum: 0, description: 'Rows read per second since the start.' }),
    seconds_left: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
      description: 'An estimate of the time left to read the file; null once it is read.',
    }),
  },
  { $id: 'ImportProgress', additionalProperties: false },
);

export const ImportJobSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    state: Type.Enum(['queued', 'running', 'succeeded', 'failed'], {
      description: '`succeeded` comes with `result`, `failed` with `problem` (nothing was written).',
    }),
    format: Type.String({ description: 'The format of the file: ndjson or csv.' }),
    dry_run: Type.Boolean(),
    created_at: Type.String({ format: 'date-time' }),
    started_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    finished_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    progress: ref(ImportProgressSchema),
    result: Type.Union([ref(ImportReportSchema), Type.Null()]),
    problem: Type.Union([ref(ImportProblemSchema), Type.Null()]),
  },
  {
    $id: 'ImportJob',
    additionalProperties: false,
    description:
      'An import running (or run) in the background: poll it until `state` is succeeded or failed.',
  },
);

export const importSchemas = [
  ImportDifferenceSchema,
  ImportReportSchema,
  ImportLineErrorSchema,
  ImportProblemSchema,
  ImportProgressSchema,
  ImportJobSchema,
];
