import { Type } from 'typebox';
import { ref } from '../../http/schemas.ts';

export const ApiKeySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    scopes: Type.Array(Type.Enum(['write', 'admin']), {
      description:
        'What the key may do beyond reading: `write`, and `admin` (which implies write). Empty for a read-only key.',
    }),
    prefix: Type.String({
      pattern: '^[0-9a-f]{12}$',
      description: 'The part of the key between `dtl_` and the secret: safe to show and to log.',
    }),
    created_at: Type.String({ format: 'date-time' }),
    revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  {
    $id: 'ApiKey',
    additionalProperties: false,
    description: 'An API key as stored: never its secret, which exists only in the answer that created it.',
  },
);

export const ApiKeyInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Who or what uses the key.' }),
    scopes: Type.Array(Type.Enum(['read', 'write', 'admin']), {
      minItems: 1,
      maxItems: 3,
      description: '`read` (reads only, for READS_REQUIRE_KEY), `write`, `admin` (implies write).',
    }),
  },
  {
    $id: 'ApiKeyInput',
    additionalProperties: false,
    examples: [{ name: 'research team', scopes: ['write'] }],
  },
);

export const CreatedApiKeySchema = Type.Object(
  {
    key: ref(ApiKeySchema),
    token: Type.String({
      pattern: '^dtl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$',
      description:
        'The key to send as `Authorization: Bearer <token>`. Shown this once: only its hash is kept.',
    }),
  },
  { $id: 'CreatedApiKey', additionalProperties: false },
);

export const ApiKeyListSchema = Type.Object(
  { data: Type.Array(ref(ApiKeySchema), { description: 'Every key, revoked ones included, oldest first.' }) },
  { $id: 'ApiKeyList', additionalProperties: false },
);

export const ApiKeyRevocationSchema = Type.Object(
  {
    key: ref(ApiKeySchema),
    already_revoked: Type.Boolean({ description: 'True when the key had been revoked before this request.' }),
  },
  { $id: 'ApiKeyRevocation', additionalProperties: false },
);

export const keySchemas = [
  ApiKeySchema,
  ApiKeyInputSchema,
  CreatedApiKeySchema,
  ApiKeyListSchema,
  ApiKeyRevocationSchema,
];
