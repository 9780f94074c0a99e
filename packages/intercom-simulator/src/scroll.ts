/**
 * GET /companies/scroll. Intercom allows one open scroll per app: starting a second one while the first
 * is alive answers 400 `scroll_exists` ("scroll already exists for this app"). A scroll expires after one
 * minute without use (configurable here), every page returns the same `scroll_param`, and the end is
 * signalled by an empty `data` array, after which the param is dead and a new scroll may start.
 */
import { randomUUID } from 'node:crypto';
import { IntercomHttpError } from './errors';

interface OpenScroll {
  param: string;
  /** Id of the last company returned; the next page starts after it (companies are scrolled in id order). */
  lastId: string;
  lastUsedMs: number;
}

export class CompanyScrollRegistry {
  private open: OpenScroll | undefined;

  constructor(
    private readonly idleTimeoutMs: number,
    private readonly now: () => number,
  ) {}

  /**
   * Resolves the scroll a request continues (or starts) and returns the id to page after.
   * Throws Intercom's errors for a concurrent or expired scroll.
   */
  begin(param: string | undefined): { param: string; afterId: string } {
    const now = this.now();
    if (this.open && now - this.open.lastUsedMs > this.idleTimeoutMs) this.open = undefined;
    if (param === undefined || param === '') {
      if (this.open) throw new IntercomHttpError(400, 'scroll_exists', 'scroll already exists for this app');
      this.open = { param: randomUUID(), lastId: '', lastUsedMs: now };
      return { param: this.open.param, afterId: '' };
    }
    if (this.open?.param !== param) {
      throw new IntercomHttpError(
        404,
        'not_found',
        'scroll parameter not found or expired; restart the scroll',
        'scroll_param',
      );
    }
    this.open.lastUsedMs = now;
    return { param, afterId: this.open.lastId };
  }

  /** Records the page just served; an empty page ends the scroll. */
  advance(param: string, lastIdOfPage: string | undefined): void {
    if (this.open?.param !== param) return;
    if (lastIdOfPage === undefined) this.open = undefined;
    else this.open.lastId = lastIdOfPage;
  }

  clear(): void {
    this.open = undefined;
  }
}
