import Fastify from 'fastify';
import pg from 'pg';
import { CREATE_DISPLAY_FUNCTION } from './display.js';
import { actorTimeline, firstPages, fullText, GAPS_LONGEST, HISTOGRAM_BY_YEAR } from './sql.js';

// Benchmark peer B: what the benchmark's tasks cost when each is one SQL statement that returns the whole
// response body, built by PostgreSQL. It serves the API's paths for the parameter sets the benchmark uses,
// and refuses (400) any other parameter rather than ignore it.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5540/bench_100k PORT=3401 node server.js

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write(
    'Set DATABASE_URL to the benchmark database, e.g. postgres://postgres@127.0.0.1:5540/bench_100k\n',
  );
  process.exit(64);
}
const pool = new pg.Pool({
  connectionString: url,
  max: Number(process.env.POOL_SIZE ?? 4),
  application_name: 'bench-peer-handwritten',
  // The API's session settings, so that both get the same plans.
  options: `-c max_parallel_workers_per_gather=${Number(process.env.DATABASE_PARALLEL_WORKERS ?? 0)}`,
});
pool.on('error', (error) => process.stderr.write(`idle connection lost: ${error.message}\n`));
for (const statement of CREATE_DISPLAY_FUNCTION) await pool.query(statement);

// Refuse unknown parameters (Fastify's default would drop them silently and answer something else).
const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });

const YEAR = { type: 'string', pattern: '^[0-9]{4}$' };
const LIMIT = { type: 'integer', minimum: 1, maximum: 1000, default: 50 };
const CURSOR = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,200}$' };
const query = (properties, required = []) => ({
  querystring: { type: 'object', properties, required, additionalProperties: false },
});

/** A cursor of this peer: the base64url JSON of the last row's position, made by the statement. */
function position(cursor) {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) return value;
  } catch {}
  const error = new Error('cursor: not a cursor of this server');
  error.statusCode = 400;
  throw error;
}

// Named statements: each connection parses and plans a statement once, then (after PostgreSQL's five custom
// plans) runs it with a cached generic plan. Not full text: a generic plan cannot tell a word in 10 % of the
// events from one in 0.1 %, and the one it kept made rare words ten times slower; it is planned every time,
// so its display strings come from the function rather than an expression the planner would go through.
const CUSTOM_PLANS = new Set(['text', 'textAfter']);

async function body(reply, name, values) {
  const text = STATEMENTS[name];
  const { rows } = await pool.query(CUSTOM_PLANS.has(name) ? { text, values } : { name, text, values });
  return reply.type('application/json; charset=utf-8').send(rows[0].body);
}

const STATEMENTS = {
  actor: actorTimeline(false),
  actorAfter: actorTimeline(true),
  all: firstPages(false),
  allAfter: firstPages(true),
  text: fullText(false),
  textAfter: fullText(true),
  histogram: HISTOGRAM_BY_YEAR,
  gaps: GAPS_LONGEST,
};

app.get(
  '/v1/events',
  {
    schema: query({
      actor: { type: 'string' },
      type: { type: 'string' },
      q: { type: 'string', minLength: 1 },
      from: YEAR,
      to: YEAR,
      limit: LIMIT,
      cursor: CURSOR,
    }),
  },
  async (request, reply) => {
    const { actor, type, q, from, to, limit, cursor } = request.query;
    const after = cursor ? position(cursor) : [];
    const c = cursor ? 'After' : '';
    if (actor && type && from && to && !q) {
      return body(reply, `actor${c}`, [actor, type, `${from}-01-01`, `${to}-12-31`, limit, ...after]);
    }
    if (q && from && to && !actor && !type) {
      return body(reply, `text${c}`, [q, `${from}-01-01`, `${to}-12-31`, limit, ...after]);
    }
    if (!actor && !type && !q && !from && !to) return body(reply, `all${c}`, [limit, ...after]);
    return reply.code(400).send({
      message: 'this peer serves actor+type+from+to, q+from+to, or no filter (with limit and cursor)',
    });
  },
);

app.get(
  '/v1/timeline/histogram',
  { schema: query({ bucket: { type: 'string', enum: ['year'], default: 'year' } }) },
  (_request, reply) => body(reply, 'histogram', []),
);

app.get(
  '/v1/gaps',
  {
    schema: query(
      {
        actor: { type: 'string' },
        type: { type: 'string' },
        order: { type: 'string', enum: ['longest'] },
        limit: LIMIT,
      },
      ['actor', 'type', 'order'],
    ),
  },
  (request, reply) => body(reply, 'gaps', [request.query.actor, request.query.type, request.query.limit]),
);

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);

await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
// The benchmark reads this line to learn the port.
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
