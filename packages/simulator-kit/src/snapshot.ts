/**
 * Snapshots: a simulator's whole state as plain JSON, tagged with which simulator wrote it and in
 * which format, so a state file from another simulator or an older format is refused with a reason
 * instead of half-loaded.
 */

export interface SnapshotEnvelope<S extends string, T> {
  simulator: S;
  format: number;
  state: T;
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export function envelope<S extends string, T>(simulator: S, format: number, state: T): SnapshotEnvelope<S, T> {
  return { simulator, format, state };
}

/** The state inside `value`, when it is a snapshot of `simulator` in `format`; throws SnapshotError otherwise. */
export function openEnvelope<T>(value: unknown, simulator: string, format: number): T {
  const candidate = (value ?? {}) as Partial<SnapshotEnvelope<string, T>>;
  if (candidate.simulator !== simulator || candidate.state === undefined) {
    throw new SnapshotError(`not a snapshot of the ${simulator} simulator`);
  }
  if (candidate.format !== format) {
    throw new SnapshotError(
      `a ${simulator} snapshot in format ${String(candidate.format)}; this simulator reads format ${format}`,
    );
  }
  return candidate.state;
}
