import axios, { type AxiosInstance, type Method } from 'axios';
import { HullRequestError, HullTransientError } from './errors';

/** Hull's client retries timeouts and 5xx twice (3 attempts) and treats 4xx as final (hull-platform.md §2.7, §4.2). */
const ATTEMPTS = 3;
const BACKOFF_MS = [200, 1_000];

export async function hullRequest<T>(
  http: AxiosInstance,
  request: { method: Method; url: string; data?: unknown; params?: unknown; headers?: Record<string, string> },
  signal?: AbortSignal,
): Promise<T> {
  let lastFailure = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, BACKOFF_MS[attempt - 1]));
    try {
      const response = await http.request<T>({ ...request, signal, validateStatus: () => true });
      if (response.status >= 200 && response.status < 300) return response.data;
      const detail = typeof response.data === 'string' ? response.data : JSON.stringify(response.data);
      lastFailure = `Hull ${request.method} ${request.url} answered ${response.status}: ${detail.slice(0, 300)}`;
      if (response.status < 500) throw new HullRequestError(lastFailure, response.status);
    } catch (error) {
      if (error instanceof HullRequestError || signal?.aborted) throw error;
      const reason = axios.isAxiosError(error) ? (error.code ?? error.message) : String(error);
      lastFailure = `Hull ${request.method} ${request.url} failed: ${reason}`;
    }
  }
  throw new HullTransientError(`${lastFailure} (after ${ATTEMPTS} attempts)`);
}
