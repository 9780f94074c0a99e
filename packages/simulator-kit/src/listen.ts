import type { FastifyInstance } from 'fastify';

/** Starts a Fastify app on loopback (port 0 = any free port) and returns its base URL. */
export async function listenOnLoopback(app: FastifyInstance, port = 0): Promise<string> {
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator did not bind to a TCP port');
  return `http://127.0.0.1:${address.port}`;
}
