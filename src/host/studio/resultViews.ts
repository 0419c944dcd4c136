import { OUTPUT_MIME } from '../../core/image/outputFormat';
import * as vscode from 'vscode';
import { costFromUsage, formatUsd } from '../../core/pricing';
import type { JobRoute } from '../../core/jobOptions';
import type { PriceTable, ResultView } from '../../shared/protocol';
import type { SavedImage } from '../services/jobTypes';
import { isUnderRoots } from './studioWebviewOptions';

/** The largest SVG the gallery previews; bigger ones are saved but shown only as a note. */
export const MAX_SVG_PREVIEW_BYTES = 2 * 1024 * 1024;

const ROUTES: Partial<Record<JobRoute, () => string>> = {
  edits: () => vscode.l10n.t('Edit through /images/edits'),
  variations: () => vscode.l10n.t('Variation through /images/variations'),
  'edits-as-variation': () =>
    vscode.l10n.t('Variation through /images/edits (with an instruction; the model has no variations endpoint here)'),
};

/** Token usage in words ("1,024 in · 4,160 out · 5,184 total"), or compact JSON for other shapes. */
export function formatUsage(usage: Record<string, unknown> | undefined): string | undefined {
  if (!usage) return undefined;
  const n = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : undefined);
  const parts = [
    n(usage.input_tokens) && vscode.l10n.t('{count} in', { count: n(usage.input_tokens) }),
    n(usage.output_tokens) && vscode.l10n.t('{count} out', { count: n(usage.output_tokens) }),
    n(usage.total_tokens) && vscode.l10n.t('{count} total', { count: n(usage.total_tokens) }),
  ].filter(Boolean);
  if (parts.length) return vscode.l10n.t('{counts} tokens', { counts: parts.join(' · ') });
  const json = JSON.stringify(usage);
  return json.length > 300 ? `${json.slice(0, 299)}…` : json;
}

/**
 * How the gallery shows a saved image: through asWebviewUri when it lies under the panel's
 * localResourceRoots, otherwise as bytes (a blob: URL in the webview) so that a changed output
 * folder setting never needs a wider root.
 */
export async function toResultView(
  webview: vscode.Webview,
  roots: readonly vscode.Uri[],
  image: SavedImage,
  prices?: PriceTable,
): Promise<ResultView> {
  const fileName = image.uri.path.slice(image.uri.path.lastIndexOf('/') + 1);
  const missing = !(await exists(image.uri));
  const source: ResultView['image'] = missing
    ? { kind: 'uri', uri: '' }
    : image.format === 'svg'
      ? await svgSource(image.uri)
      : isUnderRoots(image.uri, roots)
        ? { kind: 'uri', uri: webview.asWebviewUri(image.uri).toString() }
        : { kind: 'bytes', bytes: new Uint8Array(await vscode.workspace.fs.readFile(image.uri)), mimeType: OUTPUT_MIME[image.format] };
  const usd = prices ? costFromUsage(prices, image.model, image.usage) : undefined;
  return {
    ...(missing ? { missing: true } : {}),
    kind: kindOf(image.route),
    ...(usd !== undefined
      ? {
          costUsd: usd,
          // The tokens already reflect complexity; naming it says why a 2.6 draft cost what it did.
          cost: image.complexity
            ? vscode.l10n.t(
                '{cost} for its request at complexity {complexity}, from the usage tokens at the prices of {asOf} (an estimate, not a bill)',
                { cost: formatUsd(usd), complexity: image.complexity, asOf: prices!.asOf },
              )
            : vscode.l10n.t('{cost} for its request, from the usage tokens at the prices of {asOf} (an estimate, not a bill)', {
                cost: formatUsd(usd),
                asOf: prices!.asOf,
              }),
        }
      : {}),
    id: image.id,
    image: source,
    relativePath: image.relativePath,
    fileName,
    prompt: image.prompt,
    model: image.model,
    index: image.index,
    revisedPrompt: image.revisedPrompt,
    requestId: image.requestId,
    usage: formatUsage(image.usage),
    hasSidecar: image.sidecarUri !== undefined,
    ...(ROUTES[image.route] ? { route: ROUTES[image.route]?.() } : {}),
  };
}

/** What made an image, from its route. */
export function kindOf(route: JobRoute): NonNullable<ResultView['kind']> {
  return route === 'edits' ? 'edit' : route === 'variations' || route === 'edits-as-variation' ? 'variation' : 'generate';
}

/** True when the file is still there. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * An SVG can carry script: it reaches the webview only as bytes for an <img> (a blob: URL, where
 * scripts never run), never as markup, and only up to MAX_SVG_PREVIEW_BYTES.
 */
async function svgSource(uri: vscode.Uri): Promise<ResultView['image']> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_SVG_PREVIEW_BYTES)
    return {
      kind: 'none',
      note: vscode.l10n.t('SVG of {size} KB: too large to preview here; open the file instead.', { size: Math.round(stat.size / 1024) }),
    };
  return { kind: 'bytes', bytes: new Uint8Array(await vscode.workspace.fs.readFile(uri)), mimeType: OUTPUT_MIME.svg };
}
