/** Public surface of the Intercom REST API 2.16 simulator. */
export { IntercomSimulator, type AdminChangeOptions, type IntercomSnapshot } from './simulator';
export type { IntercomSimulatorOptions, SpecValidator, RequestRecord, IntercomRegion } from './options';
export { SANDBOX_CREDENTIALS } from './options';
export type { FaultConfig, FaultInjector } from './faults';
export type { SeedOptions, SeedSummary } from './seed';
export { IntercomStore, type IntercomStoreSnapshot } from './store';
export type * from './records';
export type { ContactInput } from './services/contacts';
export type { CompanyInput } from './services/companies';
export {
  signWebhookBody,
  buildNotification,
  WEBHOOK_USER_AGENT,
  type NotificationEvent,
  type WebhookDelivery,
} from './webhooks';
export * as webhookPayloads from './webhook-payloads';
export { contactToJson, type JsonObject } from './serialize/contact';
export { companyToJson } from './serialize/company';
export { conversationToJson } from './serialize/conversation';
export { IntercomHttpError, type IntercomErrorBody } from './errors';
export { WINDOW_MS } from './rate-limit';
export { createIntercomSpecValidator, INTERCOM_SPEC_PATH, type IntercomSpecValidator } from './spec-validator';
