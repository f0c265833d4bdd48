import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

export const API_VERSION = '1.0.0';

/** The OpenAPI 3.1 document built from the route schemas, served at /openapi.json and browsable at /docs. */
export default fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Diplomatic events timeline API',
          version: API_VERSION,
          description:
            'Dated diplomatic events with EDTF dates (partial, approximate, uncertain), filtered timelines, histograms and gap queries ("how long has nothing happened since?").',
          license: { name: 'MIT', identifier: 'MIT' },
          contact: { name: 'Timeline API maintainers', url: 'https://diplomatic-timeline.example/' },
        },
        // Relative unless the deployment names its public URL: /docs "Try it out" then calls the host and port
        // the page came from, whatever HOST and PORT (or a proxy) made them.
        servers: [
          config.PUBLIC_BASE_URL
            ? { url: config.PUBLIC_BASE_URL, description: 'This deployment' }
            : { url: '/', description: 'The server this document was read from' },
        ],
        components: {
          securitySchemes: {
            bearerKey: {
              type: 'http',
              scheme: 'bearer',
              description:
                'An API key created with `npm run keys -- create`; writes need scope `write`, vocabulary `admin`.',
            },
          },
        },
        security: [],
        tags: [
          { name: 'events', description: 'The timeline: dated diplomatic events.' },
          { name: 'actors', description: 'States, organizations, bodies and people.' },
          { name: 'vocabulary', description: 'Event types.' },
          { name: 'timeline', description: 'Aggregates over the timeline.' },
          { name: 'gaps', description: 'When nothing happened: gaps between matching events.' },
          { name: 'changes', description: 'What changed, in commit order: the feed and its live stream.' },
          { name: 'keys', description: 'API keys, managed with an admin key.' },
          { name: 'meta', description: 'Health and the contract itself.' },
        ],
      },
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) =>
          typeof json.$id === 'string' ? json.$id : `def-${i}`,
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    app.get('/openapi.yaml', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('application/yaml').send(app.swagger({ yaml: true })),
    );
  },
  { name: 'openapi' },
);
