import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DISPLAY_LANGUAGES } from '../../domain/display.ts';
import { isNotModified } from '../../http/conditional.ts';
import { Problem } from '../../http/problem.ts';
import { type Asset, loadViewer } from './viewer.assets.ts';

function sendAsset(request: FastifyRequest, reply: FastifyReply, file: Asset) {
  reply
    .type(file.type)
    .header('etag', file.etag)
    .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (isNotModified(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
  return reply.send(file.body);
}

/**
 * The timeline viewer: a page and its static files, outside the API (hidden from openapi.json). The page's
 * query string is an API query; the page reads /v1 from the browser like any other client.
 */
export const viewerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const viewer = loadViewer(DISPLAY_LANGUAGES);
  // The API's own responses carry no CSP (JSON); the page and its files get a strict one of their own.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', viewer.csp);
    reply.header('referrer-policy', 'same-origin');
  });

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    return reply.redirect(`/timeline${query}`, 302);
  });
  app.get('/timeline', { schema: { hide: true } }, async (request, reply) =>
    sendAsset(request, reply, viewer.page),
  );
  const FileParams = Type.Object({ '*': Type.String() });
  app.get('/timeline/*', { schema: { hide: true, params: FileParams } }, async (request, reply) => {
    const file = viewer.files.get(request.params['*']);
    if (!file) throw new Problem('notFound', `No viewer file ${request.params['*']}: open /timeline`);
    return sendAsset(request, reply, file);
  });
};
