/**
 * No Docker engine runs here, so docker-compose.yml, the Dockerfile and .env.example are checked
 * statically: the stack uses Temporal's current images with the schema set up by admin-tools (not the
 * deprecated auto-setup image), Temporal's ports are published on loopback only, every service that
 * should have a healthcheck has one, every documented variable reaches the engine through .env, and
 * the image's user can write where the engine writes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { envSchema } from '../../src/config/env';
import { DEFAULT_MAX_HEAP_MB } from '../../src/runtime/heap-limit';

const ROOT = join(__dirname, '..', '..');
const read = (name: string) => readFileSync(join(ROOT, name), 'utf8');

const condition = z.enum(['service_started', 'service_healthy', 'service_completed_successfully']);
const service = z.object({
  image: z.string().optional(),
  build: z.string().optional(),
  restart: z.string().optional(),
  entrypoint: z.array(z.string()).optional(),
  command: z.array(z.string()).optional(),
  env_file: z.array(z.object({ path: z.string(), required: z.boolean() })).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  ports: z.array(z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition })).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
  deploy: z.object({ replicas: z.number().int().min(1) }).optional(),
});

const compose = z.object({
  services: z.object({
    postgresql: service,
    'temporal-admin-tools': service,
    temporal: service,
    'temporal-create-namespace': service,
    'temporal-ui': service,
    api: service,
    worker: service,
  }),
  volumes: z.record(z.string(), z.unknown()).optional(),
});

const file = compose.parse(parse(read('docker-compose.yml'), { merge: true }));
const {
  postgresql,
  'temporal-admin-tools': adminTools,
  temporal,
  'temporal-create-namespace': createNamespace,
  'temporal-ui': ui,
  api,
  worker,
} = file.services;
const dockerfile = read('Dockerfile');

/** Variable names in the first column of the README's environment table. */
function documentedVariables(): string[] {
  const readme = read('README.md');
  const table = readme.slice(readme.indexOf('### Environment'), readme.indexOf('### Connector settings'));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
}

