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

/** `prefix` and a path as one name: `body.messages[0].user`, `SETTINGS_FILE fetch_users`. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' || /[ .]$/.test(out) ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * The first problem of a failed zod parse as one line, `where: what` (e.g. `data.item.id: Invalid
 * input: expected string, received undefined`), for API answers and failure reasons; `root` names
 * the whole input when the problem is not inside it. (zod's own `z.prettifyError` lists every issue
 * on several lines: right for a person at a terminal, too long for a 400 body or a record's reason.)
 */
export function firstIssue(error: z.ZodError, root = '(root)'): string {
  const issue = error.issues[0];
  if (issue === undefined) return `${root}: invalid`;
  return `${formatPath('', issue.path) || root}: ${issue.message}`;
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
