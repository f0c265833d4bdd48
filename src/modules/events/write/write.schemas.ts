import { Type } from 'typebox';
import { EVENT_SLUG_PATTERN, languageMapPatch, orNull, ref } from '../../../http/schemas.ts';
import {
  ParticipantInputSchema,
  RelationInputSchema,
  SourceSchema,
  StatusSchema,
} from '../events.schemas.ts';
import { importSchemas } from '../import/import.schemas.ts';

const nullableText = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const languagePatch = (description: string) => Type.Optional(languageMapPatch(description));

export const EventPatchSchema = Type.Object(
  {
    slug: Type.Optional(orNull(Type.String({ pattern: EVENT_SLUG_PATTERN, maxLength: 120 }))),
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
            lat: Type.Optional(
              Type.Unsafe<number | null>({ type: ['number', 'null'], minimum: -90, maximum: 90 }),
            ),
            lon: Type.Optional(
              Type.Unsafe<number | null>({ type: ['number', 'null'], minimum: -180, maximum: 180 }),
            ),
            precision: Type.Optional(nullableText),
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

export const eventWriteSchemas = [EventPatchSchema, ...importSchemas];
