/**
 * In-memory state of one simulated Intercom workspace: collections, relations and the lookup indexes
 * that keep duplicate detection and lookups O(1) at 10,000+ contacts. Business rules (409s, type checks,
 * webhooks) live in `services/`; this class only keeps the data consistent.
 */
import { SnapshotError } from '@hull-intercom-sync/simulator-kit';
import { IdGenerator, machineIdFor, type IdCounters } from './ids';
import type {
  ActivityLogRecord,
  AdminRecord,
  CompanyRecord,
  ContactRecord,
  ConversationRecord,
  DataAttributeRecord,
  EventRecord,
  MergeHistoryEntry,
  MergedContact,
  NoteRecord,
  SegmentRecord,
  TagApplication,
  TagRecord,
} from './records';

/** The admin whose token the simulator accepts (GET /me). */
export const DEFAULT_ADMIN: AdminRecord = {
  id: '991267459',
  name: 'Sandbox Admin',
  email: 'admin@sandbox-intercom.test',
  job_title: 'Workspace owner',
  avatar: null,
  team_ids: [],
};

function identityKey(role: string, value: string): string {
  return `${role}\u0000${value}`;
}

function addToIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids) ids.add(id);
  else index.set(key, new Set([id]));
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
}

/**
 * Everything a workspace holds, as plain JSON: what a sandbox keeps across restarts. Relations are kept
 * as they are (their order is what the API lists); lookup indexes are rebuilt on restore.
 */
export interface IntercomStoreSnapshot {
  workspaceId: string;
  appName: string;
  appCreatedAt: number;
  meAdminId: string;
  ids: IdCounters;
  contacts: ContactRecord[];
  mergedContacts: Array<[string, MergedContact]>;
  mergeHistory: Array<[string, MergeHistoryEntry[]]>;
  companies: CompanyRecord[];
  tags: TagRecord[];
  dataAttributes: DataAttributeRecord[];
  /** Every contact's events, in the order they were recorded. */
  events: EventRecord[];
  eventNames: string[];
  segments: SegmentRecord[];
  admins: AdminRecord[];
  conversations: ConversationRecord[];
  notes: NoteRecord[];
  /** Absent in snapshots written before activity logs were kept. */
  activityLogs?: ActivityLogRecord[];
  contactTags: Array<[string, Array<[string, TagApplication]>]>;
  contactCompanies: Array<[string, string[]]>;
  companyContacts: Array<[string, string[]]>;
  companyTags: Array<[string, string[]]>;
  contactNotes: Array<[string, string[]]>;
  searchVisibleFrom: Array<[string, number]>;
}

const listsOf = (map: Map<string, Iterable<string>>): Array<[string, string[]]> =>
  [...map].map(([key, values]) => [key, [...values]]);

export class IntercomStore {
  readonly ids: IdGenerator;
  readonly workspaceId: string;
  appName = 'Sandbox Workspace';
  appCreatedAt = 1_577_836_800;
  meAdminId = DEFAULT_ADMIN.id;

  readonly contacts = new Map<string, ContactRecord>();
  readonly mergedContacts = new Map<string, MergedContact>();
  readonly mergeHistory = new Map<string, MergeHistoryEntry[]>();
  readonly companies = new Map<string, CompanyRecord>();
  readonly tags = new Map<string, TagRecord>();
  readonly dataAttributes = new Map<number, DataAttributeRecord>();
  /** Data events per contact id. */
  readonly events = new Map<string, EventRecord[]>();
  readonly segments = new Map<string, SegmentRecord>();
  readonly admins = new Map<string, AdminRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  readonly notes = new Map<string, NoteRecord>();
  /** What admins did (GET /admins/activity_logs), oldest first. */
  readonly activityLogs: ActivityLogRecord[] = [];

  /** contact id -> tag id -> when/by whom it was applied. */
  readonly contactTags = new Map<string, Map<string, TagApplication>>();
  /** contact id -> company ids, in attachment order. */
  readonly contactCompanies = new Map<string, Set<string>>();
  /** company id -> contact ids. */
  readonly companyContacts = new Map<string, Set<string>>();
  readonly companyTags = new Map<string, Set<string>>();
  /** contact id -> note ids, oldest first. */
  readonly contactNotes = new Map<string, string[]>();
  /** Clock time (ms) from which a created contact is visible to search (Intercom indexes with a delay). */
  readonly searchVisibleFrom = new Map<string, number>();

  private readonly byExternalId = new Map<string, Set<string>>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly byCompanyId = new Map<string, string>();
  private readonly byTagName = new Map<string, string>();
  private readonly eventKeys = new Set<string>();
  readonly eventNames = new Set<string>();
  private eventSeq = 0;

