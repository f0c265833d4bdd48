import { Type } from 'typebox';
import {
  EVENT_SLUG_PATTERN,
  LANGUAGE_TAG_PATTERN,
  languageMap,
  ref,
  SLUG_PATTERN,
} from '../../http/schemas.ts';

export const LanguageMapSchema = languageMap(Type.String({ minLength: 1, maxLength: 4000 }), {
  $id: 'LanguageMap',
  description:
    'Text by BCP 47 language tag, e.g. {"en": "…", "de": "…"}: keys are language tags (`en`, `pt-BR`), values texts.',
  minProperties: 1,
  maxProperties: 20,
  examples: [{ en: 'NATO-Russia Council meeting', de: 'Sitzung des Nato-Russland-Rats' }],
});

export const RoleSchema = Type.Enum(
  ['party', 'initiator', 'recipient', 'host', 'chair', 'speaker', 'mediator', 'observer', 'forum'],
  { $id: 'Role', description: 'How an actor took part; `forum` is the body in which the event took place.' },
);

export const StatusSchema = Type.Enum(['held', 'scheduled', 'cancelled'], { $id: 'EventStatus' });
export const RelationKindSchema = Type.Enum(['responds_to', 'ends', 'follows', 'part_of'], {
  $id: 'RelationKind',
});

// Years as EDTF and ISO 8601 write them: four digits, a minus sign before the common era (astronomical
// numbering: 0000 is 1 BC, -0043 is 44 BC), five to seven digits after 9999. RFC 3339's `date` format knows
// only 0000–9999, so this is a pattern.
export const CALENDAR_DAY_PATTERN = '^(-?[0-9]{4}|[1-9][0-9]{4,6})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

export const CalendarDaySchema = Type.String({
  $id: 'CalendarDay',
  pattern: CALENDAR_DAY_PATTERN,
  description:
    'A day of the proleptic Gregorian calendar, YYYY-MM-DD; years before 1 are astronomical (0000 = 1 BC, -0043-03-15 = 15 March 44 BC), years after 9999 have more digits.',
  examples: ['2019-07-05', '-0043-03-15'],
});

const bound = (description: string) => Type.Union([ref(CalendarDaySchema), Type.Null()], { description });

const side = (name: 'start' | 'end', unbounded: string) =>
  Type.Object(
    {
      earliest: bound(`The earliest possible day of the ${name}; null: ${unbounded}.`),
      latest: bound(`The latest possible day of the ${name}; null: +∞.`),
      approximate: Type.Boolean({ description: `The ${name} is approximate (~ or % written on it).` }),
      uncertain: Type.Boolean({ description: `The ${name} is uncertain (? or % written on it).` }),
    },
    { additionalProperties: false },
  );

export const EventDateSchema = Type.Object(
  {
    edtf: Type.String({
      description:
        'The date as written, in EDTF (ISO 8601-2): levels 0 and 1 and the level 2 forms with defined bounds.',
    }),
    precision: Type.Enum(['time', 'day', 'month', 'season', 'year', 'decade', 'century', 'millennium'], {
      description:
        'The coarsest unit in which a side is known. `time`: a date-time (kept in `edtf`), bounded by its calendar day; `season`: a season, quarter or other division of the year (EDTF 21–41).',
    }),
    start: side('start', '−∞ (an open or unknown start, or a set that begins with ..)'),
    end: side(
      'end',
      '+∞ for an open end (still going on), −∞ for a set that begins with .. ([..1760-12-03])',
    ),
    approximate: Type.Boolean({ description: 'Either side is approximate.' }),
    uncertain: Type.Boolean({ description: 'Either side is uncertain.' }),
    open_start: Type.Boolean({ description: 'Going on since an open-ended past (EDTF `../`).' }),
    unknown_start: Type.Boolean({ description: 'Started at an unknown date (EDTF `/` before the end).' }),
    open_end: Type.Boolean({ description: 'Still going on (EDTF `/..`).' }),
    unknown_end: Type.Boolean({ description: 'Ended at an unknown date (EDTF `/`).' }),
    one_of: Type.Boolean({
      description: 'One of a set of dates (EDTF `[2019, 2020]`): the bounds run from the first to the last.',
    }),
    display: Type.Record(Type.String(), Type.String(), { description: 'Human-readable date per language.' }),
  },
  {
    $id: 'EventDate',
    additionalProperties: false,
    examples: [
      {
        edtf: '2019-07',
        precision: 'month',
        start: { earliest: '2019-07-01', latest: '2019-07-31', approximate: false, uncertain: false },
        end: { earliest: '2019-07-01', latest: '2019-07-31', approximate: false, uncertain: false },
        approximate: false,
        uncertain: false,
        open_start: false,
        unknown_start: false,
        open_end: false,
        unknown_end: false,
        one_of: false,
        display: { en: 'July 2019', de: 'Juli 2019' },
      },
    ],
  },
);

export const ActorRefSchema = Type.Object(
  { id: Type.String(), kind: Type.String(), name: ref(LanguageMapSchema) },
  { $id: 'ActorRef', additionalProperties: false },
);

