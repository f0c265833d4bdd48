import { Type } from 'typebox';
import { ISO_DURATION_PATTERN } from '../../domain/calendar.ts';
import { PARTIAL_DATE_PATTERN } from '../../domain/partial-date.ts';
import { pageProperties, ref } from '../../http/schemas.ts';
import { LanguageMapSchema } from '../events/events.schemas.ts';
import { eventFilterProperties } from '../events/events.service.ts';

export const GapSpanSchema = Type.Object(
  {
    start: Type.String({ format: 'date' }),
    end: Type.String({ format: 'date' }),
    days: Type.Integer({ minimum: 1, description: 'Calendar days from start to end.' }),
  },
  {
    $id: 'GapSpan',
    additionalProperties: false,
    description: 'A period between two calendar dates.',
    examples: [{ start: '2019-07-31', end: '2021-06-07', days: 677 }],
  },
);

export const GapEventRefSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.Union([Type.String(), Type.Null()]),
    title: ref(LanguageMapSchema),
    date: Type.String({ description: 'The event date as written, in EDTF.' }),
  },
  { $id: 'GapEventRef', additionalProperties: false, description: 'An event that bounds a gap.' },
);

const eventRefOrNull = (description: string) =>
  Type.Union([ref(GapEventRefSchema), Type.Null()], { description });

export const GapSchema = Type.Object(
  {
    certain: ref(GapSpanSchema),
    possible: ref(GapSpanSchema),
    duration: Type.Object(
      {
        iso: Type.String({ description: 'ISO 8601 duration of the certain span, e.g. P1Y10M7D.' }),
        months: Type.Integer({ minimum: 0, description: 'Whole months in the certain span.' }),
      },
      { additionalProperties: false },
    ),
    after: eventRefOrNull('The event the gap follows (the one ending latest); null for the leading gap.'),
    before: eventRefOrNull('The event that ends the gap (the one starting first); null for the open gap.'),
    open: Type.Boolean({ description: 'The trailing gap from the last event up to `as_of`.' }),
    leading: Type.Boolean({ description: 'The gap from `from` to the first event (`include_leading`).' }),
  },
  {
    $id: 'Gap',
    additionalProperties: false,
    description:
      'A period in which no matching event happened. `certain` runs from the latest possible end of the events before it to the earliest possible start of those after it: nothing matching certainly happened then. `possible` runs from their earliest possible end to the latest possible start: the longest quiet period the dates allow.',
  },
);

export const GapReportSchema = Type.Object(
  {
    data: Type.Array(ref(GapSchema)),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
    since_last: Type.Union([ref(GapSchema), Type.Null()], {
      description: 'The open gap up to `as_of`, whatever `min` says; null when an event reaches `as_of`.',
    }),
    longest: Type.Union([ref(GapSchema), Type.Null()], {
      description: 'The longest certain gap of the whole answer (after `min`, the open gap included).',
    }),
    events_considered: Type.Integer({
      minimum: 0,
      description: 'Matching events that start on or before `as_of`.',
    }),
    as_of: Type.String({ format: 'date', description: 'The horizon the gaps were computed for.' }),
  },
  { $id: 'GapReport', additionalProperties: false },
);

const gapProperties = {
  ...pageProperties,
  as_of: Type.Optional(
    Type.String({
      pattern: PARTIAL_DATE_PATTERN,
      description:
        'The horizon: events starting later are left out and the open gap runs up to it. YYYY, YYYY-MM or YYYY-MM-DD (a partial date means its last day). Default: the last day of `to`, else today.',
      examples: ['2021-06-07'],
    }),
  ),
  min: Type.Optional(
    Type.String({
      pattern: ISO_DURATION_PATTERN,
      description: 'Keep gaps whose certain span is at least this ISO 8601 duration (P6M, P1Y, P2W, P10D).',
      examples: ['P6M'],
    }),
  ),
  min_days: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 3_652_425,
      description: 'Keep gaps whose certain span has at least this many days.',
    }),
  ),
  order: Type.Optional(
    Type.Enum(['chronological', 'longest'], {
      default: 'chronological',
      description: '`chronological` by start, or `longest` certain span first (then by start).',
    }),
  ),
  include_leading: Type.Optional(
    Type.Boolean({
      default: false,
      description: 'Add the gap from `from` to the first matching event (needs `from`).',
    }),
  ),
};

export const GapQuerySchema = Type.Object(
  { ...eventFilterProperties, ...gapProperties },
  { additionalProperties: false },
);

const { actor: _actor, actor_match: _actorMatch, ...actorGapFilterProperties } = eventFilterProperties;

export const ActorGapQuerySchema = Type.Object(
  { ...actorGapFilterProperties, ...gapProperties },
  { additionalProperties: false },
);

export const gapSchemas = [GapSpanSchema, GapEventRefSchema, GapSchema, GapReportSchema];
