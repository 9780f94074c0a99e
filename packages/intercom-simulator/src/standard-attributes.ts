/**
 * Built-in (non-custom) data attributes that GET /data_attributes lists with `custom: false`. The company
 * list mirrors the spec's recorded example; the contact list covers the writable and searchable fields of
 * the 2.16 contact model. Their names are reserved: a custom attribute cannot reuse them.
 */
import type { DataAttributeModel } from './records';
import type { JsonObject } from './serialize/contact';

interface StandardAttribute {
  name: string;
  fullName?: string;
  label: string;
  dataType: 'string' | 'integer' | 'float' | 'boolean' | 'date';
  apiWritable: boolean;
}

const CONTACT_ATTRIBUTES: StandardAttribute[] = [
  { name: 'id', label: 'ID', dataType: 'string', apiWritable: false },
  { name: 'external_id', label: 'User ID', dataType: 'string', apiWritable: true },
  { name: 'role', label: 'Role', dataType: 'string', apiWritable: true },
  { name: 'name', label: 'Name', dataType: 'string', apiWritable: true },
  { name: 'email', label: 'Email', dataType: 'string', apiWritable: true },
  { name: 'email_domain', label: 'Email domain', dataType: 'string', apiWritable: false },
  { name: 'phone', label: 'Phone', dataType: 'string', apiWritable: true },
  { name: 'avatar', label: 'Avatar', dataType: 'string', apiWritable: true },
  { name: 'owner_id', label: 'Owner', dataType: 'string', apiWritable: true },
  { name: 'created_at', label: 'First seen', dataType: 'date', apiWritable: false },
  { name: 'updated_at', label: 'Updated at', dataType: 'date', apiWritable: false },
  { name: 'signed_up_at', label: 'Signed up', dataType: 'date', apiWritable: true },
  { name: 'last_seen_at', label: 'Last seen', dataType: 'date', apiWritable: true },
  { name: 'last_contacted_at', label: 'Last contacted', dataType: 'date', apiWritable: false },
  { name: 'last_replied_at', label: 'Last heard from', dataType: 'date', apiWritable: false },
  { name: 'last_email_opened_at', label: 'Last opened email', dataType: 'date', apiWritable: false },
  { name: 'last_email_clicked_at', label: 'Last clicked on link in email', dataType: 'date', apiWritable: false },
  { name: 'unsubscribed_from_emails', label: 'Unsubscribed from emails', dataType: 'boolean', apiWritable: true },
  { name: 'has_hard_bounced', label: 'Has hard bounced', dataType: 'boolean', apiWritable: false },
  { name: 'marked_email_as_spam', label: 'Marked email as spam', dataType: 'boolean', apiWritable: false },
  { name: 'language_override', label: 'Language override', dataType: 'string', apiWritable: true },
  { name: 'browser', label: 'Browser', dataType: 'string', apiWritable: false },
  { name: 'browser_version', label: 'Browser version', dataType: 'string', apiWritable: false },
  { name: 'browser_language', label: 'Browser language', dataType: 'string', apiWritable: false },
  { name: 'os', label: 'OS', dataType: 'string', apiWritable: false },
  { name: 'country', fullName: 'location.country', label: 'Country', dataType: 'string', apiWritable: false },
  { name: 'region', fullName: 'location.region', label: 'Region', dataType: 'string', apiWritable: false },
  { name: 'city', fullName: 'location.city', label: 'City', dataType: 'string', apiWritable: false },
];

const COMPANY_ATTRIBUTES: StandardAttribute[] = [
  { name: 'name', label: 'Company name', dataType: 'string', apiWritable: true },
  { name: 'company_id', label: 'Company ID', dataType: 'string', apiWritable: false },
  { name: 'last_request_at', label: 'Company last seen', dataType: 'date', apiWritable: false },
  { name: 'remote_created_at', label: 'Company created at', dataType: 'date', apiWritable: true },
  { name: 'user_count', label: 'People', dataType: 'integer', apiWritable: false },
  { name: 'session_count', label: 'Company web sessions', dataType: 'integer', apiWritable: false },
  { name: 'name', fullName: 'plan.name', label: 'Plan', dataType: 'string', apiWritable: false },
  { name: 'monthly_spend', label: 'Monthly Spend', dataType: 'float', apiWritable: true },
  { name: 'size', label: 'Company size', dataType: 'integer', apiWritable: true },
  { name: 'industry', label: 'Company industry', dataType: 'string', apiWritable: true },
  { name: 'website', label: 'Company website', dataType: 'string', apiWritable: true },
  { name: 'id', label: 'ID', dataType: 'string', apiWritable: false },
  { name: 'created_at', label: 'Created at', dataType: 'date', apiWritable: false },
  { name: 'updated_at', label: 'Updated at', dataType: 'date', apiWritable: false },
  { name: 'id', fullName: 'plan.id', label: 'Plan ID', dataType: 'string', apiWritable: false },
  { name: 'app_id', label: 'App ID', dataType: 'string', apiWritable: false },
];

function attributesOf(model: DataAttributeModel): StandardAttribute[] {
  return model === 'contact' ? CONTACT_ATTRIBUTES : COMPANY_ATTRIBUTES;
}

export function standardAttributesJson(model: DataAttributeModel): JsonObject[] {
  return attributesOf(model).map((attribute) => ({
    type: 'data_attribute',
    name: attribute.name,
    full_name: attribute.fullName ?? attribute.name,
    label: attribute.label,
    data_type: attribute.dataType,
    api_writable: attribute.apiWritable,
    ui_writable: false,
    messenger_writable: true,
    custom: false,
    archived: false,
    model,
  }));
}

/** True when `name` is a built-in attribute of the model (so it cannot become a custom attribute). */
export function isStandardAttributeName(model: DataAttributeModel, name: string): boolean {
  return attributesOf(model).some((attribute) => attribute.name === name);
}
