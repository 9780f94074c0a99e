/**
 * Every activation this connector has: those of the settings (read-only through the API) and those
 * made through the API (stored in the activations database). Names are unique across both.
 */
import { describeIssues } from '../config/issues';
import type { ActivationStore } from '../activations/store';
import { activationDefinitionSchema, type ActivationDefinition } from '../sync/activations/definition';
import type { ApiContext } from './context';
import type { ActivationView } from './schemas/activations';

export interface CatalogEntry extends ActivationView {
  /** The validated definition, when it is valid. */
  valid?: ActivationDefinition;
}

export function validateDefinition(
  input: unknown,
  prefix = '',
): { ok: true; definition: ActivationDefinition } | { ok: false; problems: string[] } {
  const parsed = activationDefinitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return { ok: false, problems: describeIssues(parsed.error.issues, input, { prefix }) };
}

export async function listActivations(ctx: ApiContext, store: ActivationStore | undefined): Promise<CatalogEntry[]> {
  const settings = await ctx.settings.current();
  const entries: CatalogEntry[] = settings.activations.map((definition) => ({
    name: definition.name,
    origin: 'settings',
    definition,
    valid: definition,
  }));
  for (const stored of (await store?.listDefinitions()) ?? []) {
    if (entries.some((entry) => entry.name === stored.name)) continue;
    const checked = validateDefinition(stored.definition);
    entries.push({
      name: stored.name,
      origin: 'api',
      definition: stored.definition,
      updatedAt: stored.updatedAt,
      ...(checked.ok ? { valid: checked.definition } : { invalid: checked.problems }),
    });
  }
  return entries;
}

export async function findActivation(ctx: ApiContext, store: ActivationStore | undefined, name: string) {
  return (await listActivations(ctx, store)).find((entry) => entry.name === name);
}

export const viewOf = ({ valid: _valid, ...view }: CatalogEntry): ActivationView => view;
