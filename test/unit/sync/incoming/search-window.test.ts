import { nextWatermark, searchFloorFor, startOfLocalDay } from '../../../../src/sync/incoming/search-window';

const at = (iso: string) => Date.parse(iso) / 1000;

/** Intercom's rule for `field > value`: matches from the start of the local day after value's day. */
const intercomMatchesFrom = (value: number, timeZone: string) => {
  const dayStart = startOfLocalDay(value, timeZone);
  return startOfLocalDay(dayStart + 30 * 3600, timeZone);
};

describe('startOfLocalDay', () => {
  it('finds local midnight in UTC and in zones either side of it', () => {
    expect(startOfLocalDay(at('2026-03-10T15:30:00Z'), 'UTC')).toBe(at('2026-03-10T00:00:00Z'));
    expect(startOfLocalDay(at('2026-03-10T03:30:00Z'), 'America/Los_Angeles')).toBe(at('2026-03-09T07:00:00Z'));
    expect(startOfLocalDay(at('2026-03-10T23:30:00Z'), 'Asia/Tokyo')).toBe(at('2026-03-10T15:00:00Z'));
  });

  it('handles the days DST starts and ends', () => {
    // Los Angeles: 2026-03-08 is 23 hours long, 2026-11-01 is 25 hours long.
    expect(startOfLocalDay(at('2026-03-08T20:00:00Z'), 'America/Los_Angeles')).toBe(at('2026-03-08T08:00:00Z'));
    expect(startOfLocalDay(at('2026-11-02T07:30:00Z'), 'America/Los_Angeles')).toBe(at('2026-11-01T07:00:00Z'));
  });
});

describe('searchFloorFor', () => {
  it.each([
    ['UTC', '2026-05-04T23:59:50Z'],
    ['UTC', '2026-05-05T00:00:00Z'],
    ['Europe/Dublin', '2026-03-29T00:30:00Z'],
    ['America/Los_Angeles', '2026-11-02T07:30:00Z'], // the last hour of a 25-hour day
    ['America/Los_Angeles', '2026-03-08T09:30:00Z'],
    ['Pacific/Auckland', '2026-04-05T13:30:00Z'],
  ])('in %s, makes Intercom return everything since %s', (zone, watermarkIso) => {
    const watermark = at(watermarkIso);
    const from = intercomMatchesFrom(searchFloorFor(watermark, zone), zone);
    expect(from).toBeLessThanOrEqual(watermark);
    // ...and no more than one extra day of results.
    expect(watermark - from).toBeLessThan(25 * 3600);
  });

  it('falls back to two days back when the timezone is unknown or invalid', () => {
    const watermark = at('2026-05-05T12:00:00Z');
    expect(searchFloorFor(watermark, undefined)).toBe(watermark - 2 * 86_400);
    expect(searchFloorFor(watermark, 'Not/AZone')).toBe(watermark - 2 * 86_400);
  });

  it('would miss a change just before midnight without the floor (the bug it prevents)', () => {
    const watermark = at('2026-05-04T23:50:00Z');
    const changedAt = at('2026-05-04T23:59:50Z');
    expect(intercomMatchesFrom(watermark, 'UTC')).toBeGreaterThan(changedAt);
    expect(intercomMatchesFrom(searchFloorFor(watermark, 'UTC'), 'UTC')).toBeLessThanOrEqual(changedAt);
  });
});

describe('nextWatermark', () => {
  it('trails the run start by the search-index margin and never moves backwards', () => {
    expect(nextWatermark(1_000, 10_000)).toBe(10_000 - 900);
    expect(nextWatermark(9_500, 10_000)).toBe(9_500);
  });
});
