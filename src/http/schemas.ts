import { type Static, type TSchema, Type } from 'typebox';

/** A reference to a named component schema that keeps its static type. */
export function ref<T extends TSchema>(schema: T & { $id?: string }) {
  if (!schema.$id) throw new Error('ref() needs a schema with an $id');
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id));
}

export const ProblemDetailSchema = Type.Object(
  {
    detail: Type.String({ description: 'What is wrong with this field, and how to fix it.' }),
    pointer: Type.String({ description: 'JSON pointer into the part of the request named by `in`.' }),
    in: Type.Optional(Type.Enum(['query', 'body', 'path', 'header'])),
  },
  { $id: 'ProblemDetail', additionalProperties: false },
);

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ format: 'uri', description: 'Identifies the kind of problem.' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String({ description: 'What went wrong and what to do next.' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(ref(ProblemDetailSchema))),
  },
  {
    $id: 'Problem',
    description: 'RFC 9457 problem details.',
    examples: [
      {
        type: 'https://diplomatic-timeline.example/problems/validation',
        title: 'Invalid request',
        status: 400,
        detail: 'limit: must be <= 500',
        instance: '/v1/events',
        errors: [{ detail: 'must be <= 500', pointer: '/limit', in: 'query' }],
      },
    ],
  },
);

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: the `errors` array names each field.',
  401: 'Missing, unknown or revoked API key.',
  403: 'The API key lacks the scope this operation needs.',
  404: 'No such resource.',
  406: 'None of the accepted media types can be produced.',
  409: 'Conflict with the current state (duplicate slug, request in progress).',
  412: 'The If-Match version is stale.',
  413: 'The request body is too large.',
  415: 'Unsupported request media type.',
  422: 'Semantically invalid request (e.g. an idempotency key reused with another body).',
  428: 'If-Match is required.',
  429: 'Rate limit exceeded; see Retry-After.',
  500: 'Unexpected error.',
  503: 'Database unreachable or service overloaded; see Retry-After.',
  504: 'The query exceeded its time budget.',
};

/** Documented problem responses for an operation (always with 400, 401, 429, 500 and 503). */
export function problemResponses(...statuses: number[]) {
  // 401: every /v1 operation needs a key when READS_REQUIRE_KEY is on.
  return problemResponsesOf(401, ...statuses);
}

/** Problem responses of operations that never ask for a key (health checks). */
export function problemResponsesOf(...statuses: number[]) {
  const all = [...new Set([400, 429, 500, 503, ...statuses])].sort();
  return Object.fromEntries(
    all.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: ref(ProblemSchema) } },
      },
    ]),
  );
}

export const sharedSchemas: TSchema[] = [ProblemDetailSchema, ProblemSchema];

/** The readable ids of events (slugs) and actors. */
export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

/** A slug of an event: a SLUG_PATTERN that is not shaped like a UUID (it would be read as an id, never found). */
export const EVENT_SLUG_PATTERN =
  '^(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)[a-z0-9]+(-[a-z0-9]+)*$';

/** The shape of a BCP 47 language tag as this API takes it: `en`, `de`, `pt-BR`, `zh-Hant-TW`. */
export const LANGUAGE_TAG_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';

/**
 * A language map: texts by language tag. TypeBox's Record drops a key pattern from the JSON Schema it writes
 * (any key would pass), so the keys are held by `propertyNames`.
 */
export function languageMap<V extends TSchema>(value: V, options: Record<string, unknown> = {}) {
  return Type.Unsafe<Record<string, Static<V>>>({
    type: 'object',
    propertyNames: { pattern: LANGUAGE_TAG_PATTERN },
    additionalProperties: value,
    ...options,
  });
}

/** The merge patch of a language map: a text sets a language, `null` removes it; the map itself may be null. */
export function languageMapPatch(description: string) {
  return Type.Unsafe<Record<string, string | null> | null>({
    type: ['object', 'null'],
    propertyNames: { pattern: LANGUAGE_TAG_PATTERN },
    additionalProperties: { type: ['string', 'null'], maxLength: 20000 },
    maxProperties: 20,
    description,
  });
}

/**
 * A JSON-Schema `type: [t, "null"]` rather than an anyOf: Ajv's type coercion runs inside anyOf branches
 * and would turn a nested `null` (a merge patch's "remove this") into `""` before the null branch is tried.
 */
export function orNull<T extends TSchema>(schema: T) {
  const { type, ...rest } = schema as unknown as { type?: string };
  return Type.Unsafe<Static<T> | null>(
    type ? { ...rest, type: [type, 'null'] } : { anyOf: [schema, { type: 'null' }] },
  );
}

/** The query of an operation that takes no parameters: any parameter is a 400. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/** The path of a resource named by UUID or slug (events). */
export const IdOrSlugParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 120, description: 'UUID or slug.' }),
});

/** The path of a resource named by its readable id (actors). */
export function slugIdParams(description: string) {
  return Type.Object({ id: Type.String({ pattern: SLUG_PATTERN, maxLength: 80, description }) });
}

/** The response header of a write: the version to send back as If-Match. */
export const etagHeader = {
  etag: { type: 'string', description: 'The new version: send it as If-Match next time.' },
};

export const ifMatchHeader = {
  'if-match': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'The ETag from your last read: the write happens only if the resource is still at that version, else 412. `*` or no header: no check.',
    }),
  ),
};

export const idempotencyKeyHeader = {
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'Makes a retry safe: the same key with the same body (within 24 h, per API key) replays the first response instead of creating again; with another body it is a 422. Use a fresh random value (e.g. a UUID) per intended write.',
    }),
  ),
};

/** The page parameters every cursor-paged list takes. */
export const pageProperties = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size (1–500).' }),
  ),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 1000, description: 'The `next_cursor` of the previous page.' }),
  ),
};
