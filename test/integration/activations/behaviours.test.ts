/**
 * Every behaviour × object × identifier combination Hevo Activate's Intercom target allows, run through
 * the API, Temporal, a real PostgreSQL source and the Intercom simulator; every combination it forbids
 * refused with the reason; archived contacts and records deleted within Intercom's 7 days reported
 * Failed with that reason.
 */
import type { ActivationRecord } from '../../../src/shared/activations';
import {
  BEHAVIOUR_RULES,
  ACTIVATION_BEHAVIOURS,
  ACTIVATION_OBJECTS,
  IDENTIFIER_FIELDS,
} from '../../../src/sync/activations/definition';
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { api, defineActivation, runActivation, runRecords, sql } from '../../helpers/activations';

const DAY = 86_400;

describe('activation behaviours', () => {
  let harness: Harness;
  let table = 0;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'act-behaviours',
      activations: true,
      settings: { fetch_users: false, fetch_leads: false },
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  /** A table of text columns with these rows, and an activation reading it; returns the run's records by key. */
  async function run(
    definition: Record<string, unknown>,
    rows: Array<Record<string, string | null>>,
    query = '',
  ): Promise<Map<string, ActivationRecord>> {
    table += 1;
    const name = `t${table}`;
    const columns = Object.keys(rows[0]!);
    await sql(harness, `CREATE TABLE ${name} (${columns.map((c) => `${c} text`).join(', ')})`);
    for (const row of rows) {
      await sql(
        harness,
        `INSERT INTO ${name} VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((c) => row[c]),
      );
    }
    await defineActivation(harness, {
      name,
      source: { kind: 'postgres', query: `SELECT * FROM ${name}` },
      ...definition,
    });
    const { links } = await runActivation(harness, name, query);
    return new Map((await runRecords(harness, links)).map((record) => [record.key, record]));
  }

  const past = () => Math.floor(Date.now() / 1000) - 30 * DAY;
  const user = (fields: Record<string, string>) =>
    harness.intercom.createContact({ role: 'user', ...fields }, { at: past() }).id as string;
  const company = (companyId: string, name: string) =>
    harness.intercom.createCompany({ company_id: companyId, name }).id as string;
  const contactById = (id: string) => harness.intercom.store.contacts.get(id);
  const contactsWhere = (test: (c: { email: string | null; external_id: string | null }) => boolean) =>
    [...harness.intercom.store.contacts.values()].filter(test);
  const companyById = (id: string) => harness.intercom.store.companies.get(id);
  const companyByCompanyId = (companyId: string) =>
    [...harness.intercom.store.companies.values()].find((c) => c.company_id === companyId);

  it('refuses every combination the document forbids, each with its reason', async () => {
    const refused: string[] = [];
    for (const object of ACTIVATION_OBJECTS) {
      for (const behaviour of ACTIVATION_BEHAVIOURS) {
        for (const field of [undefined, ...IDENTIFIER_FIELDS]) {
          const allowed = BEHAVIOUR_RULES[object][behaviour];
          const ok = allowed !== undefined && (field === undefined ? allowed.length === 0 : allowed.includes(field));
          if (ok) continue;
          const response = await api<{ problems: string[] }>(harness, 'POST', '/activations', {
            name: `forbidden-${object}-${behaviour}-${field ?? 'none'}`.replace(/_/g, '-'),
            source: { kind: 'postgres', query: 'SELECT 1 AS k' },
            object,
            behaviour,
            key: 'k',
            ...(field === undefined ? {} : { identifier: { field, column: 'k' } }),
            ...(object.endsWith('_tag') ? { tag: { name: 'VIP' } } : {}),
            ...(object === 'conversation_tag' ? { admin_id: '1' } : {}),
          });
          expect(response.status).toBe(400);
          const reason = response.body.problems.find((p) => /^combination: /.test(p));
          expect(reason).toBeDefined();
          refused.push(`${object} ${behaviour} ${field ?? '(no identifier)'} → ${reason}`);
        }
      }
    }
    expect(refused).toContainEqual(
      expect.stringMatching(
        /^contact delete email → combination: delete on contact cannot use identifier email \(Intercom deletes records by their Intercom id only\)/,
      ),
    );
    expect(refused).toContainEqual(
      expect.stringMatching(/^company archive id → combination: only contacts can be archived/),
    );
    expect(refused).toContainEqual(
      expect.stringMatching(/^contact insert email → combination: insert takes no identifier/),
    );
    expect(refused).toContainEqual(
      expect.stringMatching(/^contact upsert \(no identifier\) → combination: upsert on contact needs an identifier/),
    );
    console.log(`[figures] ${refused.length} forbidden combinations refused with a reason`);
  });

  it('contact upsert by id: an empty id inserts, a matching id updates, any other id fails', async () => {
    const existing = user({ email: 'up-id@example.com', name: 'Before' });
    const records = await run(
      {
        object: 'contact',
        behaviour: 'upsert',
        identifier: { field: 'id', column: 'intercom_id' },
        key: 'row',
        mapping: [
          { column: 'email', field: 'email' },
          { column: 'name', field: 'name' },
        ],
      },
      [
        { row: 'a', intercom_id: existing, email: 'up-id@example.com', name: 'After' },
        { row: 'b', intercom_id: null, email: 'up-id-new@example.com', name: 'New' },
        { row: 'c', intercom_id: '0123456789abcdef01234567', email: 'x@example.com', name: 'X' },
      ],
    );
    expect(records.get('a')).toMatchObject({ status: 'written', action: 'update', intercomId: existing });
    expect(contactById(existing)?.name).toBe('After');
    expect(records.get('b')).toMatchObject({ status: 'written', action: 'create' });
    expect(contactById(records.get('b')!.intercomId!)).toMatchObject({ email: 'up-id-new@example.com', role: 'user' });
    expect(records.get('c')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /no contact has id 0123456789abcdef01234567; upsert by id updates an existing id, or inserts a row whose id is empty/,
      ),
    });
  });

  it.each([
    ['external_id', 'ext'],
    ['email', 'mail'],
  ])('contact upsert by %s: found → update, none → create', async (field, prefix) => {
    const existing = user(
      field === 'email' ? { email: `${prefix}1@example.com`, name: 'Old' } : { external_id: `${prefix}1`, name: 'Old' },
    );
    const value = (n: number) => (field === 'email' ? `${prefix}${n}@example.com` : `${prefix}${n}`);
    const records = await run(
      {
        object: 'contact',
        behaviour: 'upsert',
        identifier: { field, column: 'ident' },
        mapping: [{ column: 'name', field: 'name' }],
      },
      [
        { ident: value(1), name: 'Updated' },
        { ident: value(2), name: 'Created' },
      ],
    );
    expect(records.get(value(1))).toMatchObject({ status: 'written', action: 'update', intercomId: existing });
    expect(contactById(existing)?.name).toBe('Updated');
    expect(records.get(value(2))).toMatchObject({ status: 'written', action: 'create' });
    expect(contactsWhere((c) => c[field as 'email'] === value(2))).toHaveLength(1);
  });

  it.each([['id'], ['external_id'], ['email']])(
    'contact update by %s: found → update, not found → failed with the reason',
    async (field) => {
      const existing = user({ email: `upd-${field}@example.com`, external_id: `upd-${field}`, name: 'Old' });
      const ident = field === 'id' ? existing : field === 'email' ? `upd-${field}@example.com` : `upd-${field}`;
      const missing = field === 'id' ? 'aaaaaaaaaaaaaaaaaaaaaaaa' : field === 'email' ? 'nobody@example.com' : 'nobody';
      const records = await run(
        {
          object: 'contact',
          behaviour: 'update',
          identifier: { field, column: 'ident' },
          mapping: [{ column: 'name', field: 'name' }],
        },
        [
          { ident, name: 'New' },
          { ident: missing, name: 'Nobody' },
        ],
      );
      expect(records.get(ident)).toMatchObject({ status: 'written', action: 'update', intercomId: existing });
      expect(contactById(existing)?.name).toBe('New');
      expect(records.get(missing)).toMatchObject({
        status: 'failed',
        reason: expect.stringContaining(`no contact has ${field} ${missing}; update changes existing records only`),
      });
      expect(contactsWhere((c) => c.email === 'nobody@example.com' || c.external_id === 'nobody')).toHaveLength(0);
    },
  );

  it("contact insert: new rows are created; a duplicate is failed with Intercom's code and message", async () => {
    const existing = user({ email: 'taken@example.com' });
    const records = await run(
      {
        object: 'contact',
        behaviour: 'insert',
        key: 'row',
        mapping: [
          { column: 'email', field: 'email' },
          { column: 'name', field: 'name' },
        ],
      },
      [
        { row: '1', email: 'fresh@example.com', name: 'Fresh' },
        { row: '2', email: 'taken@example.com', name: 'Taken' },
      ],
    );
    expect(records.get('1')).toMatchObject({ status: 'written', action: 'create' });
    expect(records.get('2')).toMatchObject({
      status: 'failed',
      action: 'create',
      errorCode: 'conflict',
      errorMessage: `A contact matching those details already exists with id=${existing}`,
    });
  });

  it('contact delete and archive by id', async () => {
    const doomed = user({ email: 'doomed@example.com' });
    const deleted = await run({ object: 'contact', behaviour: 'delete', identifier: { field: 'id', column: 'id' } }, [
      { id: doomed },
      { id: 'bbbbbbbbbbbbbbbbbbbbbbbb' },
    ]);
    expect(deleted.get(doomed)).toMatchObject({ status: 'written', action: 'delete' });
    expect(contactById(doomed)).toBeUndefined();
    expect(deleted.get('bbbbbbbbbbbbbbbbbbbbbbbb')).toMatchObject({
      status: 'failed',
      action: 'delete',
      errorCode: 'not_found',
    });

    const shelved = user({ email: 'shelved@example.com' });
    const archived = await run({ object: 'contact', behaviour: 'archive', identifier: { field: 'id', column: 'id' } }, [
      { id: shelved },
    ]);
    expect(archived.get(shelved)).toMatchObject({ status: 'written', action: 'archive' });
    expect(contactById(shelved)?.archived).toBe(true);

    // Rows for either afterwards fail with the reason Hevo gives, and nothing is written.
    const later = await run(
      {
        object: 'contact',
        behaviour: 'update',
        identifier: { field: 'id', column: 'id' },
        mapping: [{ column: 'name', field: 'name' }],
      },
      [
        { id: doomed, name: 'Back?' },
        { id: shelved, name: 'Back?' },
      ],
    );
    expect(later.get(doomed)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/deleted in Intercom .*keeps deleted records 7 days.*reported Failed/),
    });
    expect(later.get(shelved)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/archived in Intercom; archived contacts are reported Failed/),
    });
    expect(contactById(shelved)?.name).toBeNull();
  });

  it('contacts archived or deleted in Intercom itself are reported Failed with that reason', async () => {
    const archivedInUi = user({ email: 'ui-archived@example.com', external_id: 'ui-archived' });
    harness.intercom.archiveContact(archivedInUi);
    const byId = await run(
      {
        object: 'contact',
        behaviour: 'update',
        identifier: { field: 'id', column: 'id' },
        mapping: [{ column: 'name', field: 'name' }],
      },
      [{ id: archivedInUi, name: 'X' }],
    );
    expect(byId.get(archivedInUi)).toMatchObject({ status: 'failed', reason: expect.stringContaining('archived') });
    const byExternalId = await run(
      {
        object: 'contact',
        behaviour: 'upsert',
        identifier: { field: 'external_id', column: 'ext' },
        mapping: [{ column: 'name', field: 'name' }],
      },
      [{ ext: 'ui-archived', name: 'X' }],
    );
    expect(byExternalId.get('ui-archived')).toMatchObject({
      status: 'failed',
      errorCode: 'archived',
      reason: expect.stringContaining(`the contact ${archivedInUi} matching this row is archived`),
    });
    expect(contactsWhere((c) => c.external_id === 'ui-archived')).toHaveLength(1);

    // Written by an activation, then deleted in Intercom: the next change is failed, not re-created.
    await sql(harness, 'CREATE TABLE gone (ext text, name text)');
    await sql(harness, "INSERT INTO gone VALUES ('gone-1', 'First')");
    await defineActivation(harness, {
      name: 'gone',
      source: { kind: 'postgres', query: 'SELECT * FROM gone' },
      object: 'contact',
      behaviour: 'upsert',
      identifier: { field: 'external_id', column: 'ext' },
      mapping: [{ column: 'name', field: 'name' }],
    });
    const first = await runRecords(harness, (await runActivation(harness, 'gone')).links);
    const id = first[0]!.intercomId!;
    harness.intercom.deleteContact(id);
    await sql(harness, "UPDATE gone SET name = 'Second'");
    const second = await runRecords(harness, (await runActivation(harness, 'gone')).links);
    expect(second[0]).toMatchObject({
      status: 'failed',
      errorCode: 'deleted',
      reason: expect.stringContaining(`the contact ${id} this row was written to was deleted in Intercom`),
    });
    expect(contactsWhere((c) => c.external_id === 'gone-1')).toHaveLength(0);
  });

  it('company upsert by id: an empty id inserts (by the mapped company_id), a matching id updates, another fails', async () => {
    const existing = company('co-1', 'Acme');
    const records = await run(
      {
        object: 'company',
        behaviour: 'upsert',
        identifier: { field: 'id', column: 'intercom_id' },
        key: 'row',
        mapping: [
          { column: 'company_id', field: 'company_id' },
          { column: 'name', field: 'name' },
        ],
      },
      [
        { row: 'a', intercom_id: existing, company_id: 'co-1', name: 'Acme Inc' },
        { row: 'b', intercom_id: null, company_id: 'co-2', name: 'Beta' },
        { row: 'c', intercom_id: 'cccccccccccccccccccccccc', company_id: 'co-3', name: 'Gamma' },
      ],
    );
    expect(records.get('a')).toMatchObject({ status: 'written', action: 'update', intercomId: existing });
    expect(companyById(existing)?.name).toBe('Acme Inc');
    expect(records.get('b')).toMatchObject({ status: 'written', action: 'create' });
    expect(companyByCompanyId('co-2')?.name).toBe('Beta');
    expect(records.get('c')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('no company has id cccccccccccccccccccccccc'),
    });
    expect(companyByCompanyId('co-3')).toBeUndefined();
  });

  it('company upsert by company_id, update by id and by company_id, insert and delete', async () => {
    const existing = company('co-10', 'Ten');
    const upserted = await run(
      {
        object: 'company',
        behaviour: 'upsert',
        identifier: { field: 'company_id', column: 'cid' },
        mapping: [
          { column: 'name', field: 'name' },
          { column: 'plan', field: 'plan' },
          { column: 'tier', field: 'custom_attributes.tier' },
        ],
      },
      [
        { cid: 'co-10', name: 'Ten Ltd', plan: 'pro', tier: 'gold' },
        { cid: 'co-11', name: 'Eleven', plan: 'free', tier: 'bronze' },
      ],
    );
    expect(upserted.get('co-10')).toMatchObject({ status: 'written', action: 'update', intercomId: existing });
    expect(upserted.get('co-11')).toMatchObject({ status: 'written', action: 'create' });
    expect(companyByCompanyId('co-10')).toMatchObject({
      name: 'Ten Ltd',
      plan: 'pro',
      custom_attributes: { tier: 'gold' },
    });
    expect(companyByCompanyId('co-11')).toMatchObject({ name: 'Eleven', custom_attributes: { tier: 'bronze' } });

    const byId = await run(
      {
        object: 'company',
        behaviour: 'update',
        identifier: { field: 'id', column: 'id' },
        mapping: [{ column: 'name', field: 'name' }],
      },
      [
        { id: existing, name: 'Ten (by id)' },
        { id: 'dddddddddddddddddddddddd', name: 'nobody' },
      ],
    );
    expect(byId.get(existing)).toMatchObject({ status: 'written', action: 'update' });
    expect(byId.get('dddddddddddddddddddddddd')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('update changes existing records only'),
    });
    const byCompanyId = await run(
      {
        object: 'company',
        behaviour: 'update',
        identifier: { field: 'company_id', column: 'cid' },
        mapping: [{ column: 'name', field: 'name' }],
      },
      [
        { cid: 'co-11', name: 'Eleven (by company_id)' },
        { cid: 'co-404', name: 'nobody' },
      ],
    );
    expect(byCompanyId.get('co-11')).toMatchObject({ status: 'written', action: 'update' });
    expect(companyByCompanyId('co-11')?.name).toBe('Eleven (by company_id)');
    expect(byCompanyId.get('co-404')).toMatchObject({ status: 'failed' });
    expect(companyByCompanyId('co-404')).toBeUndefined();

    const inserted = await run(
      {
        object: 'company',
        behaviour: 'insert',
        key: 'cid',
        mapping: [
          { column: 'cid', field: 'company_id' },
          { column: 'name', field: 'name' },
        ],
      },
      [
        { cid: 'co-12', name: 'Twelve' },
        { cid: 'co-10', name: 'Ten again' },
      ],
    );
    expect(inserted.get('co-12')).toMatchObject({ status: 'written', action: 'create' });
    expect(inserted.get('co-10')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('already exists'),
    });
    expect(companyByCompanyId('co-10')?.name).toBe('Ten (by id)');

    const twelve = companyByCompanyId('co-12')!.id;
    const deleted = await run({ object: 'company', behaviour: 'delete', identifier: { field: 'id', column: 'id' } }, [
      { id: twelve },
    ]);
    expect(deleted.get(twelve)).toMatchObject({ status: 'written', action: 'delete' });
    expect(companyById(twelve)).toBeUndefined();
  });
});
