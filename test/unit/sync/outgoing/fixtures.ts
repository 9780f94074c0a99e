/** Messages and settings parsed by the production schemas, so defaults apply exactly as in production. */
import { connectorSettingsSchema, type ConnectorSettings } from '../../../../src/config/connector-settings';
import {
  accountUpdateMessageSchema,
  userUpdateMessageSchema,
  type AccountUpdateMessage,
  type UserUpdateMessage,
} from '../../../../src/hull/notifications';
import type { IntercomContact } from '../../../../src/intercom/schemas';

export const settingsWith = (input: Record<string, unknown> = {}): ConnectorSettings =>
  connectorSettingsSchema.parse(input);

export const userMessage = (input: Record<string, unknown> = {}): UserUpdateMessage =>
  userUpdateMessageSchema.parse({ user: { id: 'hull-user-1', email: 'ada@example.org' }, ...input });

export const accountMessage = (input: Record<string, unknown> = {}): AccountUpdateMessage =>
  accountUpdateMessageSchema.parse({ account: { id: 'hull-account-1', external_id: 'acme' }, ...input });

export const segment = (id: string, name = id) => ({ id, name });

export const contact = (overrides: Partial<IntercomContact> & { id: string }): IntercomContact => ({
  type: 'contact',
  role: 'user',
  updated_at: 1_700_000_000,
  ...overrides,
});
