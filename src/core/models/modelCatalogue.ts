// The models one run knows: the compiled table plus the user's declarations, as one immutable value.
// Each way in (a CLI run, the extension's setting, a test) builds its own catalogue and passes it
// down, so two catalogues in one process never see each other's declared models.
import type { ModelCapabilities } from './capabilityTypes';
import { MODEL_TABLE, UNKNOWN_MODEL_CAPABILITIES } from './modelTable';

/** What is known about model ids: the only way the rest of the code learns what a model accepts. */
export interface ModelCatalogue {
  /** The user's declarations in force, in their order (they may override a table row). */
  readonly userRows: readonly ModelCapabilities[];
  /** The row of an id: the user's first, then the table's; other ids get permissive stand-ins (`unknown: true`). */
  capabilities(modelId: string): ModelCapabilities;
  /** True when the id is in the table or the user's declarations. */
  isKnown(modelId: string): boolean;
  /** Every known model in display order: the user's declarations first, then the table's rows they do not override. */
  list(): readonly ModelCapabilities[];
}

/** A catalogue of the compiled table with `userRows` on top (none: the table alone). */
export function modelCatalogue(userRows: readonly ModelCapabilities[] = []): ModelCatalogue {
  const user = Object.freeze([...userRows]);
  const rows = Object.freeze([...user, ...MODEL_TABLE.filter((m) => !user.some((u) => u.id === m.id))]);
  const byId = new Map(rows.map((m) => [m.id, m]));
  return Object.freeze({
    userRows: user,
    capabilities: (modelId: string) => byId.get(modelId) ?? { ...UNKNOWN_MODEL_CAPABILITIES, id: modelId, label: modelId },
    isKnown: (modelId: string) => byId.has(modelId),
    list: () => rows,
  });
}

/** The compiled table alone: for code and tests that are about the table, never about a user's models. */
export const BUILT_IN_MODELS: ModelCatalogue = modelCatalogue();
