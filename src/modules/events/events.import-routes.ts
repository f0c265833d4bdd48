import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Readable, Stream, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { problemResponses, ref } from '../../http/schemas.ts';
import { writeAccess, writeContext } from '../../http/write-route.ts';
import { type ImportFormat, type ImportOptions, type ImportReport, importEvents } from './events.import.ts';
import { ImportProblemSchema, ImportReportSchema } from './write/write.schemas.ts';

const FORMATS: Record<string, ImportFormat> = { 'application/x-ndjson': 'ndjson', 'text/csv': 'csv' };

function tooLarge(limit: number): Problem {
  return new Problem(
    'payloadTooLarge',
    `The import is larger than ${limit} bytes (IMPORT_BODY_LIMIT_BYTES): split the file, or import it with \`npm run import\``,
  );
}

/**
 * Copies an upload to a file, stopping at the limit. The request is piped, not pipelined: a pipeline
 * would destroy the request (and with it the connection) on a 413, where unpiping lets the server
 * answer and discard the rest, as Fastify's own body limit does.
 */
async function spoolUpload(body: Readable, file: string, limit: number): Promise<void> {
  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limit ? tooLarge(limit) : null, chunk);
    },
  });
  const forwardError = (error: Error) => limiter.destroy(error);
  body.once('error', forwardError);
  body.pipe(limiter);
  try {
    await pipeline(limiter, createWriteStream(file));
  } finally {
    body.unpipe(limiter);
    body.off('error', forwardError);
  }
}

/**
 * Imports an upload: written to a temporary file first, because the import reads its rows twice
 * (validate all, then write all) and memory must stay bounded however large the upload.
 */
interface Upload {
  body: Readable;
  format: ImportFormat;
  limit: number;
  declaredLength: number | undefined;
}

/** The upload a request carries: one of the two import types, as the stream the parser handed over. */
function uploadOf(request: FastifyRequest, limit: number): Upload {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const format = FORMATS[mediaType];
  if (!format || !(request.body instanceof Stream)) {
    throw new Problem('unsupportedMediaType', 'Send the import as application/x-ndjson or text/csv');
  }
  const declared = Number(request.headers['content-length']);
  return {
    body: request.body as Readable,
    format,
    limit,
    declaredLength: Number.isFinite(declared) ? declared : undefined,
  };
}

async function importUpload(
  db: Kysely<Database>,
  upload: Upload,
  options: ImportOptions,
): Promise<ImportReport> {
  if ((upload.declaredLength ?? 0) > upload.limit) throw tooLarge(upload.limit);
  const dir = await mkdtemp(path.join(tmpdir(), 'timeline-import-'));
  const file = path.join(dir, `upload.${upload.format}`);
  try {
    await spoolUpload(upload.body, file, upload.limit);
    return await importEvents(db, { format: upload.format, open: () => createReadStream(file) }, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const eventImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // This scope takes only the two import types, handed over as a stream; anything else is a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(Object.keys(FORMATS), (_request, payload, done) => done(null, payload));
  app.addContentTypeParser('*', (_request, _payload, done) =>
    done(
      new Problem('unsupportedMediaType', 'Send the import as application/x-ndjson or text/csv'),
      undefined,
    ),
  );

  const rawBody = (description: string) => ({ schema: { description } });

  app.post(
    '/events::import',
    {
      ...writeAccess(app, 'write'),
      bodyLimit: app.config.IMPORT_BODY_LIMIT_BYTES,
      schema: {
        operationId: 'importEvents',
        summary: 'Import events in bulk (NDJSON or CSV), all or nothing',
        description:
          'Creates or updates events by `slug` (every row needs one). All rows are checked first; if any is bad the answer is a 422 listing every bad line and nothing is written. Otherwise all rows are written in one transaction; re-importing the same file changes nothing. `dry_run=true` checks and counts without writing. CSV columns: slug, type, status, date, title_<lang>, summary_<lang>, participants (`actor:role;actor:role`), country, tags (`a;b`).',
        tags: ['events'],
        security: [{ bearerKey: [] }],
        querystring: Type.Object(
          {
            dry_run: Type.Optional(
              Type.Boolean({ default: false, description: 'Check and count, but write nothing.' }),
            ),
          },
          { additionalProperties: false },
        ),
        body: {
          content: {
            'application/x-ndjson': rawBody('One EventInput JSON object per line, each with a `slug`.'),
            'text/csv': rawBody('RFC 4180 CSV with a header row naming the columns.'),
          },
        },
        response: {
          200: {
            description: 'What the import did (or, with dry_run, would do).',
            content: { 'application/json': { schema: ref(ImportReportSchema) } },
          },
          ...problemResponses(401, 403, 409, 413, 415),
          422: {
            description: 'Some rows are invalid: every bad line is listed, nothing was written.',
            content: { 'application/problem+json': { schema: ref(ImportProblemSchema) } },
          },
        },
      },
    },
    async (request) =>
      importUpload(app.db, uploadOf(request, app.config.IMPORT_BODY_LIMIT_BYTES), {
        dryRun: request.query.dry_run ?? false,
        ctx: writeContext(request),
      }),
  );
};
