/**
 * The outgoing direction (Hull → Intercom) as pure decisions: who is sent and as what, which fields,
 * what changed, which custom attributes to create, how to find the contact, which tags and events,
 * and whether to merge a lead. The activity layer performs the I/O these decisions describe.
 */
export {
  decideAccountTarget,
  decideUserTarget,
  type AccountTarget,
  type TargetOptions,
  type UserTarget,
} from './target';
export {
  classifyTarget,
  COMPANY_WRITABLE_FIELDS,
  CONTACT_WRITABLE_FIELDS,
  CUSTOM_ATTRIBUTES_PREFIX,
  customAttributeName,
  isDateName,
  type IntercomModel,
  type IntercomValueType,
  type MappingTarget,
} from './intercom-fields';
export {
  buildCompanyFields,
  buildContactFields,
  CUSTOM_STRING_LIMIT,
  toIntercomBody,
  type BuiltCompanyFields,
  type BuiltContactFields,
  type ContactFields,
  type OutgoingValue,
} from './contact-payload';
export {
  changedFields,
  fingerprint,
  mergeFingerprint,
  parseFingerprint,
  serializeFingerprint,
  writeBackTraits,
  type Fingerprint,
} from './diff';
export {
  ATTRIBUTE_NAME_MAX_LENGTH,
  inferDataType,
  planDataAttributes,
  sanitizeAttributeName,
  type DataAttributePlan,
  type DataAttributeToCreate,
  type DataType,
  type ExistingDataAttribute,
} from './data-attributes';
export {
  chooseMatch,
  contactClaimValues,
  lookupPlan,
  type ContactMatch,
  type IntercomSearchFilter,
  type IntercomSearchQuery,
  type LookupStep,
} from './matching';
export {
  appliedTagsAfter,
  companyTagChanges,
  contactTagChanges,
  withKnownTags,
  type CompanyTagOptions,
  type ContactTagOptions,
  type TagChanges,
} from './tags';
export {
  ALL_EVENTS,
  EventTimeError,
  eventsToSend,
  intercomEventKey,
  METADATA_KEY_LIMIT,
  toIntercomEvent,
  type IntercomEvent,
  type IntercomEventBody,
  type MetadataValue,
} from './events';
export { leadConversionDecision, type LeadConversionDecision } from './conversion';
export { toUnixSeconds } from './hull-values';
