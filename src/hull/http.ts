import axios, { type AxiosInstance, type Method } from 'axios';
import { withQuickRetries } from '../quick-retry';
import { HullRequestError, HullTransientError } from './errors';

/**
 * One Hull call: a 2xx answers; a 4xx is final (HullRequestError); a 5xx, a timeout or a dropped
 * connection is HullTransientError once the clients' quick retries (quick-retry.ts) are spent, for
 * the activity's retry policy. Every Hull write is safe to repeat (firehose events carry their id).
 */
export function hullRequest<T>(
  http: AxiosInstance,
  request: { method: Method; url: string; data?: unknown; params?: unknown; headers?: Record<string, string> },
  signal?: AbortSignal,
): Promise<T> {
  return withQuickRetries(() => attempt<T>(http, request, signal), {
    retryable: (error) => error instanceof HullTransientError,
    signal,
  });
}

async function attempt<T>(
  http: AxiosInstance,
  request: { method: Method; url: string; data?: unknown; params?: unknown; headers?: Record<string, string> },
  signal?: AbortSignal,
): Promise<T> {
  const where = `Hull ${request.method} ${request.url}`;
  let response;
  try {
    response = await http.request<T>({ ...request, signal, validateStatus: () => true });
  } catch (error) {
    if (signal?.aborted) throw error;
    const reason = axios.isAxiosError(error) ? (error.code ?? error.message) : String(error);
    throw new HullTransientError(`${where} failed: ${reason}`);
  }
  if (response.status >= 200 && response.status < 300) return response.data;
  const detail = typeof response.data === 'string' ? response.data : JSON.stringify(response.data);
  const failure = `${where} answered ${response.status}: ${detail.slice(0, 300)}`;
  throw response.status >= 500
    ? new HullTransientError(failure, response.status)
    : new HullRequestError(failure, response.status);
}
