/**
 * Custom search attributes the engine stamps on its workflows, so operators can filter runs in the
 * Temporal UI (e.g. `HullIntercomStatus = "failed"`) and the API can list failures. The dev server
 * registers them at start; on other clusters the worker registers them (or the operator does, on
 * Temporal Cloud).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SYNC_KIND = defineSearchAttributeKey('HullIntercomKind', SearchAttributeType.KEYWORD);
export const SYNC_ENTITY = defineSearchAttributeKey('HullIntercomEntity', SearchAttributeType.KEYWORD);
export const SYNC_STATUS = defineSearchAttributeKey('HullIntercomStatus', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [SYNC_KIND, SYNC_ENTITY, SYNC_STATUS];

/** The CLI's `--search-attribute Name=Type` spelling of each key. */
export const DEV_SERVER_SEARCH_ATTRIBUTES: Record<string, string> = Object.fromEntries(
  ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, 'Keyword']),
);
