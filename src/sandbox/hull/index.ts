/** The Hull platform simulator (../shared/hull-platform.md): see simulator.ts. */
export { HullSimulator, type TrackInput, type UpsertOptions } from './simulator';
export {
  DEFAULT_CHANNELS,
  DEFAULT_CONNECTOR_SECRET,
  type HullNotifyTarget,
  type HullSimulatorOptions,
} from './options';
export type { HullFailureOptions, HullFaultRule } from './faults';
export { SANDBOX_CONNECTOR_ID } from './ids';
export { SAMPLE_SEGMENTS, type SeedOptions } from './seed';
export { DEFAULT_BATCH_SIZE, DEFAULT_RETRY_DELAY_MS, MAX_DELIVERY_ATTEMPTS } from './notifier';
export { PUBLIC_KEY_PATH } from './server';
export { SEGMENT_CONDITIONS } from './connector';
export type * from './types';
