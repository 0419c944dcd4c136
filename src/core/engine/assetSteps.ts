// An asset's processing chains ready to run: its own path's (the `process` steps, then the
// `resize` shorthand) and each of its `sizes`' (the steps, then that size), with the palette files
// of `quantize` steps read from the manifest's folder, and its gates. An asset without `process`
// keeps the plain resize of before, byte for byte.
import type { ResizeBox } from '../assets/manifestRules';
import { mainSteps, sizeSteps, type ResolvedAsset } from '../assets/resolve';
import type { AcceptanceChecks } from '../image/checks/checkTypes';
import { loadPalettes } from '../image/process/hexPalette';
import type { RunnableStep } from '../image/process/processTypes';
import { FileNotFoundError, type SaveFileSystem } from '../save/fileSystem';
import { ProcessError } from '../image/process/processTypes';
import { t } from '../l10n';

/** The largest palette file read. */
const MAX_PALETTE_FILE_BYTES = 64 * 1024;
import type { Placement } from './placement';

/** The chains of an asset, palettes read. */
export interface AssetSteps {
  main: RunnableStep[];
  sizes: Array<{ path: string; resize: ResizeBox; steps: RunnableStep[] }>;
}

/** Reads the palettes an asset's steps name; throws ProcessError for a missing or invalid one. */
export async function loadAssetSteps(fs: SaveFileSystem, dir: string, asset: ResolvedAsset): Promise<AssetSteps> {
  const read = async (path: string): Promise<string | undefined> => {
    try {
      const bytes = await fs.readFile(fs.join(dir, path));
      // 256 colours of "RRGGBB\r\n" are 2 KB: anything far larger is not a palette file.
      if (bytes.length > MAX_PALETTE_FILE_BYTES)
        throw new ProcessError(
          'palette_invalid',
          t('{path} is {size} KB; a palette file is a few KB at most.', { path, size: Math.round(bytes.length / 1024) }),
        );
      return new TextDecoder().decode(bytes);
    } catch (e) {
      if (e instanceof FileNotFoundError) return undefined;
      throw e;
    }
  };
  const main = await loadPalettes(mainSteps(asset), read);
  const sizes = [];
  for (const size of asset.sizes) sizes.push({ ...size, steps: await loadPalettes(sizeSteps(asset, size.resize), read) });
  return { main, sizes };
}

/** What the processing stage makes of an asset's image: the chains (or the plain resize), and the gates. */
export function assetOutputs(asset: ResolvedAsset, steps: AssetSteps | undefined): NonNullable<Placement['outputs']> {
  const checks: { checks?: AcceptanceChecks } = asset.checks ? { checks: asset.checks } : {};
  if (!asset.process.length || !steps) return { ...(asset.resize ? { resize: asset.resize } : {}), sizes: asset.sizes, ...checks };
  return { ...(steps.main.length ? { steps: steps.main } : {}), sizes: steps.sizes, ...checks };
}
