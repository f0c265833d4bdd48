import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { directUrl } from '../../../config.ts';
import { problemResponses, ref } from '../../../http/schemas.ts';
import { writeAccess, writeContext } from '../../../http/write-route.ts';
import { FORMAT_NAMES, importFormats } from './import.formats.ts';
import { namedImportFormat, prefersAsync, receiveUpload, unsupportedImportType } from './import.http.ts';
import { ImportJobs, importJobFor, submitImport } from './import.jobs.ts';
import { ImportJobSchema, ImportProblemSchema, ImportReportSchema } from './import.schemas.ts';
import { openImportSession } from './import.session.ts';

export const eventImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const jobs = new ImportJobs(
    app.db,
    () =>
      openImportSession({
        database: app.database,
        url: directUrl(app.config),
        statementTimeoutMs: app.config.IMPORT_STATEMENT_TIMEOUT_MS,
        connectTimeoutMs: app.config.DATABASE_CONNECT_TIMEOUT_MS,
      }),
    app.log,
  );
  app.addHook('onClose', () => jobs.close());

  // This scope takes only the import types, handed over as a stream; anything else is a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    importFormats.flatMap((f) => f.mediaTypes),
    (_request, payload, done) => done(null, payload),
  );
  app.addContentTypeParser('*', (_request, _payload, done) => done(unsupportedImportType(), undefined));

  const jobResponse = {
    description:
      'The import runs in the background: `Location` names its job resource, to poll until it has finished.',
    headers: {
      location: { type: 'string', description: 'The job: /v1/imports/{id}.' },
      'retry-after': { type: 'string', description: 'Seconds to wait before polling.' },
      'preference-applied': { type: 'string', description: '`respond-async` when it was asked for.' },
    },
    content: { 'application/json': { schema: ref(ImportJobSchema) } },
  };

  app.post(
    '/events::import',
    {
      ...writeAccess(app, 'write'),
      bodyLimit: app.config.IMPORT_BODY_LIMIT_BYTES,
      schema: {
        operationId: 'importEvents',
        summary: 'Import events in bulk (NDJSON, CSV, JSON, ACLED, Wikidata, mapped CSV), all or nothing',
        description:
          "Creates or updates events: a row with `id` is the event with that id (created with it if there is none), else the event with its `slug`. The whole file is checked first; if anything is wrong the answer is a 422 listing the first 100 errors with `error_count`, and nothing is written. Otherwise it is written in one transaction; importing the same file again changes nothing. `dry_run=true` checks and counts without writing.\n\nThe answer comes when the import has finished (200 or 422), unless that takes longer than `IMPORT_WAIT_MS` (30 s by default) or the request says `Prefer: respond-async`: then it is a 202 whose `Location` is the import's job resource (`GET /v1/imports/{id}`), with its progress and, once finished, its result or problem.\n\nAn export imports again as it is (CSV, NDJSON, a JSON page): its read-only members (version, timestamps, the date's derived members, display strings) are ignored, any other unknown name is an error. A row with both `id` and `slug` is the event with that id; its slug is then renamed, unless another event has it (a 422). Researchers' formats: `format=acled`, `format=wikidata` (or Content-Type application/sparql-results+json), `format=csv-mapped&map=…` (docs/research-formats.md).\n\nCSV columns: id, slug, type, status, date (or edtf), title_<lang>, summary_<lang>, participants (`actor:role;actor:role`), location, country, latitude, longitude, location_precision, tags (`a;b`), sources (JSON), relations (`kind:event;…`).",
        tags: ['events'],
        security: [{ bearerKey: [] }],
        headers: Type.Object({
          prefer: Type.Optional(
            Type.String({
              description: '`respond-async`: answer 202 with the job at once, without waiting.',
            }),
          ),
        }),
        querystring: Type.Object(
          {
            dry_run: Type.Optional(
              Type.Boolean({
                default: false,
                description:
                  'Check and count, but write nothing; the report lists the first 20 events the file would create or change, with each changed member old → new.',
              }),
            ),
            format: Type.Optional(
              Type.Enum([...FORMAT_NAMES], {
                description:
                  "The file's format when its Content-Type does not say it: `acled` (ACLED's CSV export) and `csv-mapped` (a CSV of your own with `map`) are sent as text/csv. See docs/research-formats.md.",
              }),
            ),
            map: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 2000,
                description:
                  'With format=csv-mapped: which column of the file gives each column of the import, `title=Name,date=When,type=const:meeting`.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        body: {
          content: Object.fromEntries(
            importFormats.flatMap((f) =>
              f.mediaTypes.map((t) => [t, { schema: { description: f.description } }]),
            ),
          ),
        },
        response: {
          200: {
            description: 'What the import did (or, with dry_run, would do).',
            content: { 'application/json': { schema: ref(ImportReportSchema) } },
          },
          202: jobResponse,
          ...problemResponses(401, 403, 409, 413, 415),
          422: {
            description:
              'The file has errors: the first 100 are listed, `error_count` says how many; nothing was written.',
            content: { 'application/problem+json': { schema: ref(ImportProblemSchema) } },
          },
        },
      },
    },
    async (request, reply) => {
      const submitted = await submitImport(
        jobs,
        await receiveUpload(
          request,
          app.config.IMPORT_BODY_LIMIT_BYTES,
          namedImportFormat(request.query.format, request.query.map),
        ),
        {
          dryRun: request.query.dry_run ?? false,
          apiKeyId: writeContext(request).apiKeyId,
          respondAsync: prefersAsync(request),
          waitMs: app.config.IMPORT_WAIT_MS,
        },
      );
      if (submitted.done) return submitted.report;
      return reply.code(202).headers(submitted.headers).send(submitted.job);
    },
  );

  app.get(
    '/imports/:id',
    {
      onRequest: app.requireScope('write'),
      // Polled right after the 202 that made the job, and while the job's own session updates it.
      config: { readFromPrimary: true },
      schema: {
        operationId: 'getImportJob',
        summary: 'The state of an import running in the background',
        description:
          'Its state (`queued`, `running`, `succeeded`, `failed`), its progress (rows read, rows/s, errors, an estimate of the time left to read the file) and, once finished, its report or its problem. Jobs are kept in the database for a week after they finish; only the key that started a job (or an admin key) sees it.',
        tags: ['events'],
        security: [{ bearerKey: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid', description: 'The job id.' }) }),
        querystring: Type.Object({}, { additionalProperties: false }),
        response: {
          200: {
            description: 'The job.',
            content: { 'application/json': { schema: ref(ImportJobSchema) } },
          },
          ...problemResponses(403, 404),
        },
      },
    },
    async (request) => importJobFor(jobs, request.params.id, request.apiKey),
  );
};
