import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiKey } from '../../src/modules/keys/keys.service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// A property-based fuzz suite driven by the OpenAPI document: every operation gets random and malformed
// query strings, path ids, headers and bodies. Whatever is sent, the answer is never a 500, every error is
// problem+json whose `status` is the HTTP status, and no body leaks a stack trace or SQL.

const TOTAL_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5200);
const SEED = Number(process.env.FUZZ_SEED ?? 20211207);

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  schema: Schema;
}
interface Schema {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  $ref?: string;
}
interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  bodyTypes: string[];
}

const HOSTILE = [
  "' OR '1'='1",
  "'; drop table events; --",
  '1; select pg_sleep(10)',
  '") union select * from api_keys --',
  '$1',
  '%00',
  '\u0000',
  '../../etc/passwd',
  '~1~0/../#/',
  '/..%2f',
  '{"$ne":null}',
  '<script>alert(1)</script>',
  ['$', '{7*7}'].join(''), // template injection
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '99999999999999999999999999',
  '-99999999999999999999',
  '0x1F',
  ' ',
  '',
  ',,,',
  'null',
  'true',
  '2019-02-29',
  '9999-12-31',
  '0000-01-01',
  '2021-13',
  'P',
  'P1Y2M3DT4H',
  '😀🇺🇦',
  'Ｒｕｓｓｌａｎｄ',
  'a'.repeat(5000),
  // Issue 12's hostile inputs: NUL and a lone surrogate in any text, tsquery operators, numbers past a
  // double, formula cells, markup, a UUID-shaped slug, language maps keyed by anything.
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '-',
  ':',
  '\\',
  '1e400',
  '-1e309',
  "-1+cmd|' /C calc'!A0",
  '-1e3+A1',
  '<img src=x onerror=alert(1)>',
  '0f8fad5b-d9cb-469f-a165-70867728950e',
  'W/"1"',
  '"1"',
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.double().map(String),
);

const VALID_SAMPLES: Record<string, string[]> = {
  from: ['2014', '2014-06', '2019-07-05'],
  to: ['2016', '2021-06', '2021-06-07'],
  as_of: ['2021-06-07', '2021', '2019-07'],
  actor: ['nato-russia-council', 'russia,nato', 'jens-stoltenberg'],
  type: ['meeting', 'statement,invitation'],
  role: ['forum', 'speaker,recipient'],
  status: ['held'],
  tag: ['nrc'],
  country: ['IT', 'RU,BY'],
  q: ['Tor', 'Dialog', 'dialogue OR Russland', '"Nato-Russland-Rat"', '-russia', '-', ':', '\\', 'a\u0000b'],
  updated_since: ['2020-01-01T00:00:00Z'],
  limit: ['1', '2', '500'],
  min: ['P6M', 'P1Y', 'P10D'],
  min_days: ['30', '1'],
  id: ['nrc-meeting-2019-07', 'nato-russia-council', 'russia', '00000000-0000-0000-0000-000000000000'],
  lang: ['de', 'en', 'fr'],
};

function resolve(doc: OpenApi, schema: Schema | undefined): Schema {
  if (!schema?.$ref) return schema ?? {};
  const name = schema.$ref.split('/').pop() ?? '';
  return resolve(doc, doc.components?.schemas?.[name]);
}

function valueFor(doc: OpenApi, name: string, raw: Schema): fc.Arbitrary<string> {
  const schema = resolve(doc, raw.items ? raw.items : raw);
  const valid: fc.Arbitrary<string>[] = [];
  if (schema.enum) valid.push(fc.constantFrom(...schema.enum.map(String)));
  if (schema.type === 'boolean') valid.push(fc.constantFrom('true', 'false'));
  if (schema.type === 'integer') valid.push(fc.integer({ min: -5, max: 600 }).map(String));
  const samples = VALID_SAMPLES[name];
  if (samples) valid.push(fc.constantFrom(...samples));
  return valid.length > 0
    ? fc.oneof({ weight: 3, arbitrary: fc.oneof(...valid) }, { weight: 2, arbitrary: hostileString })
    : hostileString;
}

/** Deeply nested JSON text, built as text: JSON.stringify itself would overflow the stack. */
function deepJson(depth: number): string {
  return `${'{"nested":['.repeat(depth)}"bottom"${']}'.repeat(depth)}`;
}

