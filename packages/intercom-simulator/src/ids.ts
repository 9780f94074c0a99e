/**
 * Identifier formats as Intercom issues them: contacts, companies and segments get 24-hex ObjectIds
 * (creation second + counter, so they sort roughly by creation like Mongo ids do); tags, admins, notes,
 * data attributes and conversations get numeric ids (strings on the wire, except data attributes).
 * Counters make ids deterministic for a given sequence of operations, which seeded data relies on.
 */
export class IdGenerator {
  private objectCounter = 0;
  private readonly numericCounters = new Map<string, number>();

  /** @param machine 6 hex digits that distinguish workspaces, like the middle of a Mongo ObjectId. */
  constructor(private readonly machine = 'a1b2c3') {}

  objectId(atSeconds: number): string {
    this.objectCounter += 1;
    const time = Math.max(0, Math.floor(atSeconds)).toString(16).padStart(8, '0').slice(-8);
    return `${time}${this.machine}${this.objectCounter.toString(16).padStart(10, '0')}`;
  }

  /** Next number in the named sequence, starting above `start`. */
  numeric(sequence: string, start: number): number {
    const next = (this.numericCounters.get(sequence) ?? start) + 1;
    this.numericCounters.set(sequence, next);
    return next;
  }

  reset(): void {
    this.objectCounter = 0;
    this.numericCounters.clear();
  }

  /** The counters, so a restored workspace goes on minting ids after the ones it holds. */
  counters(): IdCounters {
    return { object: this.objectCounter, numeric: Object.fromEntries(this.numericCounters) };
  }

  restoreCounters(counters: IdCounters): void {
    this.objectCounter = counters.object;
    this.numericCounters.clear();
    for (const [sequence, value] of Object.entries(counters.numeric)) this.numericCounters.set(sequence, value);
  }
}

export interface IdCounters {
  object: number;
  numeric: Record<string, number>;
}

/** Six hex digits derived from the app id, so two simulators with different apps mint different ids. */
export function machineIdFor(appId: string): string {
  let hash = 2166136261;
  for (const char of appId) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return (hash & 0xffffff).toString(16).padStart(6, '0');
}
