import { Type } from 'typebox';
import { ISO_DURATION_PATTERN } from '../../domain/calendar.ts';
import { PARTIAL_DATE_PATTERN } from '../../domain/partial-date.ts';
import { pageProperties, ref } from '../../http/schemas.ts';
import { CalendarDaySchema, LanguageMapSchema, StatusSchema } from '../events/events.schemas.ts';
import { eventFilterProperties } from '../events/events.service.ts';

export const GapSpanSchema = Type.Object(
  {
    start: ref(CalendarDaySchema),
    end: ref(CalendarDaySchema),
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

export const PossibleGapSpanSchema = Type.Object(
  {
    start: Type.Union([ref(CalendarDaySchema), Type.Null()], {
      description:
        'null: unbounded (−∞), when an event dated as one of a set open at its start ([..1760-12-03]) precedes the gap.',
    }),
    end: Type.Union([ref(CalendarDaySchema), Type.Null()], {
      description:
        'null: unbounded (+∞), when an event dated as one of a set open at its end ([1760-12..]) follows the gap.',
    }),
    days: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: 'Calendar days from start to end; null when a side is unbounded.',
    }),
  },
  {
    $id: 'PossibleGapSpan',
    additionalProperties: false,
    description: 'The longest quiet period the dates allow; it contains the certain span.',
    examples: [{ start: '2019-07-01', end: '2021-06-07', days: 707 }],
  },
);

const eventRefOrNull = (description: string) =>
  Type.Union([ref(GapEventRefSchema), Type.Null()], { description });

export const GapSchema = Type.Object(
  {
    certain: ref(GapSpanSchema),
    possible: ref(PossibleGapSpanSchema),
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

export const CoarseEventSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.Union([Type.String(), Type.Null()]),
    title: ref(LanguageMapSchema),
    date: Type.String({ description: 'The event date as written, in EDTF.' }),
    start_uncertainty_days: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description:
        'Days between the earliest and the latest possible start; null: unbounded; 0 for an open start.',
    }),
    end_uncertainty_days: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description:
        'Days between the earliest and the latest possible end; null: unbounded (an unknown end); 0 for an open end.',
    }),
  },
  {
    $id: 'CoarseEvent',
    additionalProperties: false,
    description: 'An event whose date is uncertain by more than `coarse_days` on a side.',
  },
);

export const HiddenGapSchema = Type.Object(
  {
    gap: ref(GapSchema),
    hidden_by: Type.Array(ref(CoarseEventSchema), {
      description: 'The coarse events whose possible dates reach into the certain span of the gap.',
    }),
  },
  {
    $id: 'HiddenGap',
    additionalProperties: false,
    description: 'A gap that is certain when the coarse events are left out, and the events that hide it.',
  },
);

export const CoarseReportSchema = Type.Object(
  {
    days: Type.Integer({ minimum: 1, description: 'The threshold used (`coarse_days`).' }),
    excluded: Type.Boolean({
      description: 'Whether the coarse events were left out of the gaps (`exclude_coarse`).',
    }),
    events: Type.Integer({
      minimum: 0,
      description: 'Matching coarse events that start on or before `as_of` (considered, or left out).',
    }),
    hidden: Type.Array(ref(HiddenGapSchema), {
      description:
        'Gaps the coarse events hide (at most 50, found among the first 1000 gaps without them); empty when they were left out.',
    }),
    advice: Type.Union([Type.String(), Type.Null()], {
      description:
        'What the coarse events do to the answer and how to narrow them; null when they hide nothing.',
    }),
  },
  {
    $id: 'CoarseReport',
    additionalProperties: false,
    description:
      'Events dated only coarsely (a decade, 20XX, an unknown end) can close gaps that their real dates would leave open. This says which, and how to narrow them.',
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
    as_of: ref(CalendarDaySchema),
    statuses: Type.Array(ref(StatusSchema), {
      description: 'The event statuses the gaps consider: `status`, or by default `held` (what took place).',
    }),
    coarse: ref(CoarseReportSchema),
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
  coarse_days: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 3_652_425,
      default: 366,
      description:
        'An event is coarse when its start or its end is uncertain by more than this many days (or unbounded, as an unknown end). The answer lists the gaps coarse events hide (`coarse`).',
    }),
  ),
  exclude_coarse: Type.Optional(
    Type.Boolean({
      default: false,
      description: 'Leave coarse events out of the gaps.',
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

export const gapSchemas = [
  GapSpanSchema,
  PossibleGapSpanSchema,
  GapEventRefSchema,
  GapSchema,
  CoarseEventSchema,
  HiddenGapSchema,
  CoarseReportSchema,
  GapReportSchema,
];
