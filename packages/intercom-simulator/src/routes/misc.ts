/** Workspace identity and simple resources: /me, admins (away mode, activity logs), segments, notes, a conversation. */
import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from '../context';
import { z } from 'zod';
import { parseBody, queryFlag, queryString } from '../body';
import { IntercomHttpError, parameterNotFound, resourceNotFound } from '../errors';
import { adminToJson, noteToJson, segmentToJson } from '../serialize/resources';
import { conversationToJson } from '../serialize/conversation';
import { contactSegments, segmentCount } from '../services/segments';

const awaySchema = z.object({
  away_mode_enabled: z.boolean(),
  away_mode_reassign: z.boolean(),
  away_status_reason_id: z.number().int().optional(),
});

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

  // Going away (or back) is logged, as Intercom's activity log records it.
  app.put<{ Params: { admin_id: string } }>('/admins/:admin_id/away', (request) => {
    const body = parseBody(awaySchema, request.body);
    const admin = ctx.store.admins.get(request.params.admin_id);
    if (!admin) throw new IntercomHttpError(404, 'admin_not_found', 'Admin not found');
    const updated = {
      ...admin,
      away_mode_enabled: body.away_mode_enabled,
      away_mode_reassign: body.away_mode_reassign,
    };
    ctx.store.admins.set(admin.id, updated);
    ctx.store.activityLogs.push({
      id: String(ctx.store.ids.numeric('activity_log', 50_000)),
      admin_id: admin.id,
      activity_type: 'admin_away_mode_change',
      activity_description: `${admin.name} changed their away mode to ${body.away_mode_enabled ? 'away' : 'back'}.`,
      created_at: ctx.nowSeconds(),
      metadata: { away_mode: body.away_mode_enabled, reassign_conversations: body.away_mode_reassign },
    });
    return adminToJson(updated);
  });

  app.get('/admins/activity_logs', (request) => {
    const query = request.query as Record<string, unknown>;
    const after = Number(queryString(query.created_at_after));
    if (!Number.isFinite(after)) throw parameterNotFound('created_at_after is required', 'created_at_after');
    const beforeText = queryString(query.created_at_before);
    const before = beforeText === undefined ? Infinity : Number(beforeText);
    const logs = ctx.store.activityLogs
      .filter((log) => log.created_at >= after && log.created_at <= before)
      .reverse()
      .map((log) => {
        const admin = ctx.store.admins.get(log.admin_id);
        return {
          id: log.id,
          performed_by: { type: 'admin', id: log.admin_id, email: admin?.email ?? null, ip: '127.0.0.1' },
          metadata: log.metadata,
          created_at: log.created_at,
          activity_type: log.activity_type,
          activity_description: log.activity_description,
        };
      });
    return {
      type: 'activity_log.list',
      pages: { type: 'pages', page: 1, per_page: logs.length, total_pages: 1 },
      activity_logs: logs,
    };
  });

  app.get<{ Params: { note_id: string } }>('/notes/:note_id', (request) => {
    const note = ctx.store.notes.get(request.params.note_id);
    if (!note) throw new IntercomHttpError(404, 'not_found', 'Resource Not Found');
    return noteToJson(ctx.store, note);
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
