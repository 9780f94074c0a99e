/**
 * package.json pins two packages below the versions their parents ask for, because those versions
 * declare Node >= 22 and make `npm ci` warn EBADENGINE on the Node 20.19 the engine still supports:
 * light-my-request's `cookie` (1.x, for fastify's `inject`) and @fastify/static's
 * `content-disposition` (2.x, for Swagger UI's assets and `reply.download`). These check that both
 * parents still work with the pinned versions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
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

it("keeps @fastify/static's downloads working with the pinned content-disposition package", async () => {
  const root = mkdtempSync(join(tmpdir(), 'static-'));
  writeFileSync(join(root, 'report.txt'), 'hello');
  const app = Fastify();
  await app.register(fastifyStatic, { root, serve: false });
  app.get('/download', (_request, reply) => reply.download('report.txt', 'résumé 2026.txt'));
  try {
    const response = await app.inject({ method: 'GET', url: '/download' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('hello');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="r?sum? 2026.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%202026.txt`,
    );
  } finally {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  }
});
