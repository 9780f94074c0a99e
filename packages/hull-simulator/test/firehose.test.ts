/** Firehose request and message authentication, envelope parsing, rejection granularity. */
import axios from 'axios';
import { HullSimulator } from '../src';
import { accessToken, asUser, connectorHeaders, message, sendBatch, signHs256 } from './support';

describe('Hull simulator firehose', () => {
  let sim: HullSimulator;

  beforeEach(async () => {
    sim = new HullSimulator();
    await sim.start();
  });

  afterEach(() => sim.stop());

  it('ingests a batch signed per message with the connector secret', async () => {
    const response = await sendBatch(sim, [
      message(sim, 'traits', { 'crm/score': 42 }, asUser({ email: 'ada@example.org' })),
    ]);

    expect(response.status).toBe(200);
    expect(response.data).toEqual({ accepted: 1, rejected: 0, ignored: 0 });
    expect(sim.findUser({ email: 'ada@example.org' })?.traits).toEqual({ 'crm/score': 42 });
    expect(sim.firehoseBatches).toHaveLength(1);
    expect(sim.firehoseMessages()).toEqual([
      expect.objectContaining({ type: 'traits', subjectType: 'user', asUser: { email: 'ada@example.org' } }),
    ]);
  });

  it('also accepts the firehose at the root path, as the real firehose host serves it', async () => {
    const batch = { batch: [message(sim, 'traits', { a: 1 }, asUser({ email: 'root@example.org' }))] };
    const response = await axios.post(`${sim.url}/`, batch, { headers: connectorHeaders(sim) });

    expect(response.status).toBe(200);
    expect(sim.findUser({ email: 'root@example.org' })).toBeDefined();
  });

  it.each([
    ['a missing Hull-App-Id', { 'Hull-Access-Token': 'sandbox-hull-secret' }],
    [
      'an unknown Hull-App-Id',
      { 'Hull-App-Id': 'ffffffffffffffffffffffff', 'Hull-Access-Token': 'sandbox-hull-secret' },
    ],
    [
      'a wrong request-level Hull-Access-Token',
      { 'Hull-App-Id': '5a4db0c0ffee5a4db0c0ffee', 'Hull-Access-Token': 'nope' },
    ],
    ['a missing request-level Hull-Access-Token', { 'Hull-App-Id': '5a4db0c0ffee5a4db0c0ffee' }],
  ])('refuses the whole request with 401 for %s', async (_case, headers) => {
    const response = await sendBatch(
      sim,
      [message(sim, 'traits', { a: 1 }, asUser({ email: 'x@example.org' }))],
      headers,
    );

    expect(response.status).toBe(401);
    expect(sim.users()).toHaveLength(0);
    expect(sim.firehoseBatches[0]?.status).toBe(401);
  });

  it('answers 400 to a body that is not a batch envelope', async () => {
    const response = await axios.post(
      sim.firehoseUrl,
      { messages: [] },
      { headers: connectorHeaders(sim), validateStatus: () => true },
    );

    expect(response.status).toBe(400);
  });

  describe('per-message token verification', () => {
    const validClaims = asUser({ email: 'ok@example.org' });

    function withToken(token: string | undefined): unknown {
      return { type: 'traits', body: { a: 1 }, headers: token === undefined ? {} : { 'Hull-Access-Token': token } };
    }

    it.each([
      [
        'signed with another secret',
        () => accessToken(sim, asUser({ email: 'bad@example.org' }), { secret: 'other' }),
        /invalid signature/,
      ],
      [
        'issued by another connector',
        () => accessToken(sim, asUser({ email: 'bad@example.org' }), { iss: 'ffffffffffffffffffffffff' }),
        /iss/,
      ],
      [
        'tampered with after signing',
        () => {
          const [header, , signature] = accessToken(sim, asUser({ email: 'good@example.org' })).split('.');
          const payload = Buffer.from(
            JSON.stringify({
              iss: sim.connectorId,
              'io.hull.subjectType': 'user',
              'io.hull.asUser': { email: 'bad@example.org' },
            }),
          ).toString('base64url');
          return `${header}.${payload}.${signature}`;
        },
        /invalid signature/,
      ],
      ['expired', () => accessToken(sim, { ...asUser({ email: 'bad@example.org' }), exp: 1 }), /expired/],
      ['not a JWT', () => 'garbage', /malformed/],
      ['missing', () => undefined, /missing/],
      [
        'signed with HS256 but without a subject type',
        () => signHs256({ iss: sim.connectorId, 'io.hull.asUser': { email: 'bad@example.org' } }, sim.connectorSecret),
        /subjectType/,
      ],
    ])('rejects only the message whose token is %s', async (_case, makeToken, reason) => {
      const good = message(sim, 'traits', { a: 1 }, validClaims);
      const response = await sendBatch(sim, [withToken(makeToken()), good]);

      expect(response.status).toBe(200);
      expect(response.data).toEqual({ accepted: 1, rejected: 1, ignored: 0 });
      expect(sim.rejectedMessages).toHaveLength(1);
      expect(sim.rejectedMessages[0]?.reason).toMatch(reason);
      expect(sim.users().map((user) => user.email)).toEqual(['ok@example.org']);
    });
  });

  it('rejects unknown message types and malformed messages with readable reasons', async () => {
    const response = await sendBatch(sim, [
      message(sim, 'explode', {}, asUser({ email: 'a@example.org' })),
      { body: {} },
      message(sim, 'alias', { email: 'a@example.org' }, asUser({ email: 'a@example.org' })),
    ]);

    expect(response.data).toEqual({ accepted: 0, rejected: 3, ignored: 0 });
    expect(sim.rejectedMessages.map((rejection) => rejection.reason)).toEqual([
      expect.stringMatching(/unknown message type "explode"/),
      expect.stringMatching(/malformed message: type/),
      expect.stringMatching(/alias body must be \{anonymous_id\}/),
    ]);
    expect(sim.users()).toHaveLength(0);
  });

  it('counts messages by type and outcome', async () => {
    await sendBatch(sim, [
      message(sim, 'traits', { a: 1 }, asUser({ email: 'a@example.org' })),
      message(sim, 'track', { event: 'Signed Up', event_id: 'e1' }, asUser({ email: 'a@example.org' })),
      message(sim, 'traits', { a: 1 }, { ...asUser({ email: 'nobody@example.org' }), create: false }),
    ]);

    expect(sim.counters).toMatchObject({
      firehoseRequests: 1,
      firehoseMessages: 3,
      messagesAccepted: 2,
      messagesIgnored: 1,
      messagesRejected: 0,
      messagesByType: { traits: 2, track: 1 },
      usersCreated: 1,
      eventsTracked: 1,
    });
  });
});
