import type { FastifyInstance } from 'fastify';
import { listen } from '../api/listen';

/** Starts a Fastify app on loopback (port 0 = any free port) and returns its base URL. */
export const listenOnLoopback = (app: FastifyInstance, port = 0): Promise<string> => listen(app, '127.0.0.1', port);
