// Palette files in the `.hex` form palette sites (Lospec and others) export: one colour a line as
// six hex digits, with or without "#". Blank lines and lines starting with ";" or "//" are skipped.
import { t } from '../../l10n';
import { ProcessError, type ProcessStep, type Rgb, type RunnableStep } from './processTypes';

/** The most colours a palette file may list (a PNG palette holds 256). */
export const MAX_PALETTE_COLOURS = 256;

/** Parses a `.hex` palette; throws ProcessError('palette_invalid') naming the file and line at fault. */
export function parseHexPalette(text: string, path: string): Rgb[] {
  const colours: Rgb[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('//')) continue;
    const m = /^#?([0-9a-f]{6})$/i.exec(line);
    if (!m?.[1])
      throw new ProcessError(
        'palette_invalid',
        t('{path} line {line}: "{text}" is not a colour (six hex digits, RRGGBB).', { path, line: i + 1, text: line.slice(0, 40) }),
      );
    const n = parseInt(m[1], 16);
    colours.push([(n >> 16) & 255, (n >> 8) & 255, n & 255]);
  }
  if (!colours.length) throw new ProcessError('palette_invalid', t('{path} lists no colours.', { path }));
  if (colours.length > MAX_PALETTE_COLOURS)
    throw new ProcessError(
      'palette_invalid',
      t('{path} lists {count} colours; a palette holds at most {max}.', { path, count: colours.length, max: MAX_PALETTE_COLOURS }),
    );
  return colours;
}

/**
 * Reads the palette file of every palette step (`read` gives a file's text, or undefined when it
 * is missing) and returns steps ready to run. Throws ProcessError for a missing or invalid file.
 */
export async function loadPalettes(
  steps: readonly ProcessStep[],
  read: (path: string) => Promise<string | undefined>,
): Promise<RunnableStep[]> {
  const out: RunnableStep[] = [];
  for (const step of steps) {
    if (step.op !== 'quantize' || !('palette' in step)) {
      out.push(step);
      continue;
    }
    const text = await read(step.palette);
    if (text === undefined) throw new ProcessError('palette_missing', t('The palette file {path} was not found.', { path: step.palette }));
    out.push({ ...step, paletteColors: parseHexPalette(text, step.palette) });
  }
  return out;
}
