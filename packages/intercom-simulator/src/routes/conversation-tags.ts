/**
 * Tags on conversations: POST /conversations/{id}/tags `{id, admin_id}` applies an existing tag on
 * behalf of an admin, DELETE /conversations/{id}/tags/{tag_id} `{admin_id}` removes it. Both answer
 * the tag with `applied_at` and `applied_by`; a missing conversation or tag is 404, as the 2.16
 * description shows, and so is an unknown admin (`admin_not_found`, as GET /admins/{id} answers).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorContext } from '../context';
import { parseBody } from '../body';
import { IntercomHttpError, parameterNotFound } from '../errors';
import { requireAdmin, requireConversation } from '../services/conversations';
import { appliedTagToJson } from '../serialize/resources';

// The description's examples send numbers; its schema says strings. Intercom reads both.
const idText = z.union([z.string(), z.number().int().transform(String)]);
const applySchema = z.object({ id: idText.optional(), admin_id: idText.optional() });
const removeSchema = z.object({ admin_id: idText.optional() });

type Params = { conversation_id: string };

export function registerConversationTagRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.post<{ Params: Params }>('/conversations/:conversation_id/tags', (request) => {
    const body = parseBody(applySchema, request.body);
    const conversation = requireConversation(ctx, request.params.conversation_id);
    const adminId = requireAdmin(ctx, body.admin_id);
    if (body.id === undefined) throw parameterNotFound('tag not specified', 'id');
    const tag = ctx.store.tags.get(body.id);
    if (!tag) throw new IntercomHttpError(404, 'tag_not_found', 'Tag not found');
    const at = ctx.nowSeconds();
    if (!conversation.tag_ids.includes(tag.id)) {
      ctx.store.conversations.set(conversation.id, {
        ...conversation,
        tag_ids: [...conversation.tag_ids, tag.id],
        updated_at: Math.max(at, conversation.updated_at),
      });
    }
    return appliedTagToJson(tag, { appliedAt: at, appliedBy: adminId });
  });

  app.delete<{ Params: Params & { tag_id: string } }>('/conversations/:conversation_id/tags/:tag_id', (request) => {
    const body = parseBody(removeSchema, request.body);
    const conversation = requireConversation(ctx, request.params.conversation_id);
    const adminId = requireAdmin(ctx, body.admin_id);
    const tag = ctx.store.tags.get(request.params.tag_id);
    if (!tag || !conversation.tag_ids.includes(tag.id)) {
      throw new IntercomHttpError(404, 'tag_not_found', 'Tag not found');
    }
    const at = ctx.nowSeconds();
    ctx.store.conversations.set(conversation.id, {
      ...conversation,
      tag_ids: conversation.tag_ids.filter((id) => id !== tag.id),
      updated_at: Math.max(at, conversation.updated_at),
    });
    return appliedTagToJson(tag, { appliedAt: at, appliedBy: adminId });
  });
}
