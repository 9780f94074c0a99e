/** Seeded sample data: realistic, deterministic for a seed, large enough for benchmarks. */
import { IntercomSimulator } from '../src';
import { contactToJson } from '../src';
import { list, type Json } from './support';

const REFERENCE = Date.UTC(2024, 5, 1);

function snapshot(sim: IntercomSimulator): string {
  return JSON.stringify({
    contacts: [...sim.store.contacts.values()].map((c) => contactToJson(sim.store, c)),
    companies: [...sim.store.companies.values()],
    tags: [...sim.store.tags.values()],
    segments: [...sim.store.segments.values()],
    conversations: [...sim.store.conversations.values()],
  });
}

describe('seed', () => {
  it('is deterministic for a given seed and reference time, and differs across seeds', () => {
    const a = new IntercomSimulator();
    const b = new IntercomSimulator();
    const c = new IntercomSimulator();
    a.seed({ users: 120, leads: 40, companies: 15, seed: 42, referenceTime: REFERENCE });
    b.seed({ users: 120, leads: 40, companies: 15, seed: 42, referenceTime: REFERENCE });
    c.seed({ users: 120, leads: 40, companies: 15, seed: 43, referenceTime: REFERENCE });
    expect(snapshot(a)).toBe(snapshot(b));
    expect(snapshot(a)).not.toBe(snapshot(c));
  });

  it('produces realistic contacts, companies, typed attributes and over-full summaries', () => {
    const sim = new IntercomSimulator();
    const summary = sim.seed({ users: 100, leads: 30, companies: 12, seed: 9, referenceTime: REFERENCE });
    expect(summary).toMatchObject({ users: 100, leads: 30, companies: 12 });
    expect(summary.admins).toBeGreaterThan(1);
    expect(summary.conversations).toBeGreaterThan(0);
    const contacts = [...sim.store.contacts.values()];
    const users = contacts.filter((c) => c.role === 'user');
    expect(users.every((u) => u.external_id !== null && /@/.test(u.email ?? ''))).toBe(true);
    expect(new Set(users.map((u) => u.external_id)).size).toBe(users.length);
    expect(contacts.filter((c) => c.role === 'lead').every((l) => l.external_id === null)).toBe(true);
    expect(contacts.every((c) => c.created_at <= c.updated_at && c.updated_at <= REFERENCE / 1000)).toBe(true);

    const types = new Set([...sim.store.dataAttributes.values()].map((a) => a.data_type));
    expect(types).toEqual(new Set(['options', 'integer', 'float', 'boolean', 'date', 'datetime', 'string']));
    expect(users.some((u) => typeof u.custom_attributes.seats === 'number')).toBe(true);
    expect(users.some((u) => typeof u.custom_attributes.plan === 'string')).toBe(true);

    const full = contacts.map((c) => contactToJson(sim.store, c) as unknown as Json);
    expect(full.some((c) => (c.tags?.has_more as unknown) === true && list(c.tags?.data).length === 10)).toBe(true);
    expect(full.some((c) => (c.companies?.has_more as unknown) === true)).toBe(true);
    // Some leads share an email with a user: the merge candidates of 2.16.
    const userEmails = new Set(users.map((u) => u.email));
    expect(contacts.some((c) => c.role === 'lead' && userEmails.has(c.email))).toBe(true);
  });

  it('seeds 10,000+ contacts', () => {
    const sim = new IntercomSimulator();
    sim.seed({ users: 10_000, leads: 1_000, companies: 300, seed: 1, referenceTime: REFERENCE });
    expect(sim.store.contacts.size).toBe(11_000);
    expect(sim.store.companies.size).toBe(300);
  });
});