  constructor(appId = 'sandboxapp') {
    this.workspaceId = appId;
    this.ids = new IdGenerator(machineIdFor(appId));
    this.admins.set(DEFAULT_ADMIN.id, { ...DEFAULT_ADMIN });
  }

  /** Empties the workspace (keeps the token owner admin). */
  reset(): void {
    for (const collection of [
      this.contacts,
      this.mergedContacts,
      this.mergeHistory,
      this.companies,
      this.tags,
      this.dataAttributes,
      this.events,
      this.segments,
      this.admins,
      this.conversations,
      this.notes,
      this.contactTags,
      this.contactCompanies,
      this.companyContacts,
      this.companyTags,
      this.contactNotes,
      this.searchVisibleFrom,
      this.byExternalId,
      this.byEmail,
      this.byCompanyId,
      this.byTagName,
    ]) {
      collection.clear();
    }
    this.eventKeys.clear();
    this.eventNames.clear();
    this.activityLogs.length = 0;
    this.eventSeq = 0;
    this.ids.reset();
    this.admins.set(DEFAULT_ADMIN.id, { ...DEFAULT_ADMIN });
    this.meAdminId = DEFAULT_ADMIN.id;
  }

  // ---- snapshots ------------------------------------------------------------------------------

  snapshot(): IntercomStoreSnapshot {
    return structuredClone({
      workspaceId: this.workspaceId,
      appName: this.appName,
      appCreatedAt: this.appCreatedAt,
      meAdminId: this.meAdminId,
      ids: this.ids.counters(),
      contacts: [...this.contacts.values()],
      mergedContacts: [...this.mergedContacts],
      mergeHistory: [...this.mergeHistory],
      companies: [...this.companies.values()],
      tags: [...this.tags.values()],
      dataAttributes: [...this.dataAttributes.values()],
      events: [...this.events.values()].flat().sort((a, b) => a.seq - b.seq),
      eventNames: [...this.eventNames],
      segments: [...this.segments.values()],
      admins: [...this.admins.values()],
      conversations: [...this.conversations.values()],
      notes: [...this.notes.values()],
      activityLogs: [...this.activityLogs],
      contactTags: [...this.contactTags].map(([contactId, applications]) => [contactId, [...applications]]),
      contactCompanies: listsOf(this.contactCompanies),
      companyContacts: listsOf(this.companyContacts),
      companyTags: listsOf(this.companyTags),
      contactNotes: listsOf(this.contactNotes),
      searchVisibleFrom: [...this.searchVisibleFrom],
    } satisfies IntercomStoreSnapshot);
  }

  /** Replaces the workspace's data with a snapshot of the same workspace. */
  restore(snapshot: IntercomStoreSnapshot): void {
    if (snapshot.workspaceId !== this.workspaceId) {
      throw new SnapshotError(`the snapshot is of workspace ${snapshot.workspaceId}, not ${this.workspaceId}`);
    }
    const copy = structuredClone(snapshot);
    this.reset();
    this.admins.clear();
    this.appName = copy.appName;
    this.appCreatedAt = copy.appCreatedAt;
    this.meAdminId = copy.meAdminId;
    this.ids.restoreCounters(copy.ids);
    for (const contact of copy.contacts) this.saveContact(contact);
    for (const company of copy.companies) this.saveCompany(company);
    for (const tag of copy.tags) this.saveTag(tag);
    for (const [id, merged] of copy.mergedContacts) this.mergedContacts.set(id, merged);
    for (const [id, history] of copy.mergeHistory) this.mergeHistory.set(id, history);
    for (const attribute of copy.dataAttributes) this.dataAttributes.set(attribute.id, attribute);
    for (const event of copy.events) {
      const list = this.events.get(event.contact_id) ?? [];
      list.push(event);
      this.events.set(event.contact_id, list);
      this.eventKeys.add(this.eventKey(event));
      this.eventSeq = Math.max(this.eventSeq, event.seq);
    }
    for (const name of copy.eventNames) this.eventNames.add(name);
    for (const segment of copy.segments) this.segments.set(segment.id, segment);
    for (const admin of copy.admins) this.admins.set(admin.id, admin);
    for (const conversation of copy.conversations) this.conversations.set(conversation.id, conversation);
    for (const note of copy.notes) this.notes.set(note.id, note);
    this.activityLogs.push(...(copy.activityLogs ?? []));
    for (const [contactId, applications] of copy.contactTags) this.contactTags.set(contactId, new Map(applications));
    for (const [contactId, ids] of copy.contactCompanies) this.contactCompanies.set(contactId, new Set(ids));
    for (const [companyId, ids] of copy.companyContacts) this.companyContacts.set(companyId, new Set(ids));
    for (const [companyId, ids] of copy.companyTags) this.companyTags.set(companyId, new Set(ids));
    for (const [contactId, ids] of copy.contactNotes) this.contactNotes.set(contactId, ids);
    for (const [contactId, at] of copy.searchVisibleFrom) this.searchVisibleFrom.set(contactId, at);
  }

