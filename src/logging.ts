import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Query parameters whose values are secrets wherever they appear. The API takes keys only in the
 * Authorization header, but clients paste them into URLs anyway, and a log must not become a key store.
 */
const SECRET_PARAMETERS = new Set([
  'key',
  'api_key',
  'apikey',
  'api-key',
  'access_token',
  'token',
  'auth',
  'authorization',
  'secret',
  'password',
  'admin_key',
]);

/** A whole API key anywhere in a URL (a path segment too): its prefix may be shown, its secret never. */
const TOKEN_PATTERN = /dtl_([0-9a-f]{12})_[A-Za-z0-9_-]+/g;

/** The URL as it may be logged: values of secret parameters and the secrets of API keys replaced by `***`. */
export function redactUrl(url: string): string {
  const masked = url.replace(TOKEN_PATTERN, 'dtl_$1_***');
  const queryAt = masked.indexOf('?');
  if (queryAt === -1) return masked;
  const query = masked
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      let name = pair.slice(0, equals);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed name is logged as sent; it is not one of ours.
      }
      return SECRET_PARAMETERS.has(name.trim().toLowerCase()) ? `${pair.slice(0, equals)}=***` : pair;
    })
    .join('&');
  return `${masked.slice(0, queryAt)}?${query}`;
}

/** What Fastify hands the `req` serializer: its request object. */
interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** The service's logger: JSON lines; request URLs without secrets, no credential headers. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: {
        // Fastify's own request serializer, with the URL redacted.
        req: (request: LoggedRequest) => ({
          method: request.method,
          url: redactUrl(request.url ?? ''),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        }),
      },
    },
    destination,
  );
}
