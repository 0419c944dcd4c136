// The Size step of Generate Image's options: the model's presets, and for models that take free
// sizes (gpt-image-2: any WxH within its rule) whatever size is typed, checked as it is typed. A
// typed "500x500" no longer filters the list to "0 Results": it becomes an item that is either
// accepted or says why not (and what the nearest accepted size would be).
import * as vscode from 'vscode';
import { checkSize, parseSize } from '../../core/models/capabilities';
import type { FreeSizeRule, ModelCapabilities } from '../../core/models/capabilityTypes';

interface SizeItem extends vscode.QuickPickItem {
  value?: string;
}

/** The nearest size the free rule accepts: sides rounded to the multiple, scaled into the pixel bounds. */
export function nearestFreeSize(rule: FreeSizeRule, width: number, height: number): string {
  const m = rule.multipleOf;
  const aspect = Math.min(rule.maxAspect, Math.max(rule.minAspect, width / Math.max(1, height)));
  let pixels = Math.min(rule.maxPixels, Math.max(rule.minPixels, width * height));
  for (let tries = 0; tries < 64; tries++) {
    const h = Math.max(m, Math.round(Math.sqrt(pixels / aspect) / m) * m);
    const w = Math.max(m, Math.round((h * aspect) / m) * m);
    const size = `${Math.min(w, rule.maxEdge - (rule.maxEdge % m))}x${Math.min(h, rule.maxEdge - (rule.maxEdge % m))}`;
    const wh = parseSize(size)!;
    const p = wh.width * wh.height;
    if (p >= rule.minPixels && p <= rule.maxPixels) return size;
    pixels = p < rule.minPixels ? pixels * 1.02 : pixels * 0.98;
  }
  return rule.presets.find((s) => s !== 'auto') ?? '1024x1024';
}

/**
 * Asks for a size: presets, plus a typed WIDTHxHEIGHT when the model takes free sizes. `label`
 * words the preselected value ("last used" or "default"). Undefined when dismissed.
 */
export async function pickSize(
  caps: ModelCapabilities,
  presets: string[],
  current: { value?: string; label: string },
  title: string,
): Promise<string | undefined> {
  const free = caps.sizes.kind === 'free' ? caps.sizes : undefined;
  const presetItems: SizeItem[] = presets.map((s) => ({
    label: s,
    value: s,
    description: [s === 'auto' ? vscode.l10n.t('the model chooses') : undefined, s === current.value ? current.label : undefined]
      .filter(Boolean)
      .join(' · '),
  }));
  // A remembered custom size is offered again, first.
  if (current.value && !presets.includes(current.value))
    presetItems.unshift({ label: current.value, value: current.value, description: current.label });
  presetItems.sort((a, b) => Number(b.value === current.value) - Number(a.value === current.value));
  const pick = vscode.window.createQuickPick<SizeItem>();
  pick.title = title;
  pick.placeholder = free
    ? vscode.l10n.t('Choose a size, or type one as WIDTHxHEIGHT (both multiples of {multiple})', { multiple: free.multipleOf })
    : vscode.l10n.t('Choose a size');
  pick.ignoreFocusOut = true;
  pick.items = presetItems;
  if (free)
    pick.onDidChangeValue((typed) => {
      const wh = parseSize(typed.trim().toLowerCase());
      if (!wh) return void (pick.items = presetItems);
      const size = `${wh.width}x${wh.height}`;
      const refused = checkSize(caps, size, 'generations');
      const nearest = nearestFreeSize(free, wh.width, wh.height);
      const typedItem: SizeItem = refused
        ? {
            label: vscode.l10n.t('{size} is not accepted by {model}', { size, model: caps.id }),
            detail: vscode.l10n.t('It takes {rule}. Nearest: {nearest}.', { rule: refused, nearest }),
            alwaysShow: true,
          }
        : { label: size, value: size, description: vscode.l10n.t('custom size'), alwaysShow: true };
      const suggestion: SizeItem[] =
        refused && nearest !== size
          ? [{ label: nearest, value: nearest, description: vscode.l10n.t('nearest accepted size'), alwaysShow: true }]
          : [];
      pick.items = [typedItem, ...suggestion, ...presetItems.filter((i) => i.value !== size && i.value !== nearest)];
    });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const value = pick.selectedItems[0]?.value ?? pick.activeItems[0]?.value;
      if (value === undefined) return; // the "not accepted" line: nothing to choose there
      resolve(value);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
