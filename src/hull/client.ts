/**
 * The one Hull client: REST calls the engine needs (connector settings, segments, status) and
 * firehose batches for writes. Credentials are held here, never passed through workflows.
 */
import axios, { type AxiosInstance } from 'axios';
import type { Secret } from '../config/secret';
import { FirehoseBatch } from './firehose-batch';
import { hullRequest } from './http';

export interface HullClientOptions {
  organization: string;
  connectorId: string;
  connectorSecret: Secret;
  apiUrl: string;
  firehoseUrl: string;
  timeoutMs?: number;
  now?: () => number;
}

export interface HullSegment {
  id: string;
  name: string;
  type?: string;
}

export interface HullConnectorDocument {
  id: string;
  name?: string;
  private_settings?: Record<string, unknown>;
  [key: string]: unknown;
}

export class HullClient {
  readonly #http: AxiosInstance;
  readonly #options: HullClientOptions;

  constructor(options: HullClientOptions) {
    this.#options = options;
    this.#http = axios.create({
      timeout: options.timeoutMs ?? 10_000,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'hull-intercom-sync',
        'Hull-App-Id': options.connectorId,
        'Hull-Organization': options.organization,
        'Hull-Access-Token': options.connectorSecret.reveal(),
      },
    });
  }

  get connectorId(): string {
    return this.#options.connectorId;
  }

  batch(): FirehoseBatch {
    return new FirehoseBatch(
      this.#http,
      this.#options.firehoseUrl,
      { connectorId: this.#options.connectorId, secret: this.#options.connectorSecret.reveal() },
      this.#options.now,
    );
  }

  #rest<T>(method: 'GET' | 'PUT' | 'POST', path: string, data?: unknown, signal?: AbortSignal): Promise<T> {
    return hullRequest<T>(this.#http, { method, url: `${this.#options.apiUrl}/${path}`, data }, signal);
  }

  /** The connector document, with its private_settings (GET /api/v1/app). */
  getConnector(signal?: AbortSignal): Promise<HullConnectorDocument> {
    return this.#rest('GET', 'app', undefined, signal);
  }

  /** Merges `patch` into private_settings and saves them (PUT /api/v1/<connector id>). */
  async updatePrivateSettings(patch: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
    const connector = await this.getConnector(signal);
    const privateSettings = { ...(connector.private_settings ?? {}), ...patch };
    await this.#rest('PUT', this.#options.connectorId, { private_settings: privateSettings }, signal);
  }

  putStatus(status: 'ok' | 'warning' | 'error' | 'setupRequired', messages: string[]): Promise<void> {
    return this.#rest('PUT', `${this.#options.connectorId}/status`, { status, messages });
  }

  userSegments(signal?: AbortSignal): Promise<HullSegment[]> {
    return this.#rest('GET', `users_segments?shipId=${this.#options.connectorId}`, undefined, signal);
  }
}
