import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, streaming each output line to `onLine` (for progress). */
export function runCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; onLine?: (line: string) => void } = {},
): Promise<CommandResult> {
  return new Promise((resolvePromise) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (chunk: Buffer, sink: 'out' | 'err') => {
      const text = chunk.toString('utf8');
      if (sink === 'out') stdout += text;
      else stderr += text;
      for (const line of text.split('\n')) if (line.trim() !== '') options.onLine?.(line.trim());
    };
    child.stdout.on('data', (chunk: Buffer) => forward(chunk, 'out'));
    child.stderr.on('data', (chunk: Buffer) => forward(chunk, 'err'));
    child.on('error', (error) => resolvePromise({ code: null, stdout, stderr: stderr + String(error) }));
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
