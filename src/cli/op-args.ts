/**
 * The command line of `npm run op`: `<operation> [--field value ...] [--json '{...}'] [options]`. Pure:
 * turns argv into the request to make, or says what is wrong with it.
 */

export interface OpCommand {
  operation: string;
  input: Record<string, unknown>;
  api: string;
  token?: string;
  idempotencyKey?: string;
  wait?: number;
  /** Poll a 202's run until it ends (default), or print the 202 and stop. */
  follow: boolean;
}

export const OP_USAGE = `usage: npm run op -- <operation> [--<field> <value> ...] [--json '<input as JSON>'] [options]

  npm run op -- contacts.list --limit 10
  npm run op -- contacts.create --email ada@example.com --role lead --idempotency-key signup-1
  npm run op -- contacts.update --contact_id 6571… --custom_attributes.plan pro
  npm run op -- raw.call --json '{"method": "GET", "path": "/me"}'
  npm run op -- --list                      (every operation)

Field values are read as JSON when they are (numbers, true/false, null, arrays, objects), else as text;
a dotted field name (custom_attributes.plan) sets a nested field.

options:
  --api <url>               the engine's API (default http://127.0.0.1:$PORT, PORT defaulting to 3000)
  --token <token>           the operator token (default $API_TOKEN)
  --idempotency-key <key>   makes a write happen once, however often it is sent
  --wait <seconds>          how long the API waits for the result before answering 202 (0-60)
  --no-follow               print a 202's run instead of following it to its end`;

const OPTIONS = new Set(['api', 'token', 'idempotency-key', 'wait', 'json']);

/** A value as JSON when it is one (not a bare word), else the text itself. */
function valueOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

export type ParseResult =
  { command: OpCommand } | { list: { api: string; token?: string } } | { help: true } | { error: string };

export function parseOpArgs(argv: string[], env: Record<string, string | undefined>): ParseResult {
  const flags = new Map<string, string>();
  const fields: Array<[string, string]> = [];
  const positional: string[] = [];
  let follow = true;
  let list = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--no-follow') {
      follow = false;
      continue;
    }
    if (arg === '--list') {
      list = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    let value: string | undefined = equals === -1 ? undefined : arg.slice(equals + 1);
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined) return { error: `--${name} needs a value` };
      i += 1;
    }
    if (name === '') return { error: 'an empty option name' };
    if (OPTIONS.has(name)) flags.set(name, value);
    else fields.push([name, value]);
  }
  const api = (flags.get('api') ?? `http://127.0.0.1:${env.PORT ?? '3000'}`).replace(/\/+$/, '');
  const token = flags.get('token') ?? env.API_TOKEN;
  if (list) return { list: { api, ...(token === undefined ? {} : { token }) } };
  if (positional.length !== 1) {
    return {
      error:
        positional.length === 0
          ? 'name the operation, e.g. contacts.list'
          : `one operation at a time (got ${positional.join(', ')})`,
    };
  }
  let input: Record<string, unknown> = {};
  const json = flags.get('json');
  if (json !== undefined) {
    const parsed = valueOf(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { error: '--json must be a JSON object' };
    }
    input = parsed as Record<string, unknown>;
  }
  for (const [name, value] of fields) setPath(input, name, valueOf(value));
  let wait: number | undefined;
  if (flags.has('wait')) {
    wait = Number(flags.get('wait'));
    if (!Number.isInteger(wait) || wait < 0 || wait > 60)
      return { error: '--wait must be a whole number of seconds, 0 to 60' };
  }
  return {
    command: {
      operation: positional[0]!,
      input,
      api,
      follow,
      ...(token === undefined ? {} : { token }),
      ...(flags.has('idempotency-key') ? { idempotencyKey: flags.get('idempotency-key') } : {}),
      ...(wait === undefined ? {} : { wait }),
    },
  };
}
