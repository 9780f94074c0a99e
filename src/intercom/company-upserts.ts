/**
 * Upserts each company once per burst. Users of one new Hull account are written by as many entity
 * workflows, each linking its contact to the account's company: without this, every member would
 * upsert the same company (POST /companies) before attaching to it. Here the first write's upsert is
 * shared by the writes that want the same company with the same fields while it is in flight and for
 * a short while after; a write with other fields sends its own. A process-local cache only: losing it
 * costs one more upsert, which is idempotent by `company_id`.
 */
import type { CallOptions, IntercomClient } from './client';
import type { IntercomCompany } from './schemas';

const REMEMBER_MS = 60_000;
const MAX_REMEMBERED = 10_000;

export class CompanyUpserts {
  readonly #recent = new Map<string, { company: Promise<IntercomCompany>; at: number }>();

  constructor(
    private readonly intercom: IntercomClient,
    private readonly now: () => number = Date.now,
  ) {}

  upsert(body: Record<string, unknown> & { company_id: string }, call: CallOptions): Promise<IntercomCompany> {
    const key = JSON.stringify(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const known = this.#recent.get(key);
    if (known !== undefined && this.now() - known.at < REMEMBER_MS) return known.company;
    // The request is not tied to one caller's cancellation: others may be waiting for it.
    const company = this.intercom.upsertCompany(body, { priority: call.priority, meter: call.meter });
    if (this.#recent.size >= MAX_REMEMBERED) this.#recent.delete(this.#recent.keys().next().value!);
    this.#recent.set(key, { company, at: this.now() });
    // A failed upsert is not remembered: the next write tries again.
    company.catch(() => {
      if (this.#recent.get(key)?.company === company) this.#recent.delete(key);
    });
    return company;
  }
}
