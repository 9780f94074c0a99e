/** Workspace identity and read-only resources: /me, admins, segments, conversations. */
import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from '../context';
import { queryFlag } from '../body';
import { IntercomHttpError, resourceNotFound } from '../errors';
import { adminToJson, segmentToJson } from '../serialize/resources';
import { conversationToJson } from '../serialize/conversation';
import { contactSegments, segmentCount } from '../services/segments';

export function registerMiscRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  // The token owner plus the workspace: keep `app.id_code` (webhooks' app_id) and `app.timezone`
  // (the day boundaries of contact search).
  app.get('/me', () => {
    const admin = ctx.store.admins.get(ctx.store.meAdminId);
    return {
      ...(admin ? adminToJson(admin) : {}),
      email_verified: true,
      avatar: { type: 'avatar', image_url: admin?.avatar ?? null },
      app: {
        type: 'app',
        id_code: ctx.options.appId,
        name: ctx.store.appName,
        created_at: ctx.store.appCreatedAt,
        secure: false,
        identity_verification: false,
        timezone: ctx.options.timezone,
        region: ctx.options.region,
      },
    };
  });

  app.get('/admins', (request) => {
    const withAvatar = queryFlag((request.query as Record<string, unknown>).display_avatar);
    return { type: 'admin.list', admins: [...ctx.store.admins.values()].map((a) => adminToJson(a, { withAvatar })) };
  });

  app.get<{ Params: { admin_id: string } }>('/admins/:admin_id', (request) => {
    const admin = ctx.store.admins.get(request.params.admin_id);
    if (!admin) throw new IntercomHttpError(404, 'admin_not_found', 'Admin not found');
    return adminToJson(admin);
  });

  app.get('/segments', (request) => {
    const includeCount = queryFlag((request.query as Record<string, unknown>).include_count);
    const segments = contactSegments(ctx).map((segment) =>
      segmentToJson(segment, includeCount ? segmentCount(ctx, segment) : undefined),
    );
    return { type: 'segment.list', segments };
  });

  app.get<{ Params: { segment_id: string } }>('/segments/:segment_id', (request) => {
    const segment = ctx.store.segments.get(request.params.segment_id);
    if (!segment) throw resourceNotFound();
    return segmentToJson(segment);
  });

  app.get<{ Params: { conversation_id: string } }>('/conversations/:conversation_id', (request) => {
    const conversation = ctx.store.conversations.get(request.params.conversation_id);
    if (!conversation) throw resourceNotFound();
    return conversationToJson(ctx.store, conversation);
  });
}
