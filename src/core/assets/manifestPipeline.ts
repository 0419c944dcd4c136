// The manifest fields that shape what happens around the API call: `process` (steps run on the
// image after it arrives), `checks` (gates the file must pass), and `inputs` written as
// `{ "path", "hint" }`. Each mistake is reported at the node it is about, as every other field's.
import type { Node } from 'jsonc-parser';
import { t } from '../l10n';
import { parseChecks } from '../image/checks/parseChecks';
import type { AcceptanceChecks } from '../image/checks/checkTypes';
import { parseProcessSteps } from '../image/process/parseSteps';
import type { ProcessStep } from '../image/process/processTypes';
import { checkAssetPath } from './manifestRules';
import type { AssetSpec, Manifest, ManifestProblem } from './manifestTypes';

/** Reports a problem at a node of the manifest. */
export type Report = (
  node: Node | undefined,
  path: Array<string | number>,
  message: string,
  severity?: ManifestProblem['severity'],
) => void;

/** The value node of property `name` in an object node. */
function property(node: Node | undefined, name: string): Node | undefined {
  return node?.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1];
}

/** Parses a `process` list; each step's problem is reported at the step (or its field). */
export function readProcess(node: Node, value: unknown, path: Array<string | number>, at: Report): ProcessStep[] | undefined {
  const { steps, problems } = parseProcessSteps(value);
  for (const p of problems) {
    if (p.index < 0) {
      at(node, path, p.message);
      continue;
    }
    const step = node.children?.[p.index];
    const body = step?.children?.[0]?.children?.[1];
    at((p.field && property(body, p.field)) || step, [...path, p.index, ...(p.field ? [p.field] : [])], p.message);
  }
  for (const [i, step] of steps.entries())
    if (step.op === 'quantize' && 'palette' in step) {
      const problem = checkAssetPath(step.palette, 'input');
      if (problem) at(node.children?.[i], [...path, i, 'palette'], problem);
    }
  return problems.length ? undefined : steps;
}

/** Parses a `checks` object; each gate's problem is reported at the gate. */
export function readChecks(node: Node, value: unknown, path: Array<string | number>, at: Report): AcceptanceChecks | undefined {
  const { checks, problems } = parseChecks(value);
  for (const p of problems) at(property(node, p.field) ?? node, p.field ? [...path, p.field] : path, p.message);
  return problems.length ? undefined : checks;
}

/** Reads `inputs`: paths, or `{ "path", "hint" }` objects; returns the paths and hints by position. */
export function readInputs(
  node: Node,
  value: unknown,
  path: Array<string | number>,
  at: Report,
): { paths: string[]; hints: string[] } | undefined {
  const entries = Array.isArray(value) ? value : undefined;
  const ok = entries?.every(
    (x) =>
      (typeof x === 'string' && x) ||
      (!!x &&
        typeof x === 'object' &&
        typeof (x as { path?: unknown }).path === 'string' &&
        (x as { path: string }).path &&
        ((x as { hint?: unknown }).hint === undefined || typeof (x as { hint?: unknown }).hint === 'string') &&
        Object.keys(x).every((k) => k === 'path' || k === 'hint')),
  );
  if (!entries || !ok) {
    at(node, path, t('"inputs" must be a list of paths, or of {"path": "…", "hint": "what it shows"}.'));
    return undefined;
  }
  const paths = entries.map((x) => (typeof x === 'string' ? x : (x as { path: string }).path));
  const hints = entries.map((x) => (typeof x === 'string' ? '' : ((x as { hint?: string }).hint ?? '').trim()));
  return { paths, hints };
}

/** The chain and gates an asset gets: its own, else its style's, else the defaults' (gates add up). */
export function effectivePipeline(
  manifest: Manifest,
  spec: Pick<AssetSpec, 'process' | 'checks' | 'style'>,
): {
  process: ProcessStep[];
  checks?: AcceptanceChecks;
} {
  const style = spec.style ? manifest.styleOptions?.[spec.style] : undefined;
  const process = spec.process ?? style?.process ?? manifest.defaults.process ?? [];
  const merged = { ...manifest.defaults.checks, ...style?.checks, ...spec.checks };
  return { process, ...(Object.keys(merged).length ? { checks: merged } : {}) };
}

/** Problems of an entry's chain and gates against its output format (the steps read and write PNG). */
export function pipelineFormatProblems(
  format: string | undefined,
  pipeline: { process: ProcessStep[]; checks?: AcceptanceChecks },
): Array<{ field: string; message: string }> {
  if (format === 'png') return [];
  const out: Array<{ field: string; message: string }> = [];
  if (pipeline.process.length)
    out.push({ field: 'process', message: t('"process" needs a .png asset path (the steps read and write PNG).') });
  const pixelGates = (['maxColors', 'tileable', 'halo'] as const).filter((g) => pipeline.checks?.[g] !== undefined);
  if (pixelGates.length)
    out.push({
      field: 'checks',
      message: t('The gates {gates} read the pixels, which is done for .png assets only.', { gates: pixelGates.join(', ') }),
    });
  return out;
}

/** The prompt sent: hinted inputs named before it ("Image 1 (the character's face): …"). */
export function promptWithHints(prompt: string, hints: readonly string[] | undefined): string {
  const named = (hints ?? []).flatMap((hint, i) => (hint ? [`Image ${i + 1} (${hint})`] : []));
  return named.length ? `${named.join(', ')}: ${prompt}` : prompt;
}