  // ---- contacts -------------------------------------------------------------------------------

  /** Inserts or replaces a contact, keeping the identity indexes in step. */
  saveContact(record: ContactRecord): void {
    const previous = this.contacts.get(record.id);
    if (previous) this.unindexContact(previous);
    this.contacts.set(record.id, record);
    this.indexContact(record);
  }

  /** Active (non-merged) contacts with this role and external_id. */
  contactsByExternalId(role: string, externalId: string): ContactRecord[] {
    return this.resolveIds(this.byExternalId.get(identityKey(role, externalId)));
  }

  /** Active contacts with this role and email (case-insensitive, as Intercom matches emails). */
  contactsByEmail(role: string, email: string): ContactRecord[] {
    return this.resolveIds(this.byEmail.get(identityKey(role, email.toLowerCase())));
  }

  deleteContact(id: string): ContactRecord | undefined {
    const record = this.#removeFromActive(id);
    if (!record) return undefined;
    for (const event of this.events.get(id) ?? []) this.eventKeys.delete(this.eventKey(event));
    this.events.delete(id);
    for (const noteId of this.contactNotes.get(id) ?? []) this.notes.delete(noteId);
    this.contactNotes.delete(id);
    return record;
  }

  /** Moves a contact out of the active set into the merged set (it then answers 410). */
  retireMergedContact(id: string, into: string, mergedAt: number): void {
    const record = this.#removeFromActive(id);
    if (record) this.mergedContacts.set(id, { record, into, mergedAt });
  }

