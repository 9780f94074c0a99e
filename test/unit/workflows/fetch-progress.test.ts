import { describeCounts } from '../../../src/shared/progress-text';
import { newProgress, recordPage } from '../../../src/workflows/fetch-progress';

const page = (fetched: number, total?: number) => ({ fetched, written: fetched, skipped: 0, requests: 1, total });

describe("a fetch run's progress", () => {
  it('sums the totals of an incremental run over its passes, so what was read never exceeds the total', () => {
    const progress = newProgress('users', 'since');
    // The updated_at pass: 118 match.
    recordPage(progress, page(100, 118));
    recordPage(progress, page(18, 118));
    const afterFirstPass = progress.total;
    // The last_seen_at pass: 6 match; its total adds to the first pass's.
    recordPage(progress, page(6, 6), afterFirstPass);
    expect(progress).toMatchObject({ pages: 3, fetched: 124, total: 124 });
  });

  it("keeps a fetch-all's total as Intercom reports it, and estimates what is left", () => {
    const progress = newProgress('companies', 'all');
    progress.startedAt = new Date(Date.now() - 10_000).toISOString();
    recordPage(progress, page(50, 200));
    expect(progress.total).toBe(200);
    expect(progress.recordsPerSecond).toBeGreaterThan(0);
    expect(progress.estimatedSecondsLeft).toBeGreaterThan(0);
  });
});

describe('progress in words', () => {
  it('reads "n of total (share)", and says so when records created meanwhile take it past the total', () => {
    const progress = newProgress('companies', 'all');
    recordPage(progress, page(34, 68));
    expect(describeCounts(progress)).toMatch(/^1 pages, 34 of 68 read \(50%\), 34 written to Hull, 0 skipped/);
    recordPage(progress, page(37, 68));
    expect(describeCounts(progress)).toMatch(/^2 pages, 71 read \(Intercom counted 68 at the start\), /);
  });
});
