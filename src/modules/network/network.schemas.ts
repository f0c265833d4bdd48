import { Type } from 'typebox';
import { pageProperties, ref } from '../../http/schemas.ts';
import { ActorRefSchema } from '../events/events.schemas.ts';
import { eventFilterProperties } from '../events/events.service.ts';

// GET /v1/actors/{id}/network: the actors that take part in events with an actor.

// The timeline's filters apart from those naming actors: the actor is the path's.
const { actor: _actor, actor_match: _match, role: _role, ...networkFilterProperties } = eventFilterProperties;

export const NetworkQuerySchema = Type.Object(
  { ...networkFilterProperties, ...pageProperties },
  { additionalProperties: false },
);

export const NetworkExportQuerySchema = Type.Object(
  {
    ...networkFilterProperties,
    table: Type.Optional(
      Type.Enum(['edges', 'nodes'], {
        default: 'edges',
        description:
          "`edges` (Gephi's edge table: Source, Target, Type, Weight, First, Last) or `nodes` (its nodes table: Id, Label in `lang`, Kind; the actor first, then the others as the edges list them).",
      }),
    ),
    lang: Type.Optional(
      Type.String({
        pattern: '^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$',
        description:
          "Language of the nodes table's labels (en, de, fr, es, it, ru; else Accept-Language, else en), with the fallback of the CSV export.",
      }),
    ),
  },
  { additionalProperties: false },
);

const SharedEventSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.Union([Type.String(), Type.Null()]),
    date: Type.String({ description: 'EDTF, as written.' }),
  },
  { additionalProperties: false },
);

export const NetworkLinkSchema = Type.Object(
  {
    actor: ref(ActorRefSchema),
    events: Type.Integer({ minimum: 1, description: 'Matching events both actors take part in.' }),
    first: Type.Object(SharedEventSchema.properties, {
      additionalProperties: false,
      description: 'The shared event that starts first (by earliest start, then id).',
    }),
    last: Type.Object(SharedEventSchema.properties, {
      additionalProperties: false,
      description: 'The shared event that starts last.',
    }),
  },
  {
    $id: 'NetworkLink',
    additionalProperties: false,
    examples: [
      {
        actor: { id: 'russia', kind: 'state', name: { en: 'Russia', de: 'Russland' } },
        events: 9,
        first: { id: '0b9f0a44-5b0a-4c55-9a51-8a6c6fd0b001', slug: 'nrc-founded', date: '2002-05-28' },
        last: { id: '0b9f0a44-5b0a-4c55-9a51-8a6c6fd0b002', slug: 'nrc-meeting-2022-01', date: '2022-01-12' },
      },
    ],
  },
);

export const NetworkSchema = Type.Object(
  {
    actor: Type.String({ description: 'The actor whose network this is.' }),
    data: Type.Array(ref(NetworkLinkSchema)),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Network', additionalProperties: false },
);

export const networkSchemas = [NetworkLinkSchema, NetworkSchema];
