/**
 * Applying a `traits` body: flat `group/name` keys (nested `{group: {name: v}}` accepted as
 * `group/name`), `{operation, value}` objects (set, setIfNull, inc/increment, dec/decrement), `null`
 * clears, names ending in `_at` / `_date` are dates normalised to ISO-8601, arrays are stored as given.
 * Where the value lands (identity field or traits map) is the target's business (targets.ts).
 */

export type TraitWrite =
  { kind: 'set'; value: unknown } | { kind: 'unset' } | { kind: 'keep' } | { kind: 'invalid'; reason: string };

/** Where a trait body is written; `write(name, null)` clears. Returns a problem description, if any. */
export interface AttributeTarget {
  read(name: string): unknown;
  write(name: string, value: unknown): string | undefined;
}

const OPERATIONS = new Set(['set', 'setIfNull', 'inc', 'increment', 'dec', 'decrement']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isOperation(value: unknown): value is { operation: unknown; value?: unknown } {
  return isPlainObject(value) && 'operation' in value;
}

/** `{intercom: {id: 1}}` → `{'intercom/id': 1}`; operation objects are values, not groups. */
export function flattenTraitBody(body: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const name = `${prefix}${key}`;
    if (isPlainObject(value) && !isOperation(value)) Object.assign(flat, flattenTraitBody(value, `${name}/`));
    else flat[name] = value;
  }
  return flat;
}

export function isDateAttribute(name: string): boolean {
  const leaf = name.slice(name.lastIndexOf('/') + 1);
  return leaf.endsWith('_at') || leaf.endsWith('_date');
}

/**
 * Dates may arrive as ISO strings or unix timestamps in seconds or milliseconds. Numbers
 * below 1e11 are read as seconds (1e11 ms is 1973, 1e11 s is year 5138). Unparseable strings are
 * kept as they are, the way a loosely typed store would.
 */
export function normaliseDate(value: unknown): unknown {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(Math.abs(value) < 1e11 ? value * 1000 : value).toISOString();
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const numeric = Number(value);
    if (Number.isFinite(numeric)) return normaliseDate(numeric);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? value : new Date(parsed).toISOString();
  }
  return value;
}

function plainValue(name: string, value: unknown): TraitWrite {
  if (value === null) return { kind: 'unset' };
  if (value === undefined) return { kind: 'keep' };
  if (isPlainObject(value)) return { kind: 'invalid', reason: 'object values are not attributes' };
  return { kind: 'set', value: isDateAttribute(name) ? normaliseDate(value) : value };
}

function step(current: unknown, delta: unknown, sign: 1 | -1): TraitWrite {
  const amount = delta === undefined ? 1 : delta;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    return { kind: 'invalid', reason: 'value must be a number' };
  }
  if (current !== null && current !== undefined && typeof current !== 'number') {
    return { kind: 'invalid', reason: `cannot increment a ${typeof current}` };
  }
  const base = typeof current === 'number' ? current : 0;
  return { kind: 'set', value: base + sign * amount };
}

/** What writing `raw` to attribute `name`, currently `current`, does. */
export function resolveTraitWrite(name: string, current: unknown, raw: unknown): TraitWrite {
  if (!isOperation(raw)) return plainValue(name, raw);
  const { operation, value } = raw;
  if (typeof operation !== 'string' || !OPERATIONS.has(operation)) {
    return { kind: 'invalid', reason: `unknown operation ${JSON.stringify(operation)}` };
  }
  switch (operation) {
    case 'setIfNull':
      return current === null || current === undefined ? plainValue(name, value) : { kind: 'keep' };
    case 'inc':
    case 'increment':
      return step(current, value, 1);
    case 'dec':
    case 'decrement':
      return step(current, value, -1);
    default:
      return plainValue(name, value);
  }
}

/** Applies a whole body to a target; returns one readable line per attribute that was refused. */
export function applyTraitBody(body: Record<string, unknown>, target: AttributeTarget): string[] {
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(flattenTraitBody(body))) {
    const write = resolveTraitWrite(name, target.read(name), raw);
    let problem: string | undefined;
    if (write.kind === 'invalid') problem = write.reason;
    else if (write.kind === 'set') problem = target.write(name, write.value);
    else if (write.kind === 'unset') problem = target.write(name, null);
    if (problem !== undefined) problems.push(`attribute "${name}": ${problem}`);
  }
  return problems;
}
