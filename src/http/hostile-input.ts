import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { unstorableTexts } from '../domain/unsafe-text.ts';
import { refuseUnhonouredIdempotencyKeys } from './idempotency/idempotency.http.ts';
import { Problem, type ProblemDetail } from './problem.ts';

// The edge checks every request gets, whatever its route's schema says, so that no module has to remember
// them: texts PostgreSQL cannot store (NUL, unpaired surrogates) anywhere in the path, the query or a JSON
// body, and numbers that are not finite (both would otherwise reach SQL and come back as a 500); and an
// Idempotency-Key sent to a route that does not honour it.

type Part = 'path' | 'query' | 'body';

/** A JSON value as a parser made it (plain objects, arrays, scalars): not a stream or a buffer. */
function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function partsOf(request: FastifyRequest): [Part, unknown][] {
  const parts: [Part, unknown][] = [
    ['path', request.params],
    ['query', request.query],
  ];
  if (request.body !== undefined && isJsonValue(request.body)) parts.push(['body', request.body]);
  return parts;
}

/** The problem naming every text of the request that cannot be stored, or undefined. */
export function unsafeTextProblem(parts: [Part, unknown][]): Problem | undefined {
  const errors: ProblemDetail[] = parts.flatMap(([where, value]) =>
    unstorableTexts(value).map(({ pointer, detail }) => ({ detail, pointer, in: where })),
  );
  return errors.length > 0 ? invalid(errors) : undefined;
}

/** Every number of a validated value that is not finite (JSON's `1e309`, Ajv's coercion of "1e309"). */
function infiniteNumbers(value: unknown, where: Part): ProblemDetail[] {
  const found: ProblemDetail[] = [];
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, at] = next;
    if (typeof item === 'number' && !Number.isFinite(item)) {
      found.push({
        detail: 'is out of range: give a finite number within the documented bounds',
        pointer: at,
        in: where,
      });
    } else if (item !== null && typeof item === 'object') {
      for (const [key, member] of Object.entries(item)) {
        pending.push([member, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
      }
    }
  }
  return found;
}

function invalid(errors: ProblemDetail[]): Problem {
  const summary = errors.map((e) => `${e.pointer.replace(/^\//, '') || e.in}: ${e.detail}`).join('; ');
  return new Problem('validation', summary, errors);
}

export default fp(
  async (app: FastifyInstance) => {
    // Before validation: a NUL in a slug would otherwise be reported as "has the wrong format", and one in
    // free text (q, a title) would pass validation and fail in PostgreSQL.
    app.addHook('preValidation', async (request) => {
      const problem = unsafeTextProblem(partsOf(request));
      if (problem) throw problem;
    });
    // After validation: Ajv coerces "1e309" to Infinity for an integer parameter and skips its bounds.
    app.addHook('preHandler', async (request) => {
      const errors = partsOf(request).flatMap(([where, value]) => infiniteNumbers(value, where));
      if (errors.length > 0) throw invalid(errors);
    });
    refuseUnhonouredIdempotencyKeys(app);
  },
  { name: 'hostile-input', dependencies: ['error-handler'] },
);
