/** The Hull platform simulator: see simulator.ts, and README.md for the protocol it speaks. */
export { HullSimulator, type HullSnapshot, type TrackInput, type UpsertOptions } from './simulator';
export {
  DEFAULT_CHANNELS,
  DEFAULT_CONNECTOR_SECRET,
  type HullNotifyTarget,
  type HullSimulatorOptions,
  type SimulatorLogger,
} from './options';
export type { HullFailureOptions, HullFaultRule } from './faults';
export { SANDBOX_CONNECTOR_ID, stableId } from './ids';
export { SAMPLE_SEGMENTS, sampleSegmentId, type SeedOptions } from './seed';
export { DEFAULT_BATCH_SIZE, DEFAULT_RETRY_DELAY_MS, MAX_DELIVERY_ATTEMPTS } from './notifier';
export { PUBLIC_KEY_PATH } from './server';
export { signatureHeaders } from './signing';
export { SEGMENT_CONDITIONS } from './connector';
export type * from './types';
export { ACCOUNT_CLAIM_KEYS, USER_CLAIM_KEYS } from './types';
