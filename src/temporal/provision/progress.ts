/** Where provisioning reports progress; a pino logger or a plain stderr printer both fit. */
export interface ProgressLog {
  info(message: string): void;
  warn(message: string): void;
}

export const stderrProgress: ProgressLog = {
  info: (message) => process.stderr.write(`[temporal] ${message}\n`),
  warn: (message) => process.stderr.write(`[temporal] warning: ${message}\n`),
};

/** Prints "still working" every `everyMs` while a long step runs, so a silent build never looks hung. */
export function startTicker(log: ProgressLog, what: string, hint: string, everyMs = 20_000): () => void {
  const startedAt = Date.now();
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    log.info(`${what}: ${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s elapsed (${hint})`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
