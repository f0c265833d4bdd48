import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { invalidField, Problem, type ProblemDetail } from './problem.ts';
import { sharedSchemas } from './schemas.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

type AjvError = NonNullable<FastifyError['validation']>[number];

const CONTEXT_TO_IN: Record<string, ProblemDetail['in']> = {
  querystring: 'query',
  body: 'body',
  params: 'path',
  headers: 'header',
};

/** One error handler: every error leaves as application/problem+json, and 5xx messages never leak. */
export default fp(
  async (app: FastifyInstance) => {
    // The schemas of what this handler sends, which every operation's problem responses `$ref`.
    for (const schema of sharedSchemas) app.addSchema(schema);
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const problem = toProblem(error);
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ problem: problem.code, detail: problem.message }, 'request rejected');
      return sendProblem(reply, request, problem);
    });
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }));
      if (allowed.length > 0) {
        return sendProblem(
          reply,
          request,
          new Problem(
            'methodNotAllowed',
            `${request.method} is not allowed on ${path}: use ${allowed.join(', ')}`,
            undefined,
            {
              allow: allowed.join(', '),
            },
          ),
        );
      }
      return sendProblem(
        reply,
        request,
        new Problem('notFound', `No route ${request.method} ${path}: see /docs for the API`),
      );
    });
  },
  { name: 'error-handler' },
);

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  if (problem.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '5');
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(problem.toBody(request.url.split('?')[0]));
}

/** Any error as the problem the client gets (exported for its tests). */
export function toProblem(error: FastifyError): Problem {
  if (error instanceof Problem) return error;
  if (error.validation) return validationProblem(error.validation, error.validationContext ?? 'body');
  const databaseProblem = fromDatabaseError(error);
  if (databaseProblem) return databaseProblem;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem(
        'payloadTooLarge',
        'The request body is larger than allowed: send less data per request',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(
        'unsupportedMediaType',
        'Send the body as application/json (or the type the operation names)',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Problem('validation', `The body is not valid JSON: ${error.message}`, [
        { detail: 'not valid JSON', pointer: '', in: 'body' },
      ]);
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return new Problem('tooManyRequests', error.message);
  if (status >= 400 && status < 500) return new Problem('validation', error.message);
  if (status === 503) return new Problem('unavailable', 'The service is overloaded: retry shortly');
  return new Problem(
    'internal',
    'An unexpected error occurred; it has been logged. Retry, or report the request id.',
  );
}

function validationProblem(errors: AjvError[], context: string): Problem {
  const where = CONTEXT_TO_IN[context] ?? 'body';
  // propertyNames gives two errors per bad member name: the inner one (which carries `propertyName`) says it.
  const named = errors.filter((e) => e.keyword !== 'propertyNames');
  const details = named.map((e): ProblemDetail => {
    const params = e.params as Record<string, unknown>;
    const propertyName = (e as { propertyName?: string }).propertyName;
    if (propertyName !== undefined) {
      const pointer = `${e.instancePath}/${propertyName.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      return {
        detail: `"${propertyName}" is not a language tag: use a BCP 47 tag such as en, de or pt-BR`,
        pointer,
        in: where,
      };
    }
    if (e.keyword === 'additionalProperties') {
      const name = String(params.additionalProperty);
      const pointer = `${e.instancePath}/${name}`;
      const what = where === 'query' ? 'parameter' : 'property';
      return { detail: `unknown ${what} "${name}"`, pointer, in: where };
    }
    if (e.keyword === 'required') {
      const name = String(params.missingProperty);
      return { detail: `"${name}" is required`, pointer: `${e.instancePath}/${name}`, in: where };
    }
    const allowed = Array.isArray(params.allowedValues) ? `: one of ${params.allowedValues.join(', ')}` : '';
    const hint = (e as { parentSchema?: { description?: string } }).parentSchema?.description;
    const friendly =
      e.keyword === 'pattern'
        ? `has the wrong format${hint ? ` (${hint})` : ''}`
        : (e.message ?? 'is invalid');
    return { detail: `${friendly}${allowed}`, pointer: e.instancePath, in: where };
  });
  const unique = details.filter(
    (d, i) => details.findIndex((o) => o.pointer === d.pointer && o.detail === d.detail) === i,
  );
  const summary = unique.map((d) => `${d.pointer.replace(/^\//, '') || where}: ${d.detail}`).join('; ');
  return new Problem('validation', summary, unique);
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
]);

function fromDatabaseError(error: FastifyError): Problem | undefined {
  const code = (error as { code?: string }).code;
  const message = error.message ?? '';
  // A safety net behind the edge checks: a value PostgreSQL could not take (class 22, data exception: bad
  // input syntax, a date or number out of range, invalid byte sequence…) is the client's input, not a fault
  // of the service. The statement does not say which parameter it was, so the problem says what to check.
  if (code && /^22[0-9A-Z]{3}$/.test(code)) {
    return new Problem(
      'validation',
      'A value is out of range or malformed: check the parameters and the body against the documentation',
    );
  }
  // A text search query PostgreSQL's tsquery parser refused: only `q` reaches to_tsquery.
  if (code === '42601' && /tsquery/i.test(message)) {
    return invalidField(
      'query',
      'q',
      'is not a search query this API can run: use words, "phrases", OR and -word',
    );
  }
  // Two transactions waited on each other (40P01) or a serializable one lost (40001): PostgreSQL rolled this one
  // back whole, so nothing was written and the same request can be sent again.
  if (code === '40P01' || code === '40001') {
    return new Problem(
      'unavailable',
      'Another write changed the same data at the same moment, so this one was rolled back and nothing was written: send it again',
      undefined,
      { 'retry-after': '1' },
    );
  }
  if (code === '57014') {
    return new Problem(
      'timeout',
      'The query took too long and was cancelled: narrow the filters or the window',
      undefined,
      {
        'retry-after': '1',
      },
    );
  }
  if (
    (code && (CONNECTION_CODES.has(code) || code.startsWith('08'))) ||
    /timeout exceeded when trying to connect|Connection terminated|connection .*closed|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return new Problem(
      'unavailable',
      'The database is not reachable right now: retry in a few seconds',
      undefined,
      {
        'retry-after': '5',
      },
    );
  }
  return undefined;
}