function bodyArbitrary(
  operation: Operation,
): fc.Arbitrary<{ payload: string; contentType: string } | undefined> {
  if (operation.bodyTypes.length === 0) return fc.constant(undefined);
  const wellFormed = fc.record(
    {
      slug: fc.oneof(fc.constantFrom('fuzz-event', 'nrc-meeting-2019-07'), hostileString),
      id: fc.oneof(fc.constantFrom('fuzz-actor', 'nato'), hostileString),
      kind: fc.oneof(fc.constantFrom('state', 'body', 'person'), hostileString),
      code: fc.oneof(fc.constantFrom('fuzz_type', 'meeting'), hostileString),
      label: fc.oneof(fc.constant({ en: 'Fuzz' }), fc.jsonValue()),
      name: fc.oneof(fc.constant({ en: 'Fuzz' }), fc.jsonValue()),
      type: fc.oneof(fc.constantFrom('meeting', 'statement'), hostileString),
      title: fc.oneof(
        fc.constant({ en: 'Fuzz' }),
        fc.constantFrom({ ZZ: { deep: [1] } }, { 'BAD KEY': 'x' }, { en: 'a\u0000' }, { en: '\ud800' }),
        fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
        fc.jsonValue(),
      ),
      date: fc.oneof(fc.constantFrom('2019-07', '2014-06/2016-04', '2019-07-05/..', '201X'), hostileString),
      participants: fc.oneof(
        fc.constant([{ actor: 'nato-russia-council', role: 'forum' }]),
        fc.array(fc.record({ actor: hostileString, role: hostileString }), { maxLength: 3 }),
        fc.jsonValue(),
      ),
      tags: fc.oneof(fc.constant(['nrc']), fc.array(hostileString, { maxLength: 3 })),
      relations: fc.oneof(
        fc.constant([]),
        fc.array(fc.record({ kind: hostileString, event: hostileString }), { maxLength: 2 }),
      ),
      extra_property: hostileString,
    },
    { requiredKeys: [] },
  );
  const json = fc.oneof(
    wellFormed.map((v) => JSON.stringify(v)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.constant(deepJson(5000)),
    fc.constant(deepJson(100_000)),
    fc.constantFrom('{', '{"title":', 'null', '[]', '"string"', '{"__proto__": {"admin": true}}', '\u0000'),
  );
  return fc.record({
    payload: fc.oneof(json, hostileString),
    contentType: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...operation.bodyTypes) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data',
          '',
          'application/json; charset=latin1',
        ),
      },
    ),
  });
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, unknown> };
        responses?: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

function operationsOf(doc: OpenApi): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!op.operationId) continue;
      // A stream never ends, so an injected request would wait for good: its bad inputs (Last-Event-ID,
      // since, the stream limit) are tested in tests/changes/stream.test.ts.
      if (op.responses?.['200']?.content?.['text/event-stream']) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        parameters: (op.parameters ?? []).filter((p) => p.in !== 'header' || p.name !== 'authorization'),
        bodyTypes: Object.keys(op.requestBody?.content ?? {}),
      });
    }
  }
  return operations;
}

/**
 * A path segment percent-encoded as a hostile client may send it: encodeURIComponent throws on a lone
 * surrogate, so that one goes as the three bytes of its (invalid) UTF-8 form, e.g. `%ED%B0%80`.
 */
function percentEncode(text: string): string {
  return Array.from(text, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    }
    return encodeURIComponent(ch);
  }).join('');
}

// What a leaked driver error or stack trace looks like. Echoed input ("No event \"…select…\"") is not a leak.
const LEAKS =
  /\n\s+at .+:\d+|node_modules|syntax error at or near|violates .*constraint|relation "\w+"|column "\w+" does not exist|duplicate key value|invalid input syntax for|PGlite|kysely|DatabaseError/i;

