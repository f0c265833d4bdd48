import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAppWithoutDatabase } from '../helpers/app.ts';

test('openapi.json: the server is relative, so /docs calls the host and port it was loaded from', async (t) => {
  const app = await createAppWithoutDatabase(t, { PORT: '5612' });
  const document = (await app.inject('/openapi.json')).json();
  assert.deepEqual(document.servers, [{ url: '/', description: 'The server this document was read from' }]);
});

test('openapi.json: PUBLIC_BASE_URL, when set, is the server', async (t) => {
  const app = await createAppWithoutDatabase(t, { PUBLIC_BASE_URL: 'https://timeline.example.net' });
  const document = (await app.inject('/openapi.json')).json();
  assert.deepEqual(document.servers, [
    { url: 'https://timeline.example.net', description: 'This deployment' },
  ]);
});

test('openapi.json: listEvents answers EventList as JSON (PartialEventList only under its fields= media type), and the exports are operations of their own', async (t) => {
  const app = await createAppWithoutDatabase(t);
  const { paths } = (await app.inject('/openapi.json')).json();
  assert.deepEqual(paths['/v1/events'].get.responses['200'].content, {
    'application/json': { schema: { $ref: '#/components/schemas/EventList' } },
    'application/vnd.timeline.partial+json': { schema: { $ref: '#/components/schemas/PartialEventList' } },
  });
  assert.deepEqual(
    ['/v1/events.csv', '/v1/events.ndjson', '/v1/events.timelinejs'].map((path) => [
      paths[path].get.operationId,
      Object.keys(paths[path].get.responses['200'].content),
    ]),
    [
      ['exportEventsCsv', ['text/csv']],
      ['exportEventsNdjson', ['application/x-ndjson']],
      ['listEventsTimelineJs', ['application/vnd.timelinejs+json']],
    ],
  );
});
