import * as vscode from 'vscode';
import { modelOptions } from '../../core/models/capabilities';
import type { ModelCatalogue } from '../../core/models/modelCatalogue';
import type { ImageOptions } from '../services/jobTypes';
import { readGenerationDefaults, readProviderConfig } from '../services/settings';
import { pickSize } from './sizePicker';

/** Choices remembered per workspace between Generate Image runs. */
export type RememberedOptions = Pick<ImageOptions, 'model' | 'size' | 'quality' | 'n' | 'background' | 'outputFormat' | 'complexity'>;

interface Step<T> {
  title: string;
  items: { label: string; description?: string; value: T }[];
  /** The value preselected: the last one used, or else the default (labelled as what it is). */
  current?: T;
  fromLastUse?: boolean;
}

/** The words beside the preselected value: "last used" only once something was used. */
function currentLabel(fromLastUse: boolean | undefined): string {
  return fromLastUse ? vscode.l10n.t('(last used)') : vscode.l10n.t('(default)');
}

async function pick<T>(step: Step<T>, index: number, total: number): Promise<T | undefined> {
  const items = step.items.map((i) => ({
    ...i,
    picked: i.value === step.current,
    description: i.value === step.current ? `${i.description ?? ''} ${currentLabel(step.fromLastUse)}`.trim() : i.description,
  }));
  // The last used value goes first so Enter keeps it.
  items.sort((a, b) => Number(b.picked) - Number(a.picked));
  const chosen = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Image Studio: {step} ({index}/{total})', { step: step.title, index, total }),
    ignoreFocusOut: true,
  });
  return chosen?.value;
}

/**
 * "More options…": one QuickPick per option the chosen model supports, straight from the
 * capability table, so an invalid combination cannot be picked. Undefined when cancelled.
 */
export async function pickGenerationOptions(
  catalogue: ModelCatalogue,
  last: RememberedOptions,
  today: string,
): Promise<RememberedOptions | undefined> {
  const provider = readProviderConfig();
  const defaults = readGenerationDefaults();
  const declared = provider.kind === 'compatible' ? provider.endpoints : undefined;
  const models = catalogue
    .list()
    .map((m) => ({ caps: m, options: modelOptions(catalogue, m.id, 'generations', provider.kind, today, declared) }))
    .filter((m) => m.options.available && m.options.status.state !== 'retired');
  const configured = last.model ?? defaults.model;
  const modelItems = models.map((m) => ({
    label: m.caps.id,
    description: m.options.status.state === 'deprecated' ? m.options.status.message : m.caps.label,
    value: m.caps.id,
  }));
  if (!modelItems.some((i) => i.value === configured))
    modelItems.unshift({
      label: configured,
      description: vscode.l10n.t('configured model (not in the capability table: checks are permissive)'),
      value: configured,
    });
  const total = 6;
  const model = await pick(
    { title: vscode.l10n.t('Model'), items: modelItems, current: configured, fromLastUse: last.model !== undefined },
    1,
    total,
  );
  if (model === undefined) return undefined;
  const o = modelOptions(catalogue, model, 'generations', provider.kind, today, declared);
  const result: RememberedOptions = { model };

  const sizes = o.sizes.length ? o.sizes : ['1024x1024'];
  // A remembered size of another model that this one refuses is not offered as "last used".
  const lastSize = last.size && (sizes.includes(last.size) || o.freeSize) ? last.size : undefined;
  const size = await pickSize(
    catalogue.capabilities(model),
    sizes,
    lastSize ? { value: lastSize, label: currentLabel(true) } : { value: defaults.size, label: currentLabel(false) },
    vscode.l10n.t('Image Studio: {step} ({index}/{total})', { step: vscode.l10n.t('Size'), index: 2, total }),
  );
  if (size === undefined) return undefined;
  result.size = size;

  if (o.qualities?.length) {
    const quality = await pick(
      {
        title: vscode.l10n.t('Quality'),
        items: o.qualities.map((q) => ({ label: q, value: q })),
        current: last.quality ?? defaults.quality,
        fromLastUse: last.quality !== undefined,
      },
      3,
      total,
    );
    if (quality === undefined) return undefined;
    result.quality = quality;
  }

  // The 2.6 models' planning effort; "default" leaves it to the model (high).
  if (o.complexity?.length) {
    const items = [
      {
        label: vscode.l10n.t('default'),
        description: o.complexityDefault
          ? vscode.l10n.t("the model's default ({complexity})", { complexity: o.complexityDefault })
          : undefined,
        value: '',
      },
      ...o.complexity.map((c) => ({ label: c, value: c })),
    ];
    const complexity = await pick(
      { title: vscode.l10n.t('Complexity'), items, current: last.complexity ?? '', fromLastUse: last.complexity !== undefined },
      3,
      total,
    );
    if (complexity === undefined) return undefined;
    if (complexity) result.complexity = complexity;
  }

  const counts = [1, 2, 3, 4, 6, 8, 10];
  const n = await pick(
    {
      title: vscode.l10n.t('Number of images'),
      items: counts.map((c) => ({
        label: String(c),
        description: c > o.maxN ? vscode.l10n.t('{count} parallel requests', { count: Math.ceil(c / o.maxN) }) : undefined,
        value: c,
      })),
      current: last.n ?? defaults.n,
      fromLastUse: last.n !== undefined,
    },
    4,
    total,
  );
  if (n === undefined) return undefined;
  result.n = n;

  if (o.backgrounds?.length) {
    const background = await pick(
      {
        title: vscode.l10n.t('Background'),
        items: o.backgrounds.map((b) => ({ label: b, value: b })),
        current: last.background ?? defaults.background,
        fromLastUse: last.background !== undefined,
      },
      5,
      total,
    );
    if (background === undefined) return undefined;
    result.background = background;
  }

  // Transparency needs an alpha channel: JPEG is not offered with a transparent background.
  const formats = o.outputFormats.filter((f) => result.background !== 'transparent' || f !== 'jpeg');
  if (formats.length > 1) {
    const format = await pick(
      {
        title: vscode.l10n.t('Format'),
        items: formats.map((f) => ({ label: f, value: f })),
        current: last.outputFormat ?? defaults.outputFormat,
        fromLastUse: last.outputFormat !== undefined,
      },
      6,
      total,
    );
    if (format === undefined) return undefined;
    result.outputFormat = format;
  }
  return result;
}
