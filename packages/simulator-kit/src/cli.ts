/**
 * What a simulator's standalone entry point (`npm start` in its package) does: read `--port`,
 * `--state` and the simulator's own numeric options, restore the state file when there is one or
 * seed sample data otherwise, listen, print where everything is, keep the state file up to date, and
 * stop cleanly on Ctrl-C or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { CONTROL_PREFIX } from './control';
import { keepSaved, StateFile } from './state-file';

export interface StandaloneSimulator {
  start(port: number): Promise<string>;
  stop(): Promise<void>;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

export interface StandaloneSpec<S extends StandaloneSimulator, N extends string> {
  name: string;
  defaultPort: number;
  /** Whole-number options and their defaults, e.g. `{ users: 300 }` for `--users 300`. */
  numbers: Record<N, number>;
  create(options: Record<N, number>): S;
  /** Seeds sample data; returns what to print about it. */
  seed(simulator: S, options: Record<N, number>): unknown;
  /** Lines that tell a person how to reach the running simulator. */
  describe(simulator: S, url: string): string[];
}

const SAVE_INTERVAL_MS = 5_000;

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--${flag}: must be a whole number (got ${JSON.stringify(text)})`);
  return Number(text);
}

export async function runStandalone<S extends StandaloneSimulator, N extends string>(
  spec: StandaloneSpec<S, N>,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const names = Object.keys(spec.numbers) as N[];
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: String(spec.defaultPort) },
      state: { type: 'string' },
      ...Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
    },
  });
  const raw = values as Record<string, string | undefined>;
  const port = wholeNumber('port', raw.port ?? String(spec.defaultPort));
  const options = Object.fromEntries(
    names.map((name) => [name, raw[name] === undefined ? spec.numbers[name] : wholeNumber(name, raw[name])]),
  ) as Record<N, number>;

  const simulator = spec.create(options);
  const file = raw.state === undefined ? undefined : new StateFile(raw.state);
  const saved = file?.read();
  if (saved === undefined) say(`${spec.name}: seeded ${JSON.stringify(spec.seed(simulator, options))}`);
  else {
    simulator.restore(saved);
    say(`${spec.name}: continuing from ${file!.path}`);
  }
  const url = await simulator.start(port);
  const kept =
    file &&
    keepSaved(
      file,
      () => simulator.snapshot(),
      SAVE_INTERVAL_MS,
      (error) => say(`could not save: ${String(error)}`),
    );
  kept?.save();
  say(`${spec.name} listening on ${url}`);
  for (const line of spec.describe(simulator, url)) say(`  ${line}`);
  say(`  control: ${url}${CONTROL_PREFIX} (see the package README)`);
  if (file) say(`  state: ${file.path} (saved on change and at stop)`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void simulator
      .stop()
      .then(() => kept?.stop())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
