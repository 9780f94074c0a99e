/**
 * "Send only what changed since the last write; nothing when nothing changed."
 *
 * Hull's connector PUT the full payload on every notification, events-only ones included. At
 * Intercom's rate limits (a budget of requests per minute per app) skipping no-op writes is the
 * difference between 0 or 1 request per contact and several, and none of the peer connectors does
 * it. The engine
 * remembers a short hash per field it last wrote — the fingerprint, stored as one Hull string attribute
 * (e.g. `intercom_user/sync_fingerprint`) and carried in workflow state — and compares against it.
 *
 * A fingerprint describes what was written to one particular Intercom record: pass `undefined` as
 * `previous` when the contact was just created or re-resolved to another id.
 */
import type { ContactFields } from './contact-payload';
import { canonicalJson, shortHash, SHORT_HASH_LENGTH } from './hash';

/** Intercom path → short hash of the value last written there. */
export type Fingerprint = Record<string, string>;

const NULL_HASH = shortHash(null);

/** A short, stable hash per field value (first 12 hex of the SHA-256 of its canonical JSON). */
export function fingerprint(fields: ContactFields): Fingerprint {
  return Object.fromEntries(Object.entries(fields).map(([path, value]) => [path, shortHash(value)]));
}

/**
 * The fields whose value differs from the one last written. A null clears a field in Intercom, so it is
 * sent only when the field was last written with a non-null value; a field never written stays
 * unwritten. A field that disappears from `fields` (its mapping was removed) is left alone in Intercom:
 * dropping a mapping is not a request to erase data.
 */
export function changedFields(fields: ContactFields, previous: Fingerprint | undefined): ContactFields {
  const changed: ContactFields = {};
  for (const [path, value] of Object.entries(fields)) {
    const before = previous?.[path];
    if (value === null) {
      if (before !== undefined && before !== NULL_HASH) changed[path] = null;
    } else if (before !== shortHash(value)) {
      changed[path] = value;
    }
  }
  // Intercom rejects email_verified without email in the same request (400, update_contact_request).
  if ('email_verified' in changed && !('email' in changed) && typeof fields.email === 'string') {
    changed.email = fields.email;
  }
  return changed;
}

/**
 * The fingerprint after a successful write of `sentFields`. Cleared fields are removed rather than
 * remembered as null: "never written" and "cleared" need no different treatment, and the stored
 * attribute stays small.
 */
export function mergeFingerprint(previous: Fingerprint | undefined, sentFields: ContactFields): Fingerprint {
  const merged: Fingerprint = { ...previous };
  for (const [path, value] of Object.entries(sentFields)) {
    if (value === null) delete merged[path];
    else merged[path] = shortHash(value);
  }
  return merged;
}

/** Bumped if the hashing ever changes, so an old fingerprint reads as "unknown" instead of wrong. */
const FORMAT_PREFIX = 'v1:';
const HASH_PATTERN = new RegExp(`^[0-9a-f]{${SHORT_HASH_LENGTH}}$`);

/** One string for a Hull attribute or workflow state: `v1:` + JSON with sorted keys. */
export function serializeFingerprint(value: Fingerprint): string {
  return `${FORMAT_PREFIX}${canonicalJson(value)}`;
}

/**
 * What to store back on a Hull profile after a write: the Intercom id and the fingerprint, each only
 * when the profile does not already hold that value (so an unchanged profile costs no Hull write).
 */
export function writeBackTraits(
  id: { attribute: string; stored: string | undefined; value: string },
  fingerprint: { attribute: string; stored: unknown; value: Fingerprint },
): Record<string, string> {
  const traits: Record<string, string> = {};
  if (id.stored !== id.value) traits[id.attribute] = id.value;
  const serialized = serializeFingerprint(fingerprint.value);
  if (fingerprint.stored !== serialized) traits[fingerprint.attribute] = serialized;
  return traits;
}

/**
 * Reads a stored fingerprint. Anything unreadable (absent, edited by hand, another version) gives
 * undefined, which makes the next write send every field: a few redundant fields are cheap, a
 * wrongly skipped one is silent data loss. Single malformed entries are dropped, with the same effect
 * for their fields.
 */
export function parseFingerprint(text: unknown): Fingerprint | undefined {
  if (typeof text !== 'string' || !text.startsWith(FORMAT_PREFIX)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(FORMAT_PREFIX.length));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const result: Fingerprint = {};
  for (const [path, hash] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof hash === 'string' && HASH_PATTERN.test(hash)) result[path] = hash;
  }
  return result;
}
