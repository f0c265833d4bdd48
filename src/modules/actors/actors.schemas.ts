import { Type } from 'typebox';
import { languageMapPatch, orNull, ref, SLUG_PATTERN } from '../../http/schemas.ts';
import { LanguageMapSchema, LocationSchema } from '../events/events.schemas.ts';

export const ActorKindSchema = Type.Enum(['state', 'organization', 'body', 'person', 'other'], {
  $id: 'ActorKind',
});

export const AffiliationSchema = Type.Object(
  {
    actor: Type.String({ pattern: SLUG_PATTERN, description: 'The actor affiliated with, e.g. `nato`.' }),
    role: Type.Optional(Type.String({ maxLength: 200, description: 'e.g. "Secretary General".' })),
    date: Type.Optional(Type.String({ maxLength: 64, description: 'EDTF period, e.g. 2014-10/2024-10.' })),
  },
  { $id: 'Affiliation', additionalProperties: false },
);

const actorFields = {
  kind: ref(ActorKindSchema),
  name: ref(LanguageMapSchema),
  aliases: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 }),
  country: Type.Union([
    Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.' }),
    Type.Null(),
  ]),
  wikidata: Type.Union([Type.String({ pattern: '^Q[1-9][0-9]*$' }), Type.Null()]),
  affiliations: Type.Array(ref(AffiliationSchema), { maxItems: 50 }),
  seat: Type.Union([ref(LocationSchema), Type.Null()], {
    description: 'Where the actor sits (NATO: Brussels), a place as an event location is.',
  }),
};

export const ActorSchema = Type.Object(
  {
    id: Type.String({ pattern: SLUG_PATTERN }),
    ...actorFields,
    version: Type.Integer({ minimum: 1 }),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  {
    $id: 'Actor',
    additionalProperties: false,
    examples: [
      {
        id: 'nato-russia-council',
        kind: 'body',
        name: { en: 'NATO-Russia Council', de: 'Nato-Russland-Rat' },
        aliases: ['NRC', 'NRR'],
        country: null,
        wikidata: null,
        affiliations: [],
        seat: { name: 'Brussels', country: 'BE', lat: 50.8795, lon: 4.4262, precision: 'exact' },
        version: 1,
        created_at: '2026-11-29T00:00:00.000Z',
        updated_at: '2026-11-29T00:00:00.000Z',
      },
    ],
  },
);

export const ActorStatsSchema = Type.Object(
  {
    events: Type.Integer({ minimum: 0 }),
    by_type: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    first_event: Type.Union([
      Type.Object({ id: Type.String(), slug: Type.Union([Type.String(), Type.Null()]), date: Type.String() }),
      Type.Null(),
    ]),
    last_event: Type.Union([
      Type.Object({ id: Type.String(), slug: Type.Union([Type.String(), Type.Null()]), date: Type.String() }),
      Type.Null(),
    ]),
  },
  { $id: 'ActorStats', additionalProperties: false },
);

export const ActorDetailSchema = Type.Object(
  {
    id: Type.String(),
    ...actorFields,
    version: Type.Integer({ minimum: 1 }),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    stats: ref(ActorStatsSchema),
  },
  { $id: 'ActorDetail', additionalProperties: false },
);

export const ActorListSchema = Type.Object(
  {
    data: Type.Array(ref(ActorSchema)),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
    total: Type.Optional(Type.Integer()),
  },
  { $id: 'ActorList', additionalProperties: false },
);

export const ActorInputSchema = Type.Object(
  {
    id: Type.String({
      pattern: SLUG_PATTERN,
      maxLength: 80,
      description: 'A readable slug: `nato`, `jens-stoltenberg`.',
    }),
    kind: ref(ActorKindSchema),
    name: ref(LanguageMapSchema),
    aliases: Type.Optional(actorFields.aliases),
    country: Type.Optional(actorFields.country),
    wikidata: Type.Optional(actorFields.wikidata),
    affiliations: Type.Optional(actorFields.affiliations),
    seat: Type.Optional(actorFields.seat),
  },
  { $id: 'ActorInput', additionalProperties: false },
);

export const ActorPatchSchema = Type.Object(
  {
    kind: Type.Optional(orNull(ref(ActorKindSchema))),
    name: Type.Optional(languageMapPatch('Languages to set; `null` removes one.')),
    aliases: Type.Optional(orNull(Type.Array(Type.String(), { description: 'Replaces the list.' }))),
    country: Type.Optional(orNull(Type.String())),
    wikidata: Type.Optional(orNull(Type.String())),
    affiliations: Type.Optional(
      orNull(Type.Array(ref(AffiliationSchema), { description: 'Replaces the list.' })),
    ),
    seat: Type.Optional(
      orNull(
        Type.Object(
          {
            name: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
            country: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
            lat: Type.Optional(Type.Unsafe<number | null>({ type: ['number', 'null'] })),
            lon: Type.Optional(Type.Unsafe<number | null>({ type: ['number', 'null'] })),
            precision: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
          },
          { additionalProperties: false, description: 'Merged member by member; `null` removes the seat.' },
        ),
      ),
    ),
  },
  {
    $id: 'ActorPatch',
    additionalProperties: false,
    description:
      'A JSON merge patch (RFC 7396) of the ActorInput representation (the id cannot change): members present replace, `null` removes, `name` merges language by language.',
    examples: [{ aliases: ['NRC', 'NRR', 'Nato-Russland-Rat'], wikidata: null }],
  },
);

export const actorSchemas = [
  ActorKindSchema,
  AffiliationSchema,
  ActorSchema,
  ActorStatsSchema,
  ActorDetailSchema,
  ActorListSchema,
  ActorInputSchema,
];

export const actorWriteSchemas = [ActorPatchSchema];
