/**
 * One benchmarked installation: the Intercom and Hull simulators on loopback and the real engine
 * in-process (API and workers, role `all`) on the benchmark's Temporal server, with a connector id and
 * task queue of its own so a second stack never shares workflows or workers with the first. The
 * same wiring as test/helpers/engine-harness.ts, minus the OpenAPI validation, whose CPU cost in
 * this process would be measured as engine time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { LevelWithSilent } from 'pino';
import type { ConnectorSettingsInput } from '../src/config/connector-settings';
import { loadConfig } from '../src/config/load';
import { Secret } from '../src/config/secret';
import { createLogger } from '../src/logger';
import { startEngine, type RunningEngine } from '../src/runtime/engine';
import { hullConnectionOf } from '../src/runtime/sandbox';
import { HullSimulator, type HullSegmentDefinition } from '@hull-intercom-sync/hull-simulator';
import { IntercomSimulator } from '@hull-intercom-sync/intercom-simulator';
import type { BenchTemporal } from './temporal';

const INTERCOM_TOKEN = 'bench-intercom-token';
const INTERCOM_CLIENT_SECRET = 'bench-client-secret';

export interface StackOptions {
  name: string;
  temporal: BenchTemporal;
  settings: ConnectorSettingsInput;
  segments: HullSegmentDefinition[];
  /** The Intercom app's real budget, enforced by the simulator. */
  intercomRateLimitPerMinute: number;
  /**
   * What the engine is configured with (INTERCOM_RATE_LIMIT_PER_MINUTE); undefined leaves the engine's
   * default, and the engine has to learn the real budget from Intercom's headers.
   */
  engineRateLimitPerMinute?: number;
}

export interface Stack {
  intercom: IntercomSimulator;
  hull: HullSimulator;
  engine: RunningEngine;
  apiUrl: string;
  connectorId: string;
  intercomRateLimitPerMinute: number;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const intercom = new IntercomSimulator({
    accessToken: INTERCOM_TOKEN,
    clientSecret: INTERCOM_CLIENT_SECRET,
    rateLimitPerMinute: options.intercomRateLimitPerMinute,
  });
  const connectorId = randomBytes(12).toString('hex');
  const hull = new HullSimulator({
    connectorId,
    privateSettings: { ...options.settings },
    segments: options.segments,
  });
  const intercomUrl = await intercom.start();
  await hull.start();

  let engine: RunningEngine;
  try {
    const config = loadConfig({
      INTERCOM_API_URL: intercomUrl,
      INTERCOM_RATE_LIMIT_PER_MINUTE: options.engineRateLimitPerMinute?.toString(),
      TEMPORAL_TASK_QUEUE: `bench-${options.name}-${randomUUID().slice(0, 8)}`,
      PORT: '0',
      // The simulator serves the notification signature key on its loopback origin: trusted explicitly.
      HULL_TRUSTED_KEY_ORIGINS: new URL(hull.url).origin,
    });
    config.intercom.accessToken = new Secret(INTERCOM_TOKEN);
    config.intercom.clientSecret = new Secret(INTERCOM_CLIENT_SECRET);
    engine = await startEngine({
      config,
      hull: hullConnectionOf(hull),
      temporal: { address: options.temporal.address, namespace: options.temporal.namespace },
      role: 'all',
      // BENCH_LOG_LEVEL=warn shows what the engine logs; silent by default so the report stays readable.
      log: createLogger((process.env.BENCH_LOG_LEVEL as LevelWithSilent | undefined) ?? 'silent'),
      workflowBundle: options.temporal.bundle,
    });
  } catch (error) {
    await Promise.allSettled([intercom.stop(), hull.stop()]);
    throw error;
  }
  const apiUrl = engine.apiUrl!;
  hull.setNotifyTarget(`${apiUrl}/hull/notifications`);

  return {
    intercom,
    hull,
    engine,
    apiUrl,
    connectorId,
    intercomRateLimitPerMinute: options.intercomRateLimitPerMinute,
    async stop() {
      // The engine first: its workers drain against simulators that are still answering.
      await engine.stop();
      await Promise.allSettled([intercom.stop(), hull.stop()]);
    },
  };
}
