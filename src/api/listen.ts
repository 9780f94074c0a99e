import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** A listening API: its URL, and a close that cannot hang on a client's open connection. */
export interface ListeningApi {
  url: string;
  /** Connections open right now (idle keep-alive ones included). */
  openConnections(): number;
  /**
   * Stops accepting, lets requests in flight finish for up to `graceMs`, then drops what is left.
   * Idle keep-alive connections are closed at once and again as requests finish: a client that keeps
   * one open would otherwise hold the close for the whole keep-alive timeout (72 s in Fastify).
   */
  close(graceMs: number): Promise<void>;
}

/** Starts a Fastify app (port 0 = any free port) and returns where it is reachable and how to close it. */
export async function listen(app: FastifyInstance, host: string, port: number): Promise<ListeningApi> {
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await app.listen({ host, port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server did not bind to a TCP port');
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${reachableHost}:${address.port}`,
    openConnections: () => sockets.size,
    async close(graceMs) {
      const idleSweep = setInterval(() => app.server.closeIdleConnections(), 100);
      const deadline = setTimeout(() => app.server.closeAllConnections(), graceMs);
      try {
        await app.close();
      } finally {
        clearInterval(idleSweep);
        clearTimeout(deadline);
      }
    },
  };
}
