import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Readable, Stream, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { Problem } from '../../../http/problem.ts';
import { formatNamed, formatOfMediaType, type ImportFormat, importFormats } from './import.formats.ts';
import type { ImportJobFile } from './import.jobs.ts';

const mediaTypes = () => importFormats.flatMap((f) => f.mediaTypes);

/** The format a request names (`format=`, with `map=` for csv-mapped): a 400 naming the parameter if wrong. */
export function namedImportFormat(
  format: string | undefined,
  map: string | undefined,
): ImportFormat | undefined {
  if (format === undefined && map === undefined) return undefined;
  try {
    return formatNamed(format ?? 'csv-mapped', map);
  } catch (error) {
    const pointer =
      format === undefined || /mapping|target|mapped/.test((error as Error).message) ? '/map' : '/format';
    throw new Problem('validation', (error as Error).message, [
      { pointer, detail: (error as Error).message, in: 'query' },
    ]);
  }
}

export function unsupportedImportType(): Problem {
  return new Problem('unsupportedMediaType', `Send the import as ${mediaTypes().join(' or ')}`);
}

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
async function spool(body: Readable, file: string, limit: number): Promise<void> {
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
 * The upload a request carries, spooled to a temporary file: the request is answered (or handed to a job)
 * only once it has been received whole, and the import then reads at its own pace. Disposing of the file
 * removes it.
 */
export async function receiveUpload(
  request: FastifyRequest,
  limit: number,
  named?: ImportFormat,
): Promise<ImportJobFile> {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const format: ImportFormat | undefined = named ?? formatOfMediaType(mediaType);
  if (!format || !(request.body instanceof Stream)) throw unsupportedImportType();
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const dir = await mkdtemp(path.join(tmpdir(), 'timeline-import-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, `upload.${format.name}`);
  try {
    await spool(request.body as Readable, file, limit);
    const { size } = await stat(file);
    return { format, size, open: () => createReadStream(file, { highWaterMark: 256 * 1024 }), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Whether the client asked for an answer before the work is done (RFC 7240 `Prefer: respond-async`). */
export function prefersAsync(request: FastifyRequest): boolean {
  const header = request.headers.prefer;
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values
    .flatMap((v) => v.split(','))
    .some((p) => p.split(';')[0]?.trim().toLowerCase() === 'respond-async');
}
