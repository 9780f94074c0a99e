/** Calling operations through the engine's API as a client does: POST /operations/<name>. */
import type { Harness } from './engine-harness';
import { waitFor } from './eventually';

export interface OperationAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function operate<T = Record<string, unknown>>(
  harness: Harness,
  name: string,
  input?: unknown,
  options: { key?: string; wait?: number; headers?: Record<string, string> } = {},
): Promise<OperationAnswer<T>> {
  const query = options.wait === undefined ? '' : `?wait=${options.wait}`;
  const response = await fetch(`${harness.apiUrl}/operations/${name}${query}`, {
    method: 'POST',
    headers: {
      ...(input === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.key === undefined ? {} : { 'idempotency-key': options.key }),
      ...options.headers,
    },
    body: input === undefined ? undefined : JSON.stringify(input),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
    headers: response.headers,
  };
}

/** The result of an operation that must succeed (200), failing the test with the answer otherwise. */
export async function result<T = Record<string, unknown>>(harness: Harness, name: string, input?: unknown): Promise<T> {
  const answer = await operate<T>(harness, name, input);
  if (answer.status !== 200) throw new Error(`${name} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

interface RunView {
  status: string;
  result?: unknown;
  failure?: string;
}

/** Follows GET /runs/<id> of a 202 until the run ends. */
export function endedRun(harness: Harness, runPath: string, timeoutMs = 120_000): Promise<RunView> {
  return waitFor(
    `the run ${runPath} to end`,
    async () => {
      const view = (await (await fetch(`${harness.apiUrl}${runPath}`)).json()) as RunView;
      return view.status === 'RUNNING' ? undefined : view;
    },
    timeoutMs,
  );
}
