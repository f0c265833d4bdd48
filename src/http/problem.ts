/** RFC 9457 problem details: every 4xx and 5xx the service sends is one of these. */
export interface ProblemDetail {
  detail: string;
  /** JSON pointer into the part of the request named by `in`. */
  pointer: string;
  in?: 'query' | 'body' | 'path' | 'header';
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemDetail[];
}

const TYPE_BASE = 'https://diplomatic-timeline.example/problems/';

/** The registry of coded problems: one `type`, title and status each. */
export const problems = {
  validation: { status: 400, title: 'Invalid request' },
  badCursor: { status: 400, title: 'Invalid cursor' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Missing scope' },
  notFound: { status: 404, title: 'Not found' },
  methodNotAllowed: { status: 405, title: 'Method not allowed' },
  notAcceptable: { status: 406, title: 'Not acceptable' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'Gone' },
  preconditionFailed: { status: 412, title: 'Precondition failed' },
  payloadTooLarge: { status: 413, title: 'Payload too large' },
  uriTooLong: { status: 414, title: 'URI too long' },
  unsupportedMediaType: { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable content' },
  preconditionRequired: { status: 428, title: 'Precondition required' },
  tooManyRequests: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
  timeout: { status: 504, title: 'Query timed out' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problems;

export function problemType(code: ProblemCode): string {
  return `${TYPE_BASE}${code.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Thrown anywhere; the error handler turns it into problem+json. */
export class Problem extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly errors?: ProblemDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.status = problems[code].status;
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: problemType(this.code),
      title: problems[this.code].title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors?.length ? { errors: this.errors } : {}),
    };
  }
}

/** A 400 about one field, the commonest problem. */
export function invalidField(where: ProblemDetail['in'], field: string, detail: string): Problem {
  const pointer = field.startsWith('/') ? field : `/${field}`;
  return new Problem('validation', `${field.replace(/^\//, '')}: ${detail}`, [
    { detail, pointer, in: where },
  ]);
}