describe('fuzz: every operation with random and malformed input', () => {
  let t: TestApp;
  let adminToken = '';
  const cleanups: (() => Promise<void>)[] = [];
  let sent = 0;
  const statuses = new Map<number, number>();

  before(async () => {
    // The write rate limit would turn most write attempts into 429s: lift it so bodies reach validation.
    t = await createTestApp(
      { after: (fn) => cleanups.push(fn) },
      { seed: true, env: { RATE_LIMIT_WRITES_PER_MINUTE: '1000000' } },
    );
    adminToken = (await createApiKey(t.db, { name: 'fuzz', scopes: ['admin'] })).token;
  });
  after(async () => {
    for (const fn of cleanups) await fn();
  });

  function check(operation: Operation, request: InjectOptions, res: LightMyRequestResponse): void {
    sent += 1;
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    const context = `${operation.operationId} ${String(request.method)} ${String(request.url)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
    assert.notEqual(res.statusCode, 500, context);
    assert.ok(res.statusCode < 600, context);
    assert.doesNotMatch(res.body, LEAKS, context);
    if (res.statusCode >= 400) {
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, context);
      const problem = res.json() as { status: unknown; type: unknown; title: unknown; detail: unknown };
      assert.equal(problem.status, res.statusCode, context);
      assert.equal(typeof problem.type, 'string', context);
      assert.equal(typeof problem.title, 'string', context);
      assert.equal(typeof problem.detail, 'string', context);
    }
  }

  test('fuzz: each operation of the document, with hostile queries, ids, headers and bodies', async () => {
    const doc = t.app.swagger() as unknown as OpenApi;
    const operations = operationsOf(doc);
    assert.ok(operations.length >= 8, 'the document lists the operations');
    const runsEach = Math.ceil(TOTAL_REQUESTS / operations.length);
    for (const operation of operations) {
      const query = fc.array(
        fc.oneof(
          {
            weight: 5,
            arbitrary:
              operation.parameters.filter((p) => p.in === 'query').length > 0
                ? fc
                    .constantFrom(...operation.parameters.filter((p) => p.in === 'query'))
                    .chain((p) => valueFor(doc, p.name, p.schema).map((v) => [p.name, v] as const))
                : fc.constant(['unknown', 'x'] as const),
          },
          { weight: 1, arbitrary: fc.tuple(hostileString, hostileString) },
        ),
        { maxLength: 5 },
      );
      const pathValues = fc.record(
        Object.fromEntries(
          operation.parameters
            .filter((p) => p.in === 'path')
            .map((p) => [p.name, valueFor(doc, p.name, p.schema)]),
        ),
      );
      const headers = fc.record(
        {
          authorization: fc.oneof(
            { weight: 4, arbitrary: fc.constant('admin') },
            {
              weight: 1,
              arbitrary: fc.oneof(
                fc.constantFrom('Bearer ', 'Bearer dtl_000000000000_x', 'Basic YWRtaW46YWRtaW4='),
                hostileString.map((s) => `Bearer ${s}`),
              ),
            },
          ),
          accept: fc.oneof(
            fc.constantFrom(
              'application/json',
              'text/csv',
              'application/x-ndjson',
              '*/*',
              'image/png',
              'text/html;q=0',
            ),
            hostileString,
          ),
          'accept-language': fc.oneof(fc.constantFrom('de', 'en-GB,en;q=0.8', '*'), hostileString),
          'if-none-match': hostileString,
          'if-match': fc.oneof(fc.constantFrom('*', '"1-abc"', 'W/"2"'), hostileString),
          'idempotency-key': hostileString,
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          query,
          pathValues,
          headers,
          bodyArbitrary(operation),
          async (pairs, pathParams, headerValues, body) => {
            const path = operation.path.replace(
              /\{(\w+)\}/g,
              (_m, name: string) => percentEncode(pathParams[name] ?? 'x') || 'x',
            );
            const search = new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString();
            const hdrs: Record<string, string> = {};
            for (const [name, value] of Object.entries(headerValues)) {
              // Header values cannot carry control characters or non-Latin-1 text.
              const clean =
                name === 'authorization' && value === 'admin'
                  ? `Bearer ${adminToken}`
                  : String(value).replace(/[^\x20-\x7e]/g, '');
              hdrs[name] = clean;
            }
            if (body) hdrs['content-type'] = body.contentType;
            const request: InjectOptions = {
              method: operation.method as InjectOptions['method'],
              url: search ? `${path}?${search}` : path,
              headers: hdrs,
              ...(body ? { payload: body.payload } : {}),
            };
            check(operation, request, await t.app.inject(request));
          },
        ),
        { numRuns: runsEach, seed: SEED, endOnFailure: true },
      );
    }
  });

  test('fuzz: the hostile requests of issue 12, sent as they are, are 4xx problems (never 5xx)', async () => {
    const cases: InjectOptions[] = [
      { method: 'GET', url: '/v1/events?q=a%00b' },
      { method: 'GET', url: '/v1/actors?q=%00' },
      { method: 'GET', url: '/v1/events/%00' },
      { method: 'GET', url: '/v1/gaps?min_days=1e309' },
      { method: 'GET', url: '/v1/events?limit=1e309' },
      { method: 'GET', url: '/v1/events?cursor=eyJwIjpbIngiLCJ5Il0sInEiOiJ6In0.AAAAAAAAAAAAAAAAAAAAAA' },
      ...['{"title":{"en":"a\\u0000"}}', '{"title":{"en":"\\ud800"}}', '{"summary":{"ZZ":{"deep":[1]}}}'].map(
        (payload): InjectOptions => ({
          method: 'POST',
          url: '/v1/events',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          payload,
        }),
      ),
    ];
    const operation = { method: 'GET', path: '', operationId: 'issue-12', parameters: [], bodyTypes: [] };
    for (const request of cases) {
      const res = await t.app.inject(request);
      check(operation, request, res);
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${String(request.url)} → ${res.statusCode}`);
    }
    for (const q of ['-', ':', '\\']) {
      for (const path of ['/v1/events', '/v1/actors']) {
        const res = await t.app.inject({ method: 'GET', url: `${path}?q=${encodeURIComponent(q)}` });
        assert.equal(res.statusCode, 200, `${path}?q=${q}`);
      }
    }
  });

  test(`fuzz: at least ${TOTAL_REQUESTS} requests were sent, none answered 500`, () => {
    assert.ok(sent >= TOTAL_REQUESTS, `sent ${sent}`);
    assert.equal(statuses.get(500), undefined);
    console.log(
      `fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
  });
});
