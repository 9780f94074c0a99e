/** Shared helpers of the Intercom simulator tests: a tiny HTTP client and a controllable clock. */
import { IntercomSimulator, type IntercomSimulatorOptions } from '../src';

export const TOKEN = 'sandbox-intercom-token';

/**
 * A parsed JSON body as tests navigate it: every property (or index) is another Json. Leaf values are
 * read with {@link str}, {@link num} and {@link list}, which check the runtime type as they go.
 */
export interface Json {
  readonly [key: string]: Json;
}

export function str(value: Json | undefined): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

export function num(value: Json | undefined): number {
  if (typeof value !== 'number') throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return value;
}

export function list(value: Json | undefined): Json[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value as Json[];
}

/** The ids of a list's `data` items. */
export const idsOf = (body: Json): string[] => list(body.data).map((item) => str(item.id));

/** The `starting_after` cursor of a cursor-paged list's next page, if there is one. */
export function nextCursor(body: Json): string | undefined {
  const next = body.pages?.next;
  return next === undefined || next === null ? undefined : str(next.starting_after);
}

/** `expect.any(String)` without its `any` type. */
export const anyString = (): unknown => expect.any(String) as unknown;

/** The first entry of an Intercom error body's `errors`. */
export const errorOf = (result: HttpResult): Json | undefined => list(result.body.errors)[0];

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Json;
}

export interface Client {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  get(path: string): Promise<HttpResult>;
  post(path: string, body?: unknown): Promise<HttpResult>;
  put(path: string, body?: unknown): Promise<HttpResult>;
  del(path: string): Promise<HttpResult>;
}

export function clientFor(baseUrl: string, token = TOKEN): Client {
  const call = async (
    method: string,
    path: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        'Intercom-Version': '2.16',
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await response.text();
    const body = (text === '' ? undefined : JSON.parse(text)) as Json;
    return { status: response.status, headers: response.headers, body };
  };
  return {
    call,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    del: (path) => call('DELETE', path),
  };
}

/** A clock tests move by hand: `clock.now` is read by the simulator, `clock.advance(ms)` moves it. */
export class ManualClock {
  constructor(public now: number) {}
  advance(ms: number): void {
    this.now += ms;
  }
  read = (): number => this.now;
}

/** Starts a simulator driven by a manual clock (default: 2024-03-10T12:00:00Z). */
export async function startSimulator(
  options: IntercomSimulatorOptions = {},
  start = Date.UTC(2024, 2, 10, 12, 0, 0),
): Promise<{ sim: IntercomSimulator; client: Client; clock: ManualClock }> {
  const clock = new ManualClock(start);
  const sim = new IntercomSimulator({ now: clock.read, ...options });
  const url = await sim.start();
  return { sim, client: clientFor(url), clock };
}

/** Unix seconds of a UTC date-time. */
export const utc = (...parts: [number, number, number, number?, number?, number?]): number =>
  Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0) / 1000;
