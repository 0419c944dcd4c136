// `--use-replacement` (and any "use its replacement" offer) follows a retired model's replacement
// while that one is retired too, so the user is sent to a model that still runs, or told that none
// along the chain does instead of being offered the same flag again.
import type { ProviderKind } from './capabilityTypes';
import { effectiveStatus, type ServerModels } from './lifecycle';
import type { ModelCatalogue } from './modelCatalogue';

/** Longest chain followed (the table's chains are one or two steps; more is a loop or a broken list). */
const MAX_STEPS = 8;

/**
 * Where a model leads: `model` is the first along its replacements that is not retired (the model
 * itself when `retired` is empty), absent when every one is; `retired` lists those passed over.
 */
export type ReplacementOutcome = { model: string; retired: string[] } | { model?: undefined; retired: string[] };

/** Follows the replacements of `model`, while each is retired where the request goes, to the first that is not. */
export function liveReplacement(
  models: ModelCatalogue,
  model: string,
  provider: ProviderKind,
  today: string,
  server?: ServerModels,
): ReplacementOutcome {
  const retired: string[] = [];
  let current = model;
  for (let step = 0; step < MAX_STEPS; step++) {
    const status = effectiveStatus(models.capabilities(current), provider, today, server);
    if (status.state !== 'retired') return { model: current, retired };
    retired.push(current);
    if (!status.replacement || retired.includes(status.replacement)) break;
    current = status.replacement;
  }
  return { retired };
}
