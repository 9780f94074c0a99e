/** Wire formats of the smaller resources: tags, segments, admins, notes, data attributes. */
import type { IntercomStore } from '../store';
import type {
  AdminRecord,
  DataAttributeRecord,
  NoteRecord,
  SegmentRecord,
  TagApplication,
  TagRecord,
} from '../records';
import type { JsonObject } from './contact';

export function tagToJson(tag: TagRecord): JsonObject {
  return { type: 'tag', id: tag.id, name: tag.name };
}

/** A tag as applied to a contact (spec schema `tag`): adds `applied_at` and `applied_by`. */
export function appliedTagToJson(tag: TagRecord, application: TagApplication | undefined): JsonObject {
  return {
    ...tagToJson(tag),
    applied_at: application?.appliedAt ?? null,
    applied_by: application ? { type: 'admin', id: application.appliedBy } : null,
  };
}

export function segmentToJson(segment: SegmentRecord, count?: number): JsonObject {
  const json: JsonObject = {
    type: 'segment',
    id: segment.id,
    name: segment.name,
    created_at: segment.created_at,
    updated_at: segment.updated_at,
    person_type: segment.person_type,
  };
  if (count !== undefined) json.count = count;
  return json;
}

export function adminToJson(admin: AdminRecord, options: { withAvatar?: boolean } = {}): JsonObject {
  const json: JsonObject = {
    type: 'admin',
    id: admin.id,
    name: admin.name,
    email: admin.email,
    away_mode_enabled: admin.away_mode_enabled ?? false,
    away_mode_reassign: admin.away_mode_reassign ?? false,
    has_inbox_seat: true,
    team_ids: [...admin.team_ids],
  };
  if (admin.job_title !== null) json.job_title = admin.job_title;
  if (options.withAvatar === true) json.avatar = admin.avatar;
  return json;
}

export function noteToJson(store: IntercomStore, note: NoteRecord): JsonObject {
  const author = store.admins.get(note.author_id);
  return {
    type: 'note',
    id: note.id,
    created_at: note.created_at,
    contact: { type: 'contact', id: note.contact_id },
    author: author ? adminToJson(author) : null,
    body: note.body,
  };
}

/**
 * Custom data attribute. The 2.16 response schema only knows string|integer|float|boolean|date, so list
 * attributes are returned as `string` + `options: [..]` (as the spec's own example does) and `datetime`
 * as `date`; both still take the same values on write.
 */
export function dataAttributeToJson(attribute: DataAttributeRecord): JsonObject {
  const json: JsonObject = {
    id: attribute.id,
    type: 'data_attribute',
    name: attribute.name,
    full_name: `custom_attributes.${attribute.name}`,
    label: attribute.name,
    description: attribute.description,
    data_type:
      attribute.data_type === 'options' ? 'string' : attribute.data_type === 'datetime' ? 'date' : attribute.data_type,
    api_writable: true,
    ui_writable: true,
    messenger_writable: attribute.messenger_writable,
    custom: true,
    archived: attribute.archived,
    admin_id: attribute.admin_id,
    created_at: attribute.created_at,
    updated_at: attribute.updated_at,
    model: attribute.model,
  };
  if (attribute.data_type === 'options') json.options = [...attribute.options];
  return json;
}
