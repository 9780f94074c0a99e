import { coalesceAccountUpdates, coalesceUserUpdates } from '../../../../src/sync/outgoing/coalesce';
import { accountMessage, segment, userMessage } from './fixtures';

describe('coalesceUserUpdates', () => {
  const a = segment('a', 'Alpha');
  const b = segment('b', 'Beta');

  it('keeps the newest state and every event once', () => {
    const older = userMessage({
      user: { id: 'u1', email: 'old@example.org', traits_plan: 'free' },
      events: [{ event_id: 'e1', event: 'Signed Up', created_at: '2026-01-01T00:00:00Z' }],
    });
    const newer = userMessage({
      user: { id: 'u1', email: 'new@example.org', traits_plan: 'pro' },
      events: [
        { event_id: 'e1', event: 'Signed Up', created_at: '2026-01-01T00:00:00Z' },
        { event_id: 'e2', event: 'Upgraded', created_at: '2026-01-02T00:00:00Z' },
      ],
    });
    const merged = coalesceUserUpdates(older, newer);
    expect(merged.user).toMatchObject({ email: 'new@example.org', plan: 'pro' });
    expect(merged.events.map((e) => e.event_id)).toEqual(['e1', 'e2']);
  });

  it('keeps two events without event_id that share name and second but not properties', () => {
    const at = '2026-01-03T00:00:00Z';
    const older = userMessage({ events: [{ event: 'Order Placed', created_at: at, properties: { sku: 'a' } }] });
    const newer = userMessage({
      events: [
        { event: 'Order Placed', created_at: at, properties: { sku: 'a' } },
        { event: 'Order Placed', created_at: at, properties: { sku: 'b' } },
      ],
    });
    expect(coalesceUserUpdates(older, newer).events.map((e) => e.properties)).toEqual([{ sku: 'a' }, { sku: 'b' }]);
  });

  it('spans attribute changes from the oldest old value to the newest new value', () => {
    const older = userMessage({ changes: { user: { traits_plan: ['free', 'trial'] } } });
    const newer = userMessage({ changes: { user: { traits_plan: ['trial', 'pro'], traits_seats: [1, 2] } } });
    expect(coalesceUserUpdates(older, newer).changes.user).toEqual({ plan: ['free', 'pro'], seats: [1, 2] });
  });

  it('keeps a segment left along the way (to untag it) unless it was entered again', () => {
    const older = userMessage({ segments: [b], changes: { segments: { left: [a], entered: [b] } } });
    const newer = userMessage({ segments: [b], changes: { segments: {} } });
    expect(coalesceUserUpdates(older, newer).changes.segments).toEqual({ entered: [b], left: [a] });

    const reentered = userMessage({ segments: [a, b], changes: { segments: { entered: [a] } } });
    expect(coalesceUserUpdates(older, reentered).changes.segments).toEqual({ entered: [b, a], left: [] });
  });

  it('stays new if any update was the first', () => {
    const merged = coalesceUserUpdates(
      userMessage({ changes: { is_new: true } }),
      userMessage({ changes: { is_new: false } }),
    );
    expect(merged.changes.is_new).toBe(true);
  });
});

describe('coalesceAccountUpdates', () => {
  it('keeps the newest account and the account segments left in between', () => {
    const left = segment('s1', 'Enterprise');
    const older = accountMessage({
      account_segments: [],
      changes: { account_segments: { left: [left] }, account: { name: ['A', 'B'] } },
    });
    const newer = accountMessage({
      account: { id: 'hull-account-1', external_id: 'acme', name: 'C' },
      changes: { account: { name: ['B', 'C'] } },
    });
    const merged = coalesceAccountUpdates(older, newer);
    expect(merged.account.name).toBe('C');
    expect(merged.changes.account).toEqual({ name: ['A', 'C'] });
    expect(merged.changes.account_segments.left).toEqual([left]);
  });
});
