import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>
  >;
}

/**
 * Checks every response an app sends against its own OpenAPI document: the status must be documented for the
 * operation, the media type listed, and a JSON body valid against the schema. Violations are collected, and
 * the test helper fails the test that saw one, so the document cannot drift from what the API does.
 */
export function watchContract(app: FastifyInstance): { violations: string[] } {
  const violations: string[] = [];
  let ajv: Ajv2020 | undefined;
  let document: OpenApiDocument | undefined;
  const validators = new Map<string, ReturnType<Ajv2020['compile']>>();

  const validatorFor = (pointer: string) => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = (ajv as Ajv2020).compile({ $ref: `openapi.json#${pointer}` });
      validators.set(pointer, validate);
    }
    return validate;
  };

  app.addHook('onReady', async () => {
    document = app.swagger() as unknown as OpenApiDocument;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(document as object, 'openapi.json');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!document) return payload;
    const route = request.routeOptions.url;
    const method = request.method.toLowerCase();
    const status = String(reply.statusCode);
    const mediaType =
      String(reply.getHeader('content-type') ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const where = `${request.method} ${request.url} → ${status} ${mediaType}`;
    let pointer: string;
    if (route === undefined || route === '*' || route === '/*') {
      // Unknown routes answer a 404 problem, known paths with another method a 405 problem.
      // (414 and 400 come from the router itself: a path parameter too long, a malformed URL.)
      if (!['400', '404', '405', '414'].includes(status) || mediaType !== 'application/problem+json') {
        violations.push(`${where}: unknown route without a 400/404/405/414 problem`);
      }
      pointer = '/components/schemas/Problem';
    } else {
      // `::` is Fastify's escaped literal colon (/v1/events::import); `:name` a path parameter.
      let path = route
        .split('::')
        .map((part) => part.replace(/:(\w+)/g, '{$1}'))
        .join(':');
      // A media type a route still gives for compatibility is documented by the operation it names.
      const documentedAt = (request.routeOptions.config as { documentedAt?: Record<string, string> })
        .documentedAt;
      const documentedPath = documentedAt?.[mediaType];
      if (documentedPath) path = documentedPath;
      const operation = document.paths[path]?.[method];
      if (!operation) return payload; // hidden routes: /openapi.json, /docs
      const response = operation.responses?.[status];
      if (!response) {
        violations.push(`${where}: status ${status} is not documented for ${method.toUpperCase()} ${path}`);
        return payload;
      }
      if (!response.content) {
        if (payload !== null && payload !== undefined && String(payload).length > 0 && status !== '304') {
          violations.push(`${where}: a body where the document has none`);
        }
        return payload;
      }
      if (!(mediaType in response.content)) {
        violations.push(`${where}: media type not in ${Object.keys(response.content).join(', ')}`);
        return payload;
      }
      const escaped = path.replace(/~/g, '~0').replace(/\//g, '~1');
      pointer = `/paths/${escaped}/${method}/responses/${status}/content/${mediaType.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`;
    }
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams (CSV, NDJSON)
    if (!mediaType.endsWith('json')) return payload;
    let body: unknown;
    try {
      body = JSON.parse(String(payload));
    } catch {
      violations.push(`${where}: body is not JSON`);
      return payload;
    }
    const validate = validatorFor(pointer);
    if (!validate(body)) {
      violations.push(`${where}: ${ajv?.errorsText(validate.errors)}`);
    }
    return payload;
  });
  return { violations };
}
