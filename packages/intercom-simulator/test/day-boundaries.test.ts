/** Local-day boundaries used by day-granular search, including DST transition days. */
import { startOfDay, startOfNextDay } from '../src/day-boundaries';
import { utc } from './support';

describe('day boundaries', () => {
  it.each([
    ['UTC', utc(2020, 1, 1, 9), utc(2020, 1, 1), utc(2020, 1, 2)],
    ['UTC', utc(2020, 1, 1, 0), utc(2020, 1, 1), utc(2020, 1, 2)],
    ['America/Los_Angeles', utc(2024, 3, 1, 20), utc(2024, 3, 1, 8), utc(2024, 3, 2, 8)],
    ['America/Los_Angeles', utc(2024, 3, 2, 7, 59, 59), utc(2024, 3, 1, 8), utc(2024, 3, 2, 8)],
    // 2024-03-10 is 23 hours long in Los Angeles (clocks jump at 02:00 PST).
    ['America/Los_Angeles', utc(2024, 3, 10, 20), utc(2024, 3, 10, 8), utc(2024, 3, 11, 7)],
    // 2024-11-03 is 25 hours long.
    ['America/Los_Angeles', utc(2024, 11, 3, 20), utc(2024, 11, 3, 7), utc(2024, 11, 4, 8)],
    ['Asia/Kolkata', utc(2024, 5, 1, 18, 29), utc(2024, 4, 30, 18, 30), utc(2024, 5, 1, 18, 30)],
    ['Pacific/Auckland', utc(2024, 1, 1, 10, 59), utc(2023, 12, 31, 11), utc(2024, 1, 1, 11)],
  ])('%s: %i is in the day [%i, %i)', (zone, instant, start, next) => {
    expect(startOfDay(instant, zone)).toBe(start);
    expect(startOfNextDay(instant, zone)).toBe(next);
  });
});
