import { type Static, Type } from 'typebox';
import { PLOVER_CATEGORIES, QUAD_CLASSES } from '../../domain/plover.ts';
import { languageMap, orNull, ref } from '../../http/schemas.ts';
import { LanguageMapSchema } from '../events/events.schemas.ts';

export const PloverCategorySchema = Type.Enum(PLOVER_CATEGORIES, {
  $id: 'PloverCategory',
  description:
    "PLOVER's 16 event categories (openeventdata/PLOVER codebook). Verbal cooperation: AGREE, CONSULT, SUPPORT, CONCEDE; material cooperation: COOPERATE, AID, RETREAT; verbal conflict: REQUEST, ACCUSE, REJECT, THREATEN; material conflict: PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT.",
});

export const QuadClassSchema = Type.Enum([...QUAD_CLASSES], {
  $id: 'QuadClass',
  description: "PLOVER's quad classes: cooperation or conflict, verbal or material.",
});

export const EventTypeSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    label: ref(LanguageMapSchema),
    description: languageMap(Type.String(), { description: 'What the type covers, by language tag.' }),
    plover_category: Type.Union([ref(PloverCategorySchema), Type.Null()], {
      description: 'The PLOVER event category of events of this type; null when it depends on the content.',
    }),
    quad_class: Type.Union([ref(QuadClassSchema), Type.Null()], {
      description: "The category's PLOVER quad class.",
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
        quad_class: 'verbal_cooperation',
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

export const eventTypeSchemas = [PloverCategorySchema, QuadClassSchema, EventTypeSchema, EventTypeListSchema];

export const EventTypeInputSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'The code events use as `type`.' }),
    label: ref(LanguageMapSchema),
    description: Type.Optional(
      languageMap(Type.String({ maxLength: 2000 }), {
        maxProperties: 20,
        description: 'What the type covers, by language tag.',
      }),
    ),
    plover_category: Type.Optional(orNull(ref(PloverCategorySchema))),
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
