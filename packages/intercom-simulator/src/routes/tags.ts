/**
 * Tag endpoints. POST /tags multiplexes five operations by body shape: create/find `{name}`, rename
 * `{id, name}`, tag or untag companies `{name, companies: [{id | company_id, untag?}]}` and tag contacts
 * `{name, users: [{id}]}`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorContext } from '../context';
import { parseBody } from '../body';
import { parameterInvalid } from '../errors';
import { tagToJson } from '../serialize/resources';
import { deleteTag, findOrCreateTag, renameTag, requireTag, tagCompanies, tagUsers } from '../services/tags';

const tagRequestSchema = z.object({
  name: z.string().optional(),
  id: z.string().optional(),
  companies: z
    .array(z.object({ id: z.string().optional(), company_id: z.string().optional(), untag: z.boolean().optional() }))
    .optional(),
  users: z.array(z.object({ id: z.string().optional() })).optional(),
});

export function registerTagRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.get('/tags', () => ({
    type: 'list',
    data: [...ctx.store.tags.values()].map((tag) => tagToJson(tag)),
  }));

  app.post('/tags', (request) => {
    const body = parseBody(tagRequestSchema, request.body);
    if (body.name === undefined) throw parameterInvalid('invalid tag parameters', 'name');
    if (body.companies !== undefined) {
      const tag = findOrCreateTag(ctx, body.name);
      return { ...tagToJson(tag), companies: tagCompanies(ctx, tag, body.companies) };
    }
    if (body.users !== undefined) {
      const tag = findOrCreateTag(ctx, body.name);
      return { ...tagToJson(tag), users: tagUsers(ctx, tag, body.users) };
    }
    const tag = body.id !== undefined ? renameTag(ctx, body.id, body.name) : findOrCreateTag(ctx, body.name);
    return tagToJson(tag);
  });

  app.get<{ Params: { tag_id: string } }>('/tags/:tag_id', (request) =>
    tagToJson(requireTag(ctx, request.params.tag_id)),
  );

  // 200 with an empty body, as the spec declares.
  app.delete<{ Params: { tag_id: string } }>('/tags/:tag_id', async (request, reply) => {
    deleteTag(ctx, request.params.tag_id);
    await reply.code(200).send();
  });
}
