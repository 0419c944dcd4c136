// Reading what a provenance sidecar says (pure: no vscode, unit-tested): the settings that made an
// image (for "Use these settings" and "Regenerate") and the facts History lists. Sidecars are
// files in the workspace, so everything is checked: wrong types are dropped, never trusted.
import type { JobRoute } from '../../core/jobOptions';
import type { ImageFormat } from '../../core/types';
import type { ReuseSettings } from '../../shared/protocol';
import { stripUndefined } from '../../core/stripUndefined';

const FORMATS: readonly string[] = ['png', 'jpeg', 'webp'];

function str(v: unknown, max = 100): string | undefined {
  return typeof v === 'string' && v.length <= max && /^[A-Za-z0-9._:x-]+$/.test(v) ? v : undefined;
}

function int(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

/** The route of a sidecar as the gallery names it. */
export function routeOf(sidecar: Record<string, unknown>): JobRoute {
  // buildProvenance writes `route` only for variations; a variation made through /edits says "edits".
  if (sidecar.route === 'edits') return 'edits-as-variation';
  if (sidecar.route === 'variations' || sidecar.endpoint === 'variations') return 'variations';
  return sidecar.endpoint === 'edits' ? 'edits' : 'generations';
}

/** The settings that made an image; `fallback` supplies prompt and model when the sidecar lacks them. */
export function reuseFromSidecar(
  sidecar: Record<string, unknown> | undefined,
  fallback: { prompt: string; model: string; route: JobRoute },
): ReuseSettings {
  const route = sidecar ? routeOf(sidecar) : fallback.route;
  const mode = route === 'edits' ? 'edit' : route === 'variations' || route === 'edits-as-variation' ? 'variation' : 'generate';
  const p = (sidecar && typeof sidecar.parameters === 'object' && sidecar.parameters !== null ? sidecar.parameters : {}) as Record<
    string,
    unknown
  >;
  const prompt = typeof sidecar?.prompt === 'string' ? sidecar.prompt.slice(0, 32000) : fallback.prompt;
  const settings: ReuseSettings = {
    mode,
    // A variation's stored prompt is the internal instruction, not something the user wrote.
    prompt: mode === 'variation' ? '' : prompt,
    model: str(sidecar?.model) ?? fallback.model,
  };
  const format = p.outputFormat;
  const fields: Partial<ReuseSettings> = {
    size: str(p.size, 11),
    quality: str(p.quality, 40),
    background: str(p.background, 40),
    moderation: str(p.moderation, 40),
    style: str(p.style, 40),
    inputFidelity: str(p.inputFidelity, 40),
    n: int(p.n, 1, 10),
    outputCompression: int(p.outputCompression, 0, 100),
    outputFormat: typeof format === 'string' && FORMATS.includes(format) ? (format as ImageFormat) : undefined,
  };
  return { ...settings, ...stripUndefined(fields) };
}

/** What History needs of a sidecar, or undefined when it is not one of ours. */
export interface HistoryFacts {
  createdAt: number;
  prompt: string;
  model: string;
  route: JobRoute;
  index: number;
  format: ImageFormat;
  revisedPrompt?: string;
  requestId?: string;
  usage?: Record<string, unknown>;
  complexity?: string;
}

/** Reads an Image Studio sidecar's facts; anything else (other JSON, damaged files) gives undefined. */
export function historyFacts(sidecar: unknown, imagePath: string): HistoryFacts | undefined {
  if (typeof sidecar !== 'object' || sidecar === null) return undefined;
  const s = sidecar as Record<string, unknown>;
  if (s.tool !== 'image-studio') return undefined;
  const created = typeof s.createdAt === 'string' ? Date.parse(s.createdAt) : NaN;
  const ext = imagePath.split('.').pop()?.toLowerCase();
  const format = (typeof s.format === 'string' && FORMATS.includes(s.format) ? s.format : ext === 'jpg' ? 'jpeg' : ext) as ImageFormat;
  if (!FORMATS.includes(format)) return undefined;
  const ids = Array.isArray(s.requestIds) ? s.requestIds.filter((x): x is string => typeof x === 'string') : [];
  return {
    createdAt: Number.isFinite(created) ? created : 0,
    prompt: typeof s.prompt === 'string' ? s.prompt.slice(0, 32000) : '',
    model: str(s.model) ?? 'unknown',
    route: routeOf(s),
    index: int(s.imageIndex, 0, 1000) ?? 0,
    format,
    ...(typeof s.revisedPrompt === 'string' ? { revisedPrompt: s.revisedPrompt.slice(0, 32000) } : {}),
    ...(ids[0] ? { requestId: ids[0].slice(0, 200) } : {}),
    ...(typeof s.usage === 'object' && s.usage !== null ? { usage: s.usage as Record<string, unknown> } : {}),
    ...complexityOf(s.parameters),
  };
}

function complexityOf(parameters: unknown): { complexity?: string } {
  const c = typeof parameters === 'object' && parameters !== null ? str((parameters as Record<string, unknown>).complexity, 40) : undefined;
  return c ? { complexity: c } : {};
}
