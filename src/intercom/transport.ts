/**
 * The single place that talks HTTP to Intercom: auth and version headers, rate pacing, and the
 * mapping of every failure to a classified IntercomError. Resource methods build on `request`.
 * A momentary failure of a request that may be repeated gets the clients' quick retries
 * (quick-retry.ts); anything else goes to the activity's retry policy (README "Errors and retries").
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import {
  IntercomAuthError,
  IntercomRateLimitedError,
  IntercomRequestError,
  IntercomTransientError,
  type IntercomErrorDetails,
} from './errors';
import { firstIssue } from '../config/issues';
import { withQuickRetries } from '../quick-retry';
import { type RateGovernor, readRateHeaders, type RequestPriority } from './rate-governor';

export interface IntercomTransportOptions {
  baseUrl: string;
  apiVersion: string;
  /** Read at every request so a token re-authorised in Hull takes effect without a restart. */
  accessToken: () => Promise<string | undefined> | string | undefined;
  /** The API host for this request when it can change (a connected workspace's region); else `baseUrl`. */
  apiUrl?: () => Promise<string | undefined>;
  governor: RateGovernor;
  timeoutMs?: number;
  now?: () => number;
}

export interface IntercomRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Extra request headers (the raw call's); never the authorisation or the pinned version. */
  headers?: Record<string, string>;
  /** Validates (and types) the response body; omit for empty responses. */
  schema?: z.ZodType<T>;
  priority?: RequestPriority;
  signal?: AbortSignal;
  /** Counts the requests made on behalf of one unit of work (e.g. one page), for progress and benchmarks. */
  meter?: RequestMeter;
  /** Called while waiting for a rate window, so a Temporal activity stays alive through the wait. */
  heartbeat?: () => void;
  /** Told why the request waits before going out (a spent rate window), and with undefined when it goes. */
  onWait?: (why: string | undefined) => void;
  /**
   * false for requests that must not be repeated blindly (creating a contact, merging): a 5xx or a
   * dropped connection may hide a request that did happen, and a lead created twice has no 409 to
   * catch it. They are left to the caller, which knows how to resume.
   */
  idempotent?: boolean;
}

export interface RequestMeter {
  requests: number;
}

interface ErrorBody {
  errors?: Array<{ code?: string; message?: string }>;
  request_id?: string | null;
}

/** Waits `ms`, cancellable, calling `heartbeat` every couple of seconds meanwhile. */
const sleep = (ms: number, signal?: AbortSignal, heartbeat?: () => void) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    heartbeat?.();
    const beat = heartbeat === undefined ? undefined : setInterval(heartbeat, 2_000);
    const timer = setTimeout(() => {
      clearInterval(beat);
      resolve();
    }, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        clearInterval(beat);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

/** Why a request waits, in words an operator follows ("live traffic first" for background work). */
export function describeRateWait(
  priority: RequestPriority,
  window: { limit: number; remaining: number } | undefined,
  delayMs: number,
): string {
  const resets = `resets in ${Math.ceil(delayMs / 1000)} s`;
  const left = window === undefined ? '' : `${window.remaining} of ${window.limit} requests left, `;
  return priority === 'background'
    ? `rate window: live traffic first (${left}kept for live work; ${resets})`
    : `rate window spent (${left}${resets})`;
}

export class IntercomTransport {
  readonly #http: AxiosInstance;
  readonly #options: IntercomTransportOptions;
  readonly #now: () => number;

  constructor(options: IntercomTransportOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 30_000,
      validateStatus: () => true,
      headers: { Accept: 'application/json', 'Intercom-Version': options.apiVersion },
    });
  }

  get governor(): RateGovernor {
    return this.#options.governor;
  }

  /**
   * One request, thrown classified when it fails: a 429 as IntercomRateLimitedError with the wait
   * until the window resets (for Temporal, at once), a 5xx or a dropped connection as
   * IntercomTransientError, after the quick retries when the request is idempotent.
   */
  request<T = void>(req: IntercomRequest<T>): Promise<T> {
    return withQuickRetries(() => this.#attempt(req), {
      retryable: (error) =>
        req.idempotent !== false && error instanceof IntercomTransientError && error.retryAfterMs === undefined,
      signal: req.signal,
      wait: (ms, signal) => sleep(ms, signal, req.heartbeat),
    });
  }

  /** Waits first if the rate window is spent (pacing, not a retry), then sends the request once. */
  async #attempt<T>(req: IntercomRequest<T>): Promise<T> {
    const where = { method: req.method, path: req.path };
    const [token, apiUrl] = await Promise.all([this.#options.accessToken(), this.#options.apiUrl?.()]);
    if (token === undefined || token === '') {
      throw new IntercomAuthError({
        ...where,
        message: 'no Intercom access token configured: set INTERCOM_ACCESS_TOKEN or authorise the connector in Hull',
      });
    }
    const priority = req.priority ?? 'live';
    const delay = this.governor.delayFor(priority);
    if (delay > 0) {
      req.onWait?.(describeRateWait(priority, this.governor.window, delay));
      try {
        await sleep(delay, req.signal, req.heartbeat);
      } finally {
        req.onWait?.(undefined);
      }
    }

    this.governor.started();
    if (req.meter) req.meter.requests += 1;
    let response: AxiosResponse<unknown>;
    try {
      response = await this.#http.request({
        method: req.method,
        ...(apiUrl === undefined ? {} : { baseURL: apiUrl }),
        url: req.path,
        params: req.query,
        data: req.body,
        headers: {
          ...req.headers,
          Authorization: `Bearer ${token}`,
          'Intercom-Version': this.#options.apiVersion,
          ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        signal: req.signal,
      });
    } catch (error) {
      this.governor.finished({});
      if (axios.isCancel(error) || req.signal?.aborted) throw error;
      const reason = axios.isAxiosError(error) ? (error.code ?? error.message) : String(error);
      throw new IntercomTransientError({ ...where, message: `network error: ${reason}` });
    }
    this.governor.finished(readRateHeaders(response.headers));
    if (response.status >= 200 && response.status < 300) {
      return req.schema === undefined ? (undefined as T) : this.#parse(req.schema, response.data, where);
    }
    throw this.#classify(response, where);
  }

  #parse<T>(schema: z.ZodType<T>, data: unknown, where: { method: string; path: string }): T {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    throw new IntercomRequestError({ ...where, message: `unexpected response shape at ${firstIssue(parsed.error)}` });
  }

  #classify(response: AxiosResponse<unknown>, where: { method: string; path: string }) {
    const body = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as ErrorBody;
    const first = body.errors?.[0];
    const details: IntercomErrorDetails = {
      ...where,
      status: response.status,
      code: first?.code,
      message: first?.message ?? (response.statusText || 'no error message'),
      requestId: body.request_id ?? undefined,
    };
    const status = response.status;
    if (status === 429) {
      const { reset } = readRateHeaders(response.headers);
      const resetAt = reset !== undefined ? reset * 1000 : this.#now() + 10_000;
      this.governor.exhausted(resetAt);
      // A little jitter so every worker waiting on the same reset does not stampede at once.
      const retryAfterMs = Math.max(0, resetAt - this.#now()) + 250 + Math.floor(Math.random() * 750);
      return new IntercomRateLimitedError(details, retryAfterMs);
    }
    if (status === 401 || status === 403) return new IntercomAuthError(details);
    if (status === 408 || status >= 500) return new IntercomTransientError(details);
    return new IntercomRequestError(details);
  }
}
