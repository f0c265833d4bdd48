import { Type } from 'typebox';
import { pageProperties, ref } from '../../http/schemas.ts';
import { eventFilterProperties } from '../events/events.service.ts';

// GET /v1/stats: counts of the matching events grouped by one or two of their properties.

export const STATS_KEYS = ['type', 'actor', 'role', 'country', 'status', 'plover', 'quad_class'] as const;
export type StatsKey = (typeof STATS_KEYS)[number];

const KEY = `(${STATS_KEYS.join('|')})`;

export const statsQueryProperties = {
  ...eventFilterProperties,
  group_by: Type.String({
    pattern: `^${KEY}(,${KEY})?$`,
    description:
      'One or two of `type`, `actor`, `role`, `country`, `status`, `plover`, `quad_class`, comma-separated (`actor,type`): a group per value (per pair of values). `actor` and `role` count an event once per actor (role) taking part; together they are the actor in that role.',
    examples: ['type', 'actor,type'],
  }),
  sort: Type.Optional(
    Type.Enum(['count', 'key'], {
      default: 'count',
      description: '`count`: the largest groups first (ties by key); `key`: by the group values.',
    }),
  ),
};

export const StatsQuerySchema = Type.Object(
  { ...statsQueryProperties, ...pageProperties },
  { additionalProperties: false },
);

export const StatsExportQuerySchema = Type.Object(statsQueryProperties, { additionalProperties: false });

const keyValue = (description: string) =>
  Type.Optional(Type.Union([Type.String(), Type.Null()], { description }));

export const StatsGroupSchema = Type.Object(
  {
    type: keyValue('Event-type code.'),
    actor: keyValue('Actor id.'),
    role: keyValue('Participant role.'),
    country: keyValue('ISO 3166-1 alpha-2 code of the location; null: events without one.'),
    status: keyValue('Event status.'),
    plover: keyValue("PLOVER category of the event's type; null: types without one."),
    quad_class: keyValue("PLOVER quad class of the event's type; null: types without one."),
    count: Type.Integer({
      minimum: 0,
      description: 'Matching events in the group (with a window: events that may fall in it).',
    }),
    certain: Type.Integer({
      minimum: 0,
      description: 'Of those, the events certainly inside the window (all of them without one).',
    }),
  },
  {
    $id: 'StatsGroup',
    additionalProperties: false,
    description: 'One group: its values under the names of `group_by`, and its counts.',
    examples: [{ actor: 'nato-russia-council', type: 'meeting', count: 12, certain: 11 }],
  },
);

export const StatsSchema = Type.Object(
  {
    data: Type.Array(ref(StatsGroupSchema)),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
    group_by: Type.Array(Type.Enum([...STATS_KEYS])),
  },
  { $id: 'Stats', additionalProperties: false },
);

export const statsSchemas = [StatsGroupSchema, StatsSchema];
