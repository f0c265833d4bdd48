import { Type } from 'typebox';
import { orNull, ref, SLUG_PATTERN } from '../../../http/schemas.ts';
import {
  ParticipantInputSchema,
  RelationInputSchema,
  SourceSchema,
  StatusSchema,
} from '../events.schemas.ts';

const nullableText = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const languagePatch = (description: string) =>
  Type.Optional(orNull(Type.Record(Type.String(), nullableText, { description })));

export const EventPatchSchema = Type.Object(
  {
    slug: Type.Optional(orNull(Type.String({ pattern: SLUG_PATTERN, maxLength: 120 }))),
    type: Type.Optional(orNull(Type.String({ description: 'An event-type code; it cannot be removed.' }))),
    status: Type.Optional(orNull(ref(StatusSchema))),
    title: languagePatch('Languages to set; `null` removes one. At least one must remain.'),
    summary: languagePatch('Languages to set; `null` removes one.'),
    date: Type.Optional(orNull(Type.String({ description: 'EDTF; it cannot be removed.' }))),
    participants: Type.Optional(
      orNull(Type.Array(ref(ParticipantInputSchema), { description: 'Replaces the list.' })),
    ),
    location: Type.Optional(
      orNull(
        Type.Object(
          {
            name: Type.Optional(nullableText),
            country: Type.Optional(nullableText),
            lat: Type.Optional(Type.Unsafe<number | null>({ type: ['number', 'null'] })),
            lon: Type.Optional(Type.Unsafe<number | null>({ type: ['number', 'null'] })),
          },
          {
            additionalProperties: false,
            description: 'Merged into the Location member by member; `null` removes it.',
          },
        ),
      ),
    ),
    sources: Type.Optional(orNull(Type.Array(ref(SourceSchema), { description: 'Replaces the list.' }))),
    tags: Type.Optional(orNull(Type.Array(Type.String(), { description: 'Replaces the list.' }))),
    relations: Type.Optional(
      orNull(Type.Array(ref(RelationInputSchema), { description: 'Replaces the list.' })),
    ),
  },
  {
    $id: 'EventPatch',
    additionalProperties: false,
    description:
      'A JSON merge patch (RFC 7396) of the EventInput representation: members present replace, `null` removes, language maps and the location merge member by member, arrays are replaced whole. The merged result must be a valid EventInput.',
    examples: [{ status: 'cancelled', summary: { de: null }, tags: ['nrc'] }],
  },
);

export const ImportReportSchema = Type.Object(
  {
    rows: Type.Integer({ minimum: 0, description: 'Data rows read (blank lines and the CSV header aside).' }),
    created: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0 }),
    unchanged: Type.Integer({ minimum: 0 }),
    dry_run: Type.Boolean({
      description: 'True when nothing was written: the counts are what the import would do.',
    }),
  },
  {
    $id: 'ImportReport',
    additionalProperties: false,
    examples: [{ rows: 3, created: 1, updated: 1, unchanged: 1, dry_run: false }],
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
      Type.Array(ref(ImportLineErrorSchema), { description: 'Every bad line, in file order.' }),
    ),
  },
  {
    $id: 'ImportProblem',
    description: 'RFC 9457 problem details listing every bad line of an import; nothing was written.',
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
      },
    ],
  },
);

export const eventWriteSchemas = [
  EventPatchSchema,
  ImportReportSchema,
  ImportLineErrorSchema,
  ImportProblemSchema,
];
