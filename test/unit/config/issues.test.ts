import { z } from 'zod';
import { firstIssue } from '../../../src/config/issues';

describe('firstIssue', () => {
  const schema = z.object({ messages: z.array(z.object({ user: z.object({ id: z.string() }) })) });

  it('names where the first problem is, with array indices, then what it is', () => {
    const parsed = schema.safeParse({ messages: [{ user: { id: 'a' } }, { user: {} }] });
    expect(parsed.success).toBe(false);
    expect(firstIssue(parsed.error!)).toBe('messages[1].user.id: Invalid input: expected string, received undefined');
  });

  it('names the whole input by the caller’s word when the problem is the input itself', () => {
    const parsed = schema.safeParse([1, 2]);
    expect(firstIssue(parsed.error!, 'body')).toBe('body: Invalid input: expected object, received array');
    expect(firstIssue(parsed.error!)).toMatch(/^\(root\): /);
  });
});
