/**
 * The thin HTTP API: it validates input, hands work to Temporal durably, and answers. It never calls
 * Intercom or Hull itself. How a route is written (README, "The API"): a zod schema for each input and
 * each answer in the route's `schema`, which both validates and documents it; `security:
 * OPERATOR_SECURITY` for operator routes; refusals thrown as `HttpProblem`.
 */
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiContext } from './context';
import { installErrorAnswers, problemServerOptions } from './error-answers';
import { registerOpenApi } from './openapi';
import { guardOperatorRoutes } from './operator-auth';
import { registerActionRoutes } from './routes/actions';
import { registerActivationRoutes } from './routes/activations';
import { registerFailureRoutes } from './routes/failures';
import { registerFetchAllRoutes } from './routes/fetch-all';
import { registerHealthRoutes } from './routes/health';
import { registerHullNotificationRoutes } from './routes/hull-notifications';
import { registerIntercomWebhookRoutes } from './routes/intercom-webhooks';
import { registerOperationRoutes } from './routes/operations';
import { registerOAuthRoutes } from './routes/oauth';
import { registerOperatorRoutes } from './routes/operator';
import { registerRunRoutes } from './routes/runs';
import type { Api } from './types';

export type { ApiContext } from './context';
export type { Api } from './types';

export async function buildApi(ctx: ApiContext): Promise<Api> {
  const logger = ctx.log.child({ component: 'api' }) as FastifyBaseLogger;
  const app = Fastify({
    loggerInstance: logger,
    // Request lines are noise at webhook volume; routes log what matters (outcomes, rejections).
    logController: new LogController({ disableRequestLogging: true }),
    ...problemServerOptions,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Hooks and handlers every route inherits, then the document, then the routes it describes.
  installErrorAnswers(app);
  guardOperatorRoutes(app, ctx);
  await registerOpenApi(app);
  registerHealthRoutes(app, ctx);
  registerOperatorRoutes(app, ctx);
  registerOAuthRoutes(app, ctx);
  registerActionRoutes(app, ctx);
  registerFetchAllRoutes(app, ctx);
  registerRunRoutes(app, ctx);
  registerActivationRoutes(app, ctx);
  registerFailureRoutes(app, ctx);
  registerOperationRoutes(app, ctx);
  registerIntercomWebhookRoutes(app, ctx);
  registerHullNotificationRoutes(app, ctx);
  return app;
}
