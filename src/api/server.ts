/**
 * The thin HTTP API: it validates input, hands work to Temporal durably, and answers. It never calls
 * Intercom or Hull itself.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ApiContext } from './context';
import { registerActionRoutes } from './routes/actions';
import { registerActivationRoutes } from './routes/activations';
import { registerFailureRoutes } from './routes/failures';
import { registerFetchAllRoutes } from './routes/fetch-all';
import { registerHealthRoutes } from './routes/health';
import { registerHullNotificationRoutes } from './routes/hull-notifications';
import { registerIntercomWebhookRoutes } from './routes/intercom-webhooks';
import { registerRunRoutes } from './routes/runs';

export type { ApiContext } from './context';

export function buildApi(ctx: ApiContext): FastifyInstance {
  const logger = ctx.log.child({ component: 'api' }) as FastifyBaseLogger;
  // Request lines are noise at webhook volume; routes log what matters (outcomes, rejections).
  const app = Fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }) });
  registerHealthRoutes(app, ctx);
  registerActionRoutes(app, ctx);
  registerFetchAllRoutes(app, ctx);
  registerRunRoutes(app, ctx);
  registerActivationRoutes(app, ctx);
  registerFailureRoutes(app, ctx);
  registerIntercomWebhookRoutes(app, ctx);
  registerHullNotificationRoutes(app, ctx);
  return app;
}