describe('docker-compose.yml', () => {
  it('runs Temporal from temporalio/server, its PostgreSQL schema set up first by admin-tools', () => {
    expect(read('docker-compose.yml')).not.toMatch(/auto-setup/);
    expect(postgresql.image).toMatch(/^postgres:/);
    expect(adminTools.image).toMatch(/^temporalio\/admin-tools:/);
    expect(adminTools.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
    const setup = (adminTools.command ?? []).join('\n');
    for (const db of ['temporal', 'temporal_visibility']) {
      expect(setup).toMatch(new RegExp(`--db ${db} create`));
      expect(setup).toMatch(new RegExp(`--db ${db} setup-schema -v 0\\.0`));
      expect(setup).toMatch(new RegExp(`--db ${db} update-schema -d \\S+/postgresql/v12/`));
    }
    expect(temporal.image).toMatch(/^temporalio\/server:/);
    expect(temporal.image!.split(':')[1]).toBe(adminTools.image!.split(':')[1]);
    expect(temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(temporal.depends_on).toEqual({ 'temporal-admin-tools': { condition: 'service_completed_successfully' } });
    expect(temporal.healthcheck).toBeDefined();
  });

  it('creates the engine’s namespace once the server is healthy, before any engine service starts', () => {
    expect(createNamespace.image).toBe(adminTools.image);
    expect(createNamespace.depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
    expect((createNamespace.command ?? []).join('\n')).toMatch(/temporal operator namespace create -n "\$\$NAMESPACE"/);
    expect(createNamespace.environment?.NAMESPACE).toBe(api.environment?.TEMPORAL_NAMESPACE);
    for (const engine of [api, worker]) {
      expect(engine.depends_on).toEqual({
        'temporal-create-namespace': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('publishes Temporal’s gRPC port and Web UI on loopback only', () => {
    expect(temporal.ports).toEqual(['127.0.0.1:7233:7233']);
    expect(ui.ports).toEqual(['127.0.0.1:8233:8080']);
    for (const [name, entry] of Object.entries(file.services)) {
      for (const port of entry.ports ?? []) {
        if (/(^|:)(7233|8233)(:|$)/.test(port)) expect(`${name} ${port}`).toMatch(/ 127\.0\.0\.1:/);
      }
    }
    expect(ui.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('runs the API and the workers as separate services from one image', () => {
    for (const engine of [api, worker]) {
      expect(engine.build).toBe('.');
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

  it('checks the API through /health and a worker through the health file its workers keep touching', () => {
    expect(api.healthcheck?.test.join(' ')).toMatch(/127\.0\.0\.1:3000\/health/);
    const healthFile = String(worker.environment?.HEALTH_FILE);
    expect(healthFile).toMatch(/^\/app\/\.data\//);
    const check = worker.healthcheck?.test.join(' ') ?? '';
    expect(check).toMatch(/statSync\(process\.env\.HEALTH_FILE\)\.mtimeMs < 30000/);
  });

  it('passes every documented variable to the engine through .env, and requires every credential', () => {
    const known = new Set(Object.keys(envSchema.shape));
    for (const engine of [api, worker]) {
      expect(engine.env_file).toEqual([{ path: '.env', required: false }]);
      expect(Object.keys(engine.environment ?? {}).filter((name) => !known.has(name))).toEqual([]);
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
});

describe('.env.example', () => {
  const lines = read('.env.example').split('\n');
  const listed = lines.filter((line) => /^[A-Z]/.test(line)).map((line) => line.split('=')[0]!);

  it('lists every variable of the README’s configuration table, each once and empty', () => {
    const documented = documentedVariables();
    expect(documented.length).toBeGreaterThan(30);
    expect([...listed].sort()).toEqual([...new Set(documented)].sort());
    for (const line of lines.filter((l) => /^[A-Z]/.test(l))) expect(line).toMatch(/^[A-Z0-9_]+=$/);
  });

  it('names only variables the engine reads', () => {
    const known = new Set(Object.keys(envSchema.shape));
    expect(listed.filter((name) => !known.has(name))).toEqual([]);
  });

  it('is the template of an .env that git and the image build both ignore', () => {
    expect(read('.gitignore').split('\n')).toContain('.env');
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['.env', '.env.*', '!.env.example']));
  });
});

describe('Dockerfile', () => {
  it('builds on a supported Node LTS line, with the compiled main as entry point', () => {
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThanOrEqual(1);
    for (const base of bases) expect(base).toMatch(/^node:(22|24)-/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toContain(
      `ENTRYPOINT ["sh", "-c", "exec node --max-old-space-size=\${ENGINE_MAX_HEAP_MB:-${DEFAULT_MAX_HEAP_MB}} dist/main.js \\"$@\\"", "node"]`,
    );
    const buildConfig = JSON.parse(read('tsconfig.build.json')) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    expect(buildConfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    expect(existsSync(join(ROOT, 'src', 'main.ts'))).toBe(true);
  });

  it('starts the engine with the heap ceiling the npm start scripts use, overridable by ENGINE_MAX_HEAP_MB', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const ceiling = `--max-old-space-size=\${ENGINE_MAX_HEAP_MB:-${DEFAULT_MAX_HEAP_MB}}`;
    for (const name of ['start', 'start:api', 'start:worker']) {
      expect({ name, script: scripts[name] }).toEqual({
        name,
        script: expect.stringContaining(`exec node ${ceiling} `),
      });
    }
    expect(dockerfile).toContain(`exec node ${ceiling} dist/main.js`);
  });

  it('runs as the unprivileged node user, who owns the one directory the engine writes to', () => {
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(finalStage).toMatch(/RUN mkdir -p \/app\/\.data && chown node:node \/app\/\.data/);
    expect(finalStage).toMatch(/^WORKDIR \/app$/m);
    expect(finalStage).toMatch(/^USER node$/m);
    // The engine writes TEMPORAL_DATA_DIR (default .data, relative to /app) and the worker's HEALTH_FILE.
    expect(String(worker.environment?.HEALTH_FILE).startsWith('/app/.data/')).toBe(true);
  });

  it('copies what npm ci’s postinstall runs before running it', () => {
    const build = dockerfile.slice(0, dockerfile.indexOf('RUN npm ci'));
    expect(build).toMatch(/COPY scripts\/setup\.mjs scripts\/install-state\.mjs \.\/scripts\//);
  });
});
