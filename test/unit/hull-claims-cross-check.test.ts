/**
 * The engine's identity claims (src/hull/claims.ts) and the Hull simulator's are written apart on
 * purpose: were they one list, a wrong key would be sent by the engine and accepted by the simulator
 * alike. Here the two lists are held equal, and what the engine's filter keeps resolves in the simulator.
 */
import {
  ACCOUNT_CLAIM_KEYS as SIMULATOR_ACCOUNT_KEYS,
  HullSimulator,
  USER_CLAIM_KEYS as SIMULATOR_USER_KEYS,
} from '@hull-intercom-sync/hull-simulator';
import { ACCOUNT_CLAIM_KEYS, accountClaims, USER_CLAIM_KEYS, userClaims } from '../../src/hull/claims';

describe('identity claims', () => {
  it('are the same keys in the engine and the Hull simulator', () => {
    expect([...USER_CLAIM_KEYS].sort()).toEqual([...SIMULATOR_USER_KEYS].sort());
    expect([...ACCOUNT_CLAIM_KEYS].sort()).toEqual([...SIMULATOR_ACCOUNT_KEYS].sort());
  });

  it('that the engine keeps each find the entity they were written with in the simulator', () => {
    const sim = new HullSimulator();
    const user = sim.upsertUser(
      userClaims({ email: ' ada@example.org ', external_id: 'u-1', anonymous_id: 'intercom:1', ...{ phone: 'x' } }),
    );
    const account = sim.upsertAccount(
      accountClaims({ domain: 'example.org', external_id: 'a-1', anonymous_id: 'intercom:9', ...{ name: 'x' } }),
    );
    for (const key of USER_CLAIM_KEYS) {
      const value = key === 'id' ? user.id : key === 'anonymous_id' ? 'intercom:1' : user[key];
      expect([key, sim.findUser(userClaims({ [key]: value ?? '' }))?.id]).toEqual([key, user.id]);
    }
    for (const key of ACCOUNT_CLAIM_KEYS) {
      const value = key === 'id' ? account.id : key === 'anonymous_id' ? 'intercom:9' : account[key];
      expect([key, sim.findAccount(accountClaims({ [key]: value ?? '' }))?.id]).toEqual([key, account.id]);
    }
  });
});
