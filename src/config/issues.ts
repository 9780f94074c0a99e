import type { z } from 'zod';

/** A configuration problem: which setting, what was wrong, what is expected. One line each. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' || /[ .]$/.test(out) ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Turns zod issues into readable lines such as
 * `INTERCOM_API_URL: must be an absolute http(s) URL, e.g. https://api.eu.intercom.io (got "not-a-url")`.
 * Values of secret settings are never echoed.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  options: { prefix?: string; secretKeys?: ReadonlySet<string> } = {},
): string[] {
  return issues.map((issue) => {
    const name = formatPath(options.prefix ?? '', issue.path);
    const leaf = issue.path[issue.path.length - 1];
    const value = valueAt(input, issue.path);
    const isSecret = typeof leaf === 'string' && options.secretKeys?.has(leaf);
    const got = value === undefined || isSecret ? '' : ` (got ${JSON.stringify(value)})`;
    return `${name || '(root)'}: ${issue.message}${got}`;
  });
}
