// "Use these settings": a result's request (from its sidecar) back into the form's selection. Sizes
// that are not presets become a typed custom size where the model takes free sizes.
import type { ModelChoice, ReuseSettings } from '../../shared/protocol';
import type { StudioSelection } from '../../shared/studioOptions';

/** The selection with the reused settings laid over it (the caller normalises it for the model). */
export function selectionFromReuse(sel: StudioSelection, choice: ModelChoice | undefined, s: ReuseSettings): StudioSelection {
  const out: StudioSelection = { ...sel, model: s.model };
  if (s.size) {
    const preset = !choice || choice.sizes.includes(s.size);
    if (preset) Object.assign(out, { size: s.size, useCustomSize: false });
    else if (choice.freeSize) Object.assign(out, { useCustomSize: true, customSize: s.size });
  }
  if (s.quality) out.quality = s.quality;
  if (s.style) out.style = s.style;
  if (s.background) out.background = s.background;
  if (s.outputFormat) out.outputFormat = s.outputFormat;
  if (s.outputCompression !== undefined) out.outputCompression = s.outputCompression;
  if (s.moderation) out.moderation = s.moderation;
  if (s.inputFidelity) out.inputFidelity = s.inputFidelity;
  if (s.n) out.n = s.n;
  return out;
}
