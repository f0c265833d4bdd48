import { Type } from 'typebox';
import { ref } from '../../http/schemas.ts';
import { CalendarDaySchema, StatusSchema } from '../events/events.schemas.ts';

export const HistogramBucketSchema = Type.Object(
  {
    bucket: Type.String({
      description: 'The period: `2019`, `2019-07` or `2019-07-05` (`-0043` for 44 BC).',
    }),
    start: ref(CalendarDaySchema),
    end: ref(CalendarDaySchema),
    count: Type.Integer({
      minimum: 0,
      description: 'Events whose extent overlaps the bucket (they may fall in it).',
    }),
    certain: Type.Integer({
      minimum: 0,
      description: 'Events whose extent lies inside the bucket (they certainly fall in it).',
    }),
  },
  {
    $id: 'HistogramBucket',
    additionalProperties: false,
    examples: [{ bucket: '2019', start: '2019-01-01', end: '2019-12-31', count: 1, certain: 1 }],
  },
);

export const HistogramSchema = Type.Object(
  {
    data: Type.Array(ref(HistogramBucketSchema)),
    next_cursor: Type.Null({ description: 'A histogram is one page.' }),
    bucket: Type.Enum(['year', 'month', 'day']),
    from: Type.Union([ref(CalendarDaySchema), Type.Null()]),
    to: Type.Union([ref(CalendarDaySchema), Type.Null()]),
    statuses: Type.Array(ref(StatusSchema), {
      description: 'The event statuses counted: `status`, or by default `held` (what took place).',
    }),
  },
  { $id: 'Histogram', additionalProperties: false },
);

export const histogramSchemas = [HistogramBucketSchema, HistogramSchema];
