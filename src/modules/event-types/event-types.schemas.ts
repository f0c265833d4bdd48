import { Type } from 'typebox';
import { ref } from '../../http/schemas.ts';
import { LanguageMapSchema } from '../events/events.schemas.ts';

export const EventTypeSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    label: ref(LanguageMapSchema),
    description: Type.Record(Type.String(), Type.String()),
    plover_category: Type.Union([Type.String(), Type.Null()], {
      description: 'PLOVER event category, e.g. CONSULT, AGREE.',
    }),
  },
  {
    $id: 'EventType',
    additionalProperties: false,
    examples: [
      {
        code: 'meeting',
        label: { en: 'Meeting', de: 'Treffen' },
        description: { en: 'A session of a body or a bilateral or multilateral meeting.' },
        plover_category: 'CONSULT',
      },
    ],
  },
);

export const EventTypeListSchema = Type.Object(
  {
    data: Type.Array(ref(EventTypeSchema)),
    next_cursor: Type.Null({ description: 'The vocabulary is one page.' }),
  },
  { $id: 'EventTypeList', additionalProperties: false },
);

export const eventTypeSchemas = [EventTypeSchema, EventTypeListSchema];
