import { Type } from 'typebox';
import { ref } from '../../http/schemas.ts';

export const RevisionSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version this write produced.' }),
    operation: Type.Enum(['create', 'update', 'delete']),
    created_at: Type.String({ format: 'date-time' }),
    api_key_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description:
        'The API key that made the write, shown to `admin` keys only: null for every other reader, and for writes made by the seed and the command-line tools.',
    }),
    snapshot: Type.Object(
      {},
      {
        additionalProperties: true,
        description:
          'The full representation right after the write, exactly as GET returned it then (an Event for event revisions; a delete gives the tombstone with `deleted: true`).',
      },
    ),
  },
  { $id: 'Revision', additionalProperties: false },
);

export const RevisionListSchema = Type.Object(
  {
    data: Type.Array(ref(RevisionSchema), { description: 'Oldest first.' }),
    next_cursor: Type.Null({ description: 'The whole history is one page.' }),
  },
  { $id: 'RevisionList', additionalProperties: false },
);

export const revisionSchemas = [RevisionSchema, RevisionListSchema];
