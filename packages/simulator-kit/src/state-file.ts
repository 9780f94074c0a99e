/**
 * A simulator's state kept in a JSON file: read once at start, written whenever it changed (checked
 * every few seconds) and once more at stop. Each write goes to a temporary file beside the target,
 * is flushed to disk, then renamed over it, so a crash mid-write leaves the previous state whole.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class StateFileError extends Error {
  override name = 'StateFileError';
}

export class StateFile {
  private lastWritten: string | undefined;

  constructor(readonly path: string) {}

  /** The parsed content, or undefined when there is no file. */
  read(): unknown {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StateFileError(`cannot read ${this.path}: ${(error as Error).message}`);
    }
    try {
      const value: unknown = JSON.parse(text);
      this.lastWritten = text;
      return value;
    } catch (error) {
      throw new StateFileError(`${this.path} is not valid JSON: ${(error as Error).message}`);
    }
  }

  /** Writes `value` atomically; returns false when it equals what the file already holds. */
  write(value: unknown): boolean {
    const text = JSON.stringify(value);
    if (text === this.lastWritten) return false;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    this.lastWritten = text;
    return true;
  }

  remove(): void {
    rmSync(this.path, { force: true });
    this.lastWritten = undefined;
  }
}

export interface KeptState {
  /** Writes now if the state changed since the last write. */
  save(): void;
  /** Stops the periodic check and writes a last time. */
  stop(): void;
}

/** Writes `snapshot()` to `file` every `intervalMs` when it changed; the timer never keeps a process alive. */
export function keepSaved(
  file: StateFile,
  snapshot: () => unknown,
  intervalMs: number,
  onError: (error: unknown) => void,
): KeptState {
  const save = (): void => {
    try {
      file.write(snapshot());
    } catch (error) {
      onError(error);
    }
  };
  const timer = setInterval(save, intervalMs);
  timer.unref();
  return {
    save,
    stop() {
      clearInterval(timer);
      save();
    },
  };
}
