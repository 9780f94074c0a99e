import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Logger } from '../logger';
import { ALL_SEARCH_ATTRIBUTES } from '../shared/search-attributes';

/**
 * Registers the engine's search attributes on clusters that lack them (self-hosted via
 * docker-compose; the dev server registers them at start). On Temporal Cloud the API key usually
 * cannot, so the warning says how to create them instead.
 */
export async function ensureSearchAttributes(client: Client, log: Logger): Promise<void> {
  const namespace = client.options.namespace;
  const operator = client.connection.operatorService;
  try {
    const existing = await operator.listSearchAttributes({ namespace });
    const known = new Set([
      ...Object.keys(existing.customAttributes ?? {}),
      ...Object.keys(existing.systemAttributes ?? {}),
    ]);
    const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
    if (missing.length === 0) return;
    await operator.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
      ),
    });
    log.info({ added: missing.map((key) => key.name) }, 'registered search attributes');
  } catch (error) {
    const names = ALL_SEARCH_ATTRIBUTES.map((key) => key.name).join(', ');
    log.warn(
      { err: error },
      `could not register search attributes (${names}); create them as Keyword attributes on namespace ${namespace} ` +
        '(e.g. `temporal operator search-attribute create --name <name> --type Keyword`)',
    );
  }
}
