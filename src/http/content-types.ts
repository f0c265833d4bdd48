import type { FastifyInstance, FastifyRequest } from 'fastify';

export const MERGE_PATCH_TYPE = 'application/merge-patch+json';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON merge patch (RFC 7396): members of an object patch replace, `null` removes, nested objects merge
 * recursively, anything else (arrays included) replaces the target whole. Pure: the target is not changed.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    // defineProperty, so a member named "__proto__" stays a member and never becomes a prototype.
    else
      Object.defineProperty(result, name, {
        value: applyMergePatch(result[name], value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return result;
}

/** Write routes in this scope take only JSON bodies: text/plain, Fastify's other default, is a 415. */
export function acceptJsonOnly(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
}

/**
 * Write routes in this scope take JSON, and `application/merge-patch+json` parsed the same way; any other
 * body (text/plain included) is a 415.
 */
export function acceptJsonAndMergePatch(app: FastifyInstance): void {
  acceptJsonOnly(app);
  app.addContentTypeParser(
    MERGE_PATCH_TYPE,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
}

/** A body that failed validation after merging: the error handler turns it into the same 400 as a bad POST. */
class MergedBodyInvalid extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_VALIDATION';
  readonly validationContext = 'body';
  constructor(readonly validation: unknown[]) {
    super('The patched document is invalid');
  }
}

/**
 * A validator for a merged document that uses the app's own Ajv and shared schemas, so a patched body is
 * checked exactly as a POST body (unknown properties rejected, errors with JSON pointers).
 */
export function mergedBodyValidator<T>(
  request: FastifyRequest,
  schema: { $ref: string },
): (document: unknown) => T {
  const validate = request.compileValidationSchema(schema, 'body');
  return (document) => {
    if (validate(document)) return document as T;
    throw new MergedBodyInvalid(validate.errors ?? []);
  };
}
