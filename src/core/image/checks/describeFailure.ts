// A gate's failure in words, the same in the CLI, the Image Assets view and the manifest editor.
import { t } from '../../l10n';
import type { GateFailure } from './checkTypes';

/** One sentence for a failed gate: what was found against the limit. */
export function describeGateFailure(f: GateFailure): string {
  const args = { actual: f.actual, limit: f.limit };
  switch (f.code) {
    case 'size_mismatch':
      return t('size_mismatch: the image is {actual}, the checks ask for {limit}.', args);
    case 'alpha_missing':
      return t('alpha_missing: no pixel is transparent, the checks ask for transparency.');
    case 'alpha_present':
      return t('alpha_present: {actual} pixels are not opaque, the checks ask for a fully opaque image.', args);
    case 'file_too_large':
      return t('file_too_large: the file is {actual} KB, the limit is {limit} KB.', args);
    case 'too_many_colors':
      return t('too_many_colors: {actual} colours, the limit is {limit}.', args);
    case 'seam_visible':
      return t('seam_visible: the tile seam scores {actual}, the limit is {limit}.', args);
    case 'halo':
      return t('halo: {actual} % of the edge pixels have a light or key-coloured fringe, the limit is {limit} %.', args);
  }
}