export const ParticipantSchema = Type.Object(
  { actor: ref(ActorRefSchema), role: ref(RoleSchema) },
  { $id: 'Participant', additionalProperties: false },
);

export const LocationSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.' })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    precision: Type.Optional(
      Type.Enum(['exact', 'city', 'region', 'country'], {
        description:
          'How precise `lat`/`lon` are: the very place (`exact`), or a point standing for the city, region or country it names.',
      }),
    ),
  },
  {
    $id: 'Location',
    additionalProperties: false,
    description:
      'A place: a name as the sources write it, an ISO 3166-1 alpha-2 country code (assigned codes only), WGS84 coordinates in decimal degrees (both or neither) and their precision (only with coordinates).',
    examples: [{ name: 'Brussels', country: 'BE', lat: 50.8503, lon: 4.3517, precision: 'city' }],
  },
);

export const SourceSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 500 }),
    publisher: Type.Optional(Type.String({ maxLength: 200 })),
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
    published: Type.Optional(Type.String({ maxLength: 64, description: 'EDTF date of publication.' })),
    lang: Type.Optional(Type.String({ pattern: LANGUAGE_TAG_PATTERN })),
    quote: Type.Optional(
      Type.String({ maxLength: 4000, description: 'Verbatim, in the original language.' }),
    ),
    quoted_actor: Type.Optional(Type.String({ pattern: SLUG_PATTERN })),
  },
  { $id: 'Source', additionalProperties: false },
);

export const RelationSchema = Type.Object(
  {
    kind: ref(RelationKindSchema),
    event: Type.Object(
      { id: Type.String({ format: 'uuid' }), slug: Type.Union([Type.String(), Type.Null()]) },
      { additionalProperties: false },
    ),
  },
  { $id: 'Relation', additionalProperties: false },
);

export const EventSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.Union([Type.String(), Type.Null()]),
    type: Type.String(),
    status: ref(StatusSchema),
    title: ref(LanguageMapSchema),
    summary: Type.Record(Type.String(), Type.String()),
    date: ref(EventDateSchema),
    participants: Type.Array(ref(ParticipantSchema)),
    location: Type.Union([ref(LocationSchema), Type.Null()]),
    sources: Type.Array(ref(SourceSchema)),
    tags: Type.Array(Type.String()),
    relations: Type.Array(ref(RelationSchema)),
    version: Type.Integer({ minimum: 1 }),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    deleted: Type.Optional(
      Type.Boolean({ description: 'Present and true only for tombstones read with include_deleted.' }),
    ),
  },
  { $id: 'Event', additionalProperties: false },
);

export const EventListSchema = Type.Object(
  {
    data: Type.Array(ref(EventSchema)),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
    total: Type.Optional(Type.Integer({ minimum: 0, description: 'Only with count=exact.' })),
  },
  { $id: 'EventList', additionalProperties: false },
);

/** With `fields=`, JSON pages answer with this media type: their events are PartialEvents. */
export const PARTIAL_EVENTS_MEDIA_TYPE = 'application/vnd.timeline.partial+json';

