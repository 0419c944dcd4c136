// An asset's inputs read from the manifest's folder, and the request they make: the one place an
// interactive build, a batch submission and a batch collect load them.
import { buildAssetRequest } from '../jobRequests';
import type { SaveFileSystem } from '../save/fileSystem';
import type { EditRequest, GenerateRequest, InputImage } from '../types';
import type { AssetStatus } from './status';

/** Reads an asset's inputs (images first, then the mask or the markup) from the manifest's folder. */
export async function loadAssetInputs(
  fs: SaveFileSystem,
  dir: string,
  status: AssetStatus,
): Promise<{ images: InputImage[]; mask?: InputImage; markup?: InputImage }> {
  const asset = status.resolved!;
  const load = async (path: string): Promise<InputImage> => ({
    bytes: await fs.readFile(fs.join(dir, path)),
    filename: path.split('/').pop()!,
  });
  const images = await Promise.all(asset.inputs.map(load));
  return {
    images,
    ...(asset.mask ? { mask: await load(asset.mask) } : {}),
    ...(asset.markup ? { markup: await load(asset.markup) } : {}),
  };
}

/** The request an asset stands for, with its inputs read. */
export async function assetRequestOf(fs: SaveFileSystem, dir: string, status: AssetStatus): Promise<GenerateRequest | EditRequest> {
  const { images, mask, markup } = await loadAssetInputs(fs, dir, status);
  return buildAssetRequest(status.resolved!, images, mask, markup);
}
