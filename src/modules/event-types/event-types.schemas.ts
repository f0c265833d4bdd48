import { type Static, Type } from 'typebox';
import { orNull, ref } from '../../http/schemas.ts';
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

export const EventTypeInputSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'The code events use as `type`.' }),
    label: ref(LanguageMapSchema),
    description: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }),
        Type.String({ maxLength: 2000 }),
        {
          maxProperties: 20,
          description: 'What the type covers, by language.',
        },
      ),
    ),
    plover_category: Type.Optional(
      orNull(
        Type.String({ pattern: '^[A-Z][A-Z_]{1,39}$', description: 'PLOVER event category, e.g. CONSULT.' }),
      ),
    ),
  },
  {
    $id: 'EventTypeInput',
    additionalProperties: false,
    examples: [
      { code: 'phone_call', label: { en: 'Phone call', de: 'Telefonat' }, plover_category: 'CONSULT' },
    ],
  },
);

export const eventTypeWriteSchemas = [EventTypeInputSchema];

export type ApiEventType = Static<typeof EventTypeSchema>;
export type EventTypeInput = Static<typeof EventTypeInputSchema>;