const partialSide = (name: 'start' | 'end') =>
  Type.Object(
    {
      earliest: Type.Optional(bound(`The earliest possible day of the ${name}.`)),
      latest: Type.Optional(bound(`The latest possible day of the ${name}.`)),
      approximate: Type.Optional(Type.Boolean()),
      uncertain: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  );

const dateMembers = EventDateSchema.properties;

export const PartialEventDateSchema = Type.Object(
  {
    edtf: Type.Optional(dateMembers.edtf),
    precision: Type.Optional(dateMembers.precision),
    start: Type.Optional(partialSide('start')),
    end: Type.Optional(partialSide('end')),
    approximate: Type.Optional(dateMembers.approximate),
    uncertain: Type.Optional(dateMembers.uncertain),
    open_start: Type.Optional(dateMembers.open_start),
    unknown_start: Type.Optional(dateMembers.unknown_start),
    open_end: Type.Optional(dateMembers.open_end),
    unknown_end: Type.Optional(dateMembers.unknown_end),
    one_of: Type.Optional(dateMembers.one_of),
    display: Type.Optional(dateMembers.display),
  },
  {
    $id: 'PartialEventDate',
    additionalProperties: false,
    description: 'The members of an EventDate that `fields=` selected (`date.edtf`, `date.start`…).',
  },
);

const eventMembers = EventSchema.properties;

export const PartialEventSchema = Type.Object(
  {
    id: eventMembers.id,
    slug: Type.Optional(eventMembers.slug),
    type: Type.Optional(eventMembers.type),
    status: Type.Optional(eventMembers.status),
    title: Type.Optional(eventMembers.title),
    summary: Type.Optional(eventMembers.summary),
    date: Type.Optional(ref(PartialEventDateSchema)),
    participants: Type.Optional(eventMembers.participants),
    location: Type.Optional(eventMembers.location),
    sources: Type.Optional(eventMembers.sources),
    tags: Type.Optional(eventMembers.tags),
    relations: Type.Optional(eventMembers.relations),
    version: Type.Optional(eventMembers.version),
    created_at: Type.Optional(eventMembers.created_at),
    updated_at: Type.Optional(eventMembers.updated_at),
  },
  {
    $id: 'PartialEvent',
    additionalProperties: false,
    description:
      "An Event with only the members `fields=` selected (and always `id`), in the Event's order; a selected sub-member of `location` is left out where the event has none, as in Event. Not an import file: an import refuses a row in the export shape that lacks members.",
  },
);

export const PartialEventListSchema = Type.Object(
  {
    data: Type.Array(ref(PartialEventSchema)),
    next_cursor: EventListSchema.properties.next_cursor,
    total: EventListSchema.properties.total,
  },
  {
    $id: 'PartialEventList',
    additionalProperties: false,
    description: `A page of GET /v1/events with \`fields=\` (media type ${PARTIAL_EVENTS_MEDIA_TYPE}): the EventList envelope with PartialEvents.`,
  },
);

export const ParticipantInputSchema = Type.Object(
  {
    actor: Type.String({ pattern: SLUG_PATTERN, maxLength: 80 }),
    role: Type.Optional(ref(RoleSchema)),
  },
  { $id: 'ParticipantInput', additionalProperties: false },
);

export const RelationInputSchema = Type.Object(
  {
    kind: ref(RelationKindSchema),
    event: Type.String({ minLength: 1, maxLength: 120, description: 'The related event, by UUID or slug.' }),
  },
  { $id: 'RelationInput', additionalProperties: false },
);

const eventInputProperties = {
  slug: Type.Optional(
    Type.Union([
      Type.String({
        pattern: EVENT_SLUG_PATTERN,
        maxLength: 120,
        description: 'Lowercase words joined by hyphens; not shaped like a UUID (ids are UUIDs).',
      }),
      Type.Null(),
    ]),
  ),
  type: Type.String({
    pattern: '^[a-z][a-z0-9_]{1,39}$',
    description: 'An event-type code (see /v1/event-types).',
  }),
  status: Type.Optional(ref(StatusSchema)),
  title: ref(LanguageMapSchema),
  summary: Type.Optional(languageMap(Type.String({ maxLength: 20000 }), { maxProperties: 20 })),
  date: Type.String({
    minLength: 1,
    maxLength: 64,
    description:
      'EDTF (ISO 8601-2): 2019, 2019-07, 2019-07-05, 2014-06/2016-04, 2019-07-05/.., ../2019, 2021-06-07~, 201X, 2019-21 (spring), -0043-03-15, 1985-04-12T23:20:30Z, [2019, 2020]… See docs/decisions.md.',
  }),
  participants: Type.Optional(Type.Array(ref(ParticipantInputSchema), { maxItems: 200 })),
  location: Type.Optional(Type.Union([ref(LocationSchema), Type.Null()])),
  sources: Type.Optional(Type.Array(ref(SourceSchema), { maxItems: 50 })),
  tags: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,49}$' }), { maxItems: 50 })),
  relations: Type.Optional(Type.Array(ref(RelationInputSchema), { maxItems: 50 })),
};

export const EventInputSchema = Type.Object(eventInputProperties, {
  $id: 'EventInput',
  additionalProperties: false,
  examples: [
    {
      slug: 'nrc-meeting-2019-07',
      type: 'meeting',
      title: { en: 'NATO-Russia Council meeting', de: 'Sitzung des Nato-Russland-Rats' },
      date: '2019-07',
      participants: [{ actor: 'nato-russia-council', role: 'forum' }],
    },
  ],
});

export const TimelineJsSchema = Type.Object(
  {
    title: Type.Object(
      {
        text: Type.Object({ headline: Type.String(), text: Type.String() }, { additionalProperties: false }),
      },
      { additionalProperties: false, description: 'The title slide: the query in words, in `lang`.' },
    ),
    events: Type.Array(Type.Object({}, { additionalProperties: true })),
    eras: Type.Array(Type.Object({}, { additionalProperties: true })),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'The cursor of the next page (also in the `Link: rel="next"` header); null on the last.',
    }),
  },
  {
    $id: 'TimelineJs',
    description:
      'TimelineJS 3 JSON: a title slide, slides with start_date/end_date as {year, month?, day?} grouped by their type label in `lang`; intervals longer than a day also as eras.',
  },
);

export const eventSchemas = [
  CalendarDaySchema,
  LanguageMapSchema,
  RoleSchema,
  StatusSchema,
  RelationKindSchema,
  EventDateSchema,
  ActorRefSchema,
  ParticipantSchema,
  LocationSchema,
  SourceSchema,
  RelationSchema,
  EventSchema,
  EventListSchema,
  ParticipantInputSchema,
  RelationInputSchema,
  EventInputSchema,
  PartialEventDateSchema,
  PartialEventSchema,
  PartialEventListSchema,
];
