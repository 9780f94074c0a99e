/**
 * package.json pins light-my-request's `cookie` to 1.x: cookie 2 declares Node >= 22 and makes
 * `npm ci` warn EBADENGINE on the Node 20.19 the engine still supports. This checks that fastify's
 * `inject` (light-my-request) still sends cookies with the pinned version.
 */
import Fastify from 'fastify';

it("keeps fastify's inject working with the pinned cookie package", async () => {
  const app = Fastify();
  app.get('/echo', (request, reply) => reply.send({ cookie: request.headers.cookie ?? null }));
  try {
    const response = await app.inject({ method: 'GET', url: '/echo', cookies: { session: 'a b', theme: 'dark' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ cookie: 'session=a%20b; theme=dark' });
  } finally {
    await app.close();
  }
});
