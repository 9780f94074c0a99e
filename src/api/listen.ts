import type { FastifyInstance } from 'fastify';

/** Starts a Fastify app (port 0 = any free port) and returns the base URL it is reachable at. */
export async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ host, port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server did not bind to a TCP port');
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachableHost}:${address.port}`;
}
