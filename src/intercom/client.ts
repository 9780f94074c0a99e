/**
 * The one Intercom client. Activities call these methods; the transport underneath paces requests,
 * authenticates and classifies errors.
 */
import { meSchema, type IntercomMe } from './schemas';
import { IntercomTransport, type IntercomTransportOptions } from './transport';
import type { RequestPriority } from './rate-governor';

export interface CallOptions {
  priority?: RequestPriority;
  signal?: AbortSignal;
}

export class IntercomClient {
  readonly transport: IntercomTransport;

  constructor(options: IntercomTransportOptions) {
    this.transport = new IntercomTransport(options);
  }

  /** The token's admin and workspace (`app.id_code`, region, timezone). Cheap credentials check. */
  me(options: CallOptions = {}): Promise<IntercomMe> {
    return this.transport.request({ method: 'GET', path: '/me', schema: meSchema, ...options });
  }
}
