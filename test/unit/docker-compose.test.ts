/**
 * No Docker engine runs here, so docker-compose.yml is checked statically: it parses, the services
 * the README promises exist and are wired together, and every variable it sets is one the engine reads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { envSchema } from '../../src/config/env';

const ROOT = join(__dirname, '..', '..');

const service = z.object({
  image: z.string().optional(),
  build: z.string().optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  ports: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.enum(['service_started', 'service_healthy']) })).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
  deploy: z.object({ replicas: z.number().int().min(1) }).optional(),
});

const compose = z.object({
  services: z.object({
    postgresql: service,
    temporal: service,
    'temporal-ui': service,
    api: service,
    worker: service,
  }),
  volumes: z.record(z.string(), z.unknown()).optional(),
});

const file = compose.parse(parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }));
const { postgresql, temporal, 'temporal-ui': ui, api, worker } = file.services;

describe('docker-compose.yml', () => {
  it('runs Temporal on PostgreSQL, after the database is healthy', () => {
    expect(postgresql.image).toMatch(/^postgres:/);
    expect(temporal.image).toMatch(/^temporalio\/(auto-setup|server):/);
    expect(temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(temporal.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(temporal.healthcheck).toBeDefined();
  });

  it('serves the Temporal Web UI on 8233, pointed at the server', () => {
    expect(ui.image).toMatch(/^temporalio\/ui:/);
    expect(ui.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(ui.ports).toContain('8233:8080');
  });

  it('runs the API and the workers as separate services from one image', () => {
    for (const engine of [api, worker]) {
      expect(engine.build).toBe('.');
      expect(engine.depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
      expect(engine.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
    }
    expect(api.command).toEqual(['--role=api']);
    expect(worker.command).toEqual(['--role=worker']);
    expect(api.ports).toEqual(['3000:3000']);
    expect(api.environment).toMatchObject({ HOST: '0.0.0.0' });
    // A live API listening beyond loopback must protect its operator endpoints.
    expect(String(api.environment?.API_TOKEN)).toMatch(/^\$\{API_TOKEN:\?/);
    expect(worker.ports).toBeUndefined();
    expect(worker.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('only sets variables the engine reads, and requires every credential', () => {
    const known = new Set(Object.keys(envSchema.shape));
    for (const engine of [api, worker]) {
      const names = Object.keys(engine.environment ?? {});
      expect(names.filter((name) => !known.has(name))).toEqual([]);
      for (const credential of [
        'INTERCOM_ACCESS_TOKEN',
        'INTERCOM_CLIENT_SECRET',
        'HULL_ORGANIZATION',
        'HULL_CONNECTOR_ID',
        'HULL_CONNECTOR_SECRET',
      ]) {
        expect(String(engine.environment?.[credential])).toMatch(new RegExp(`^\\$\\{${credential}:\\?`));
      }
    }
  });

  it('builds from a Dockerfile whose entry point is the compiled main', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "dist\/main\.js"\]/);
    const buildConfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    expect(buildConfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    expect(existsSync(join(ROOT, 'src', 'main.ts'))).toBe(true);
  });
});
