import { Type } from 'typebox';
import { ref } from '../../http/schemas.ts';

export const ChangeSchema = Type.Object(
  {
    token: Type.String({
      description:
        'Where this change is in the feed: pass it as `since` (or `Last-Event-ID`) to read what follows.',
    }),
    entity: Type.Enum(['event', 'actor', 'event_type'], { description: 'What kind of resource changed.' }),
    id: Type.String({
      description: 'The resource: an event id (uuid), an actor id or an event type code.',
    }),
    slug: Type.Union([Type.String(), Type.Null()], {
      description: "An event's slug as of this change (also for a delete: the tombstone's); null otherwise.",
    }),
    operation: Type.Enum(['create', 'update', 'delete'], {
      description: '`delete` is a tombstone: the resource reads as 404 from then on.',
    }),
    version: Type.Integer({ minimum: 1, description: 'The version this write produced.' }),
    changed_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'Change', additionalProperties: false },
);

export const ChangeListSchema = Type.Object(
  {
    data: Type.Array(ref(ChangeSchema), { description: 'In commit order, oldest first.' }),
    next_token: Type.String({
      description:
        'Pass as `since` to read on; when `data` is empty it is the `since` given, so polling with it repeats nothing.',
    }),
    has_more: Type.Boolean({ description: 'More changes follow right away (the page was full).' }),
  },
  { $id: 'ChangeList', additionalProperties: false },
);

export const ChangesQuerySchema = Type.Object(
  {
    since: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          "A token from an earlier read (`next_token` or a change's `token`); absent: from the first change.",
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const ChangeStreamQuerySchema = Type.Object(
  {
    since: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          'Start after this token (for a first connection; a reconnect sends `Last-Event-ID`). Absent: from now on.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const changeSchemas = [ChangeSchema, ChangeListSchema];
