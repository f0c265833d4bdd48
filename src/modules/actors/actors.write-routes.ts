import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expectedVersion, ifMatchHeader } from '../../http/conditional.ts';
import { acceptJsonAndMergePatch, MERGE_PATCH_TYPE, mergedBodyValidator } from '../../http/content-types.ts';
import {
  idempotencyKeyHeader,
  idempotentRequest,
  sendStored,
} from '../../http/idempotency/idempotency.http.ts';
import { runIdempotent } from '../../http/idempotency/idempotency.service.ts';
import { problemResponses, ref } from '../../http/schemas.ts';
import { writeAccess, writeContext } from '../../plugins/auth.ts';
import { orNull } from '../events/write/write.schemas.ts';
import { ActorInputSchema, ActorKindSchema, ActorSchema, AffiliationSchema } from './actors.schemas.ts';
import { type ActorInput, type ApiActor, createActor, patchActor, removeActor } from './actors.service.ts';

const nullableText = Type.Unsafe<string | null>({ type: ['string', 'null'] });

export const ActorPatchSchema = Type.Object(
  {
    kind: Type.Optional(orNull(ref(ActorKindSchema))),
    name: Type.Optional(
      orNull(
        Type.Record(Type.String(), nullableText, { description: 'Languages to set; `null` removes one.' }),
      ),
    ),
    aliases: Type.Optional(orNull(Type.Array(Type.String(), { description: 'Replaces the list.' }))),
    country: Type.Optional(orNull(Type.String())),
    wikidata: Type.Optional(orNull(Type.String())),
    affiliations: Type.Optional(
      orNull(Type.Array(ref(AffiliationSchema), { description: 'Replaces the list.' })),
    ),
  },
  {
    $id: 'ActorPatch',
    additionalProperties: false,
    description:
      'A JSON merge patch (RFC 7396) of the ActorInput representation (the id cannot change): members present replace, `null` removes, `name` merges language by language.',
    examples: [{ aliases: ['NRC', 'NRR', 'Nato-Russland-Rat'], wikidata: null }],
  },
);

export const actorWriteSchemas = [ActorPatchSchema];

const IdParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80, description: 'Actor id (slug).' }),
});
const NoQuery = Type.Object({}, { additionalProperties: false });
const ACTOR_INPUT = { $ref: 'ActorInput' };
const actorEtag = (actor: ApiActor) => `"${actor.version}"`;
const etagHeader = {
  etag: { type: 'string', description: 'The new version: send it as If-Match next time.' },
};

export const actorWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptJsonAndMergePatch(app);

  app.post(
    '/actors',
    {
      ...writeAccess(app, 'write'),
      schema: {
        operationId: 'createActor',
        summary: 'Create an actor',
        description:
          'Creates a state, organization, body or person under a readable id (`nato-russia-council`). Honours `Idempotency-Key`.',
        tags: ['actors'],
        security: [{ bearerKey: [] }],
        headers: Type.Object(idempotencyKeyHeader),
        querystring: NoQuery,
        body: ref(ActorInputSchema),
        response: {
          201: {
            description: 'Created; `Location` names the new actor.',
            headers: { location: { type: 'string', description: '/v1/actors/{id}' }, ...etagHeader },
            content: { 'application/json': { schema: ref(ActorSchema) } },
          },
          ...problemResponses(401, 403, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const stored = await runIdempotent(app.db, idempotentRequest(request), async (db) => {
        const actor = await createActor(db, request.body, writeContext(request));
        return {
          status: 201,
          body: actor,
          headers: { location: `/v1/actors/${actor.id}`, etag: actorEtag(actor) },
        };
      });
      return sendStored(reply, stored);
    },
  );

  app.patch(
    '/actors/:id',
    {
      ...writeAccess(app, 'write'),
      schema: {
        operationId: 'updateActor',
        summary: 'Change an actor (JSON merge patch)',
        description: `A JSON merge patch (RFC 7396, \`${MERGE_PATCH_TYPE}\` or \`application/json\`) of the actor's input representation; the merged result is validated like a POST body. With \`If-Match\` (the actor's ETag) the change applies only to the version you read (else 412).`,
        tags: ['actors'],
        security: [{ bearerKey: [] }],
        params: IdParams,
        headers: Type.Object(ifMatchHeader),
        querystring: NoQuery,
        consumes: [MERGE_PATCH_TYPE, 'application/json'],
        body: ref(ActorPatchSchema),
        response: {
          200: {
            description: 'The changed actor.',
            headers: etagHeader,
            content: { 'application/json': { schema: ref(ActorSchema) } },
          },
          ...problemResponses(401, 403, 404, 412, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const actor = await patchActor(
        app.db,
        request.params.id,
        request.body,
        {
          expectedVersion: expectedVersion(request.headers['if-match']),
          validate: mergedBodyValidator<ActorInput>(request, ACTOR_INPUT),
        },
        writeContext(request),
      );
      return reply.header('etag', actorEtag(actor)).send(actor);
    },
  );

  app.delete(
    '/actors/:id',
    {
      ...writeAccess(app, 'write'),
      schema: {
        operationId: 'deleteActor',
        summary: 'Delete an actor (soft)',
        description:
          'Marks the actor deleted; refused with 409 while a live event still names it as participant. Honours `If-Match`.',
        tags: ['actors'],
        security: [{ bearerKey: [] }],
        params: IdParams,
        headers: Type.Object(ifMatchHeader),
        querystring: NoQuery,
        response: {
          204: { description: 'Deleted.', type: 'null' },
          ...problemResponses(401, 403, 404, 409, 412),
        },
      },
    },
    async (request, reply) => {
      await removeActor(
        app.db,
        request.params.id,
        { expectedVersion: expectedVersion(request.headers['if-match']) },
        writeContext(request),
      );
      // Resolving with nothing after code(204) sends an empty 204 (no `null` body).
      reply.code(204);
    },
  );
};
