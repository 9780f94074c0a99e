/**
 * Which Intercom workspace the engine is connected to: its `id_code`, the `app_id` every webhook
 * notification of that workspace carries. Configured (INTERCOM_APP_ID), or read once from `GET /me`
 * in the background at start and again every `retryMs` until it answers, so a webhook never waits on
 * Intercom for more than the short bound the webhook route gives it.
 */
export interface WorkspaceAppId {
  /** The workspace's id_code, waiting at most `waitMs` for the first read; undefined while unknown. */
  appId(waitMs: number): Promise<string | undefined>;
}

export class WorkspaceIdentity implements WorkspaceAppId {
  #known: string | undefined;
  #reading: Promise<string | undefined> | undefined;

  constructor(
    private readonly read: () => Promise<string>,
    private readonly onError: (error: unknown) => void,
    configured?: string,
    private readonly retryMs = 30_000,
  ) {
    this.#known = configured;
  }

  /** Starts the first read (nothing to do when configured). */
  start(): void {
    if (this.#known === undefined) void this.#read();
  }

  async appId(waitMs: number): Promise<string | undefined> {
    if (this.#known !== undefined) return this.#known;
    const reading = this.#reading ?? this.#read();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), waitMs).unref();
    });
    try {
      return await Promise.race([reading, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #read(): Promise<string | undefined> {
    this.#reading = this.read().then(
      (appId) => {
        this.#known = appId;
        return appId;
      },
      (error: unknown) => {
        this.onError(error);
        // Unref'd: a retry pending never holds the process open.
        setTimeout(() => {
          this.#reading = undefined;
        }, this.retryMs).unref();
        return undefined;
      },
    );
    return this.#reading;
  }
}