  /** Takes a contact out of the active set with its tags, company links and search visibility. */
  #removeFromActive(id: string): ContactRecord | undefined {
    const record = this.contacts.get(id);
    if (!record) return undefined;
    this.unindexContact(record);
    this.contacts.delete(id);
    this.contactTags.delete(id);
    for (const companyId of this.contactCompanies.get(id) ?? []) this.companyContacts.get(companyId)?.delete(id);
    this.contactCompanies.delete(id);
    this.searchVisibleFrom.delete(id);
    return record;
  }

  /** Follows a chain of merges (Intercom resolves up to 3 hops) to the surviving contact id. */
  canonicalIdOf(mergedId: string): string | undefined {
    let current = this.mergedContacts.get(mergedId);
    for (let hop = 0; current && hop < 3; hop += 1) {
      const next = this.mergedContacts.get(current.into);
      if (!next) return current.into;
      current = next;
    }
    return current?.into;
  }

  // ---- companies -----------------------------------------------------------------------------

  saveCompany(record: CompanyRecord): void {
    const previous = this.companies.get(record.id);
    if (previous) this.byCompanyId.delete(previous.company_id);
    this.companies.set(record.id, record);
    this.byCompanyId.set(record.company_id, record.id);
  }

  companyByCompanyId(companyId: string): CompanyRecord | undefined {
    const id = this.byCompanyId.get(companyId);
    return id === undefined ? undefined : this.companies.get(id);
  }

  deleteCompany(id: string): CompanyRecord | undefined {
    const record = this.companies.get(id);
    if (!record) return undefined;
    this.companies.delete(id);
    this.byCompanyId.delete(record.company_id);
    for (const contactId of this.companyContacts.get(id) ?? []) this.contactCompanies.get(contactId)?.delete(id);
    this.companyContacts.delete(id);
    this.companyTags.delete(id);
    for (const segment of this.segments.values()) {
      if (segment.company_ids !== undefined) segment.company_ids = segment.company_ids.filter((c) => c !== id);
    }
    return record;
  }

  attachCompany(contactId: string, companyId: string): void {
    const companies = this.contactCompanies.get(contactId) ?? new Set<string>();
    companies.add(companyId);
    this.contactCompanies.set(contactId, companies);
    const contacts = this.companyContacts.get(companyId) ?? new Set<string>();
    contacts.add(contactId);
    this.companyContacts.set(companyId, contacts);
  }

  detachCompany(contactId: string, companyId: string): boolean {
    const removed = this.contactCompanies.get(contactId)?.delete(companyId) ?? false;
    this.companyContacts.get(companyId)?.delete(contactId);
    return removed;
  }

  companyIdsOf(contactId: string): string[] {
    return [...(this.contactCompanies.get(contactId) ?? [])];
  }

  contactIdsOf(companyId: string): string[] {
    return [...(this.companyContacts.get(companyId) ?? [])];
  }

  // ---- tags ----------------------------------------------------------------------------------

  saveTag(record: TagRecord): void {
    const previous = this.tags.get(record.id);
    if (previous) this.byTagName.delete(previous.name.toLowerCase());
    this.tags.set(record.id, record);
    this.byTagName.set(record.name.toLowerCase(), record.id);
  }

  /** Tag names are case-insensitive in Intercom. */
  tagByName(name: string): TagRecord | undefined {
    const id = this.byTagName.get(name.toLowerCase());
    return id === undefined ? undefined : this.tags.get(id);
  }

  deleteTag(id: string): void {
    const record = this.tags.get(id);
    if (!record) return;
    this.tags.delete(id);
    this.byTagName.delete(record.name.toLowerCase());
    for (const applications of this.contactTags.values()) applications.delete(id);
    for (const tagIds of this.companyTags.values()) tagIds.delete(id);
  }

  tagContact(contactId: string, tagId: string, application: TagApplication): void {
    const applications = this.contactTags.get(contactId) ?? new Map<string, TagApplication>();
    if (!applications.has(tagId)) applications.set(tagId, application);
    this.contactTags.set(contactId, applications);
  }

  untagContact(contactId: string, tagId: string): boolean {
    return this.contactTags.get(contactId)?.delete(tagId) ?? false;
  }

  contactHasTag(contactId: string, tagId: string): boolean {
    return this.contactTags.get(contactId)?.has(tagId) ?? false;
  }

  tagCompany(companyId: string, tagId: string): void {
    const tagIds = this.companyTags.get(companyId) ?? new Set<string>();
    tagIds.add(tagId);
    this.companyTags.set(companyId, tagIds);
  }

  untagCompany(companyId: string, tagId: string): boolean {
    return this.companyTags.get(companyId)?.delete(tagId) ?? false;
  }

  // ---- notes ---------------------------------------------------------------------------------

  saveNote(note: NoteRecord): void {
    this.notes.set(note.id, note);
    const ids = this.contactNotes.get(note.contact_id) ?? [];
    ids.push(note.id);
    this.contactNotes.set(note.contact_id, ids);
  }

  moveNotes(fromContactId: string, toContactId: string): void {
    for (const note of this.notesOf(fromContactId)) this.saveNote({ ...note, contact_id: toContactId });
    this.contactNotes.delete(fromContactId);
  }

  notesOf(contactId: string): NoteRecord[] {
    const notes: NoteRecord[] = [];
    for (const id of this.contactNotes.get(contactId) ?? []) {
      const note = this.notes.get(id);
      if (note) notes.push(note);
    }
    return notes;
  }

  // ---- data attributes -----------------------------------------------------------------------

  /** The custom attribute with this name on the model (names are unique across models). */
  customAttribute(model: 'contact' | 'company', name: string): DataAttributeRecord | undefined {
    for (const attribute of this.dataAttributes.values()) {
      if (attribute.model === model && attribute.name === name) return attribute;
    }
    return undefined;
  }

  // ---- events --------------------------------------------------------------------------------

  /** Records an event unless (contact, event_name, created_at) was seen before; returns whether it was new. */
  addEvent(event: Omit<EventRecord, 'seq'>): boolean {
    const key = this.eventKey(event);
    if (this.eventKeys.has(key)) return false;
    this.eventKeys.add(key);
    this.eventNames.add(event.event_name);
    this.eventSeq += 1;
    const list = this.events.get(event.contact_id) ?? [];
    list.push({ ...event, seq: this.eventSeq });
    this.events.set(event.contact_id, list);
    return true;
  }

  /** Moves a merged lead's events onto the surviving user. */
  moveEvents(fromContactId: string, toContactId: string): void {
    for (const event of this.events.get(fromContactId) ?? []) {
      this.eventKeys.delete(this.eventKey(event));
      this.addEvent({ ...event, contact_id: toContactId });
    }
    this.events.delete(fromContactId);
  }

  // ---- internals -----------------------------------------------------------------------------

  private eventKey(event: Pick<EventRecord, 'contact_id' | 'event_name' | 'created_at'>): string {
    return `${event.contact_id}\u0000${event.event_name}\u0000${event.created_at}`;
  }

  private resolveIds(ids: Set<string> | undefined): ContactRecord[] {
    const records: ContactRecord[] = [];
    for (const id of ids ?? []) {
      const record = this.contacts.get(id);
      if (record) records.push(record);
    }
    return records;
  }

  private indexContact(record: ContactRecord): void {
    if (record.external_id !== null)
      addToIndex(this.byExternalId, identityKey(record.role, record.external_id), record.id);
    if (record.email !== null)
      addToIndex(this.byEmail, identityKey(record.role, record.email.toLowerCase()), record.id);
  }

  private unindexContact(record: ContactRecord): void {
    if (record.external_id !== null) {
      removeFromIndex(this.byExternalId, identityKey(record.role, record.external_id), record.id);
    }
    if (record.email !== null) {
      removeFromIndex(this.byEmail, identityKey(record.role, record.email.toLowerCase()), record.id);
    }
  }
}
