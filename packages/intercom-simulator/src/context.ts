/** What routes and services share: the state, the clock, configuration and the change notifier. */
import type { ResolvedOptions } from './options';
import type { IntercomStore } from './store';

/** Receives store changes that Intercom would announce as webhook topics. */
export interface ChangeNotifier {
  /** `buildItem` runs only if the topic is actually delivered, so unsubscribed topics cost nothing. */
  notify(topic: string, buildItem: () => unknown): void;
}

export interface SimulatorContext {
  readonly store: IntercomStore;
  readonly options: ResolvedOptions;
  readonly notifier: ChangeNotifier;
  nowMs(): number;
  /** Intercom timestamps are Unix seconds. */
  nowSeconds(): number;
  /** Base URL of the running server (for absolute `next` links); empty before start(). */
  baseUrl(): string;
}
