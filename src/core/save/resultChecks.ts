// Checks and reworks of a result between the API and the file, used by the engine's processing
// stage (src/core/engine/processImages.ts): the pixels outside an edit's mask are laid back from
// the input, and a result asked for with a transparent background is checked to really have
// transparent pixels. The pixel work runs through the runner the adapter gives: the extension
// host runs it in a worker thread (a 3840x2160 decode would stall it), the CLI in-thread.
import { inspectImage } from '../image/imageHeader';
import { t } from '../l10n';
import type { PixelRunner } from '../image/pixelJobs';
import type { GeneratedImage } from '../types';

/** What the sidecar records of the transparency check. */
export const TRANSPARENCY_PASSED = 'passed';
export const TRANSPARENCY_FAILED = 'failed: no transparent pixel';

/** Whether a request asked for a transparent background. */
export function wantsTransparency(request: object): boolean {
  return 'background' in request && request.background === 'transparent';
}

/**
 * Why an image asked for with a transparent background is not transparent, or undefined when it
 * is (or cannot be read here: a PNG that needs a canvas is given the benefit of the doubt).
 * `label` names the image in the sentence ("Image 2", "assets/coin.png").
 */
export async function transparencyProblem(image: GeneratedImage, label: string, run: PixelRunner): Promise<string | undefined> {
  const problem = t(
    '{label} was asked for with a transparent background but has no transparent pixel (it may show a painted checkerboard instead).',
    { label },
  );
  try {
    if (image.format === 'png') {
      const outcome = await run({ kind: 'alpha', png: image.bytes });
      if (outcome.kind === 'alpha' && outcome.failed) return undefined;
      if (outcome.kind === 'alpha' && outcome.count) return outcome.count.transparent === 0 ? problem : undefined;
    }
    return inspectImage(image.bytes).hasAlpha ? undefined : problem;
  } catch {
    return undefined;
  }
}

/** The edit's input and mask the results are laid onto. */
export interface ProtectionSource {
  /** The first input image's bytes and name (only a PNG can be composited). */
  original: { bytes: Uint8Array; name: string };
  mask: Uint8Array;
}

/** The reworked images, the model's raw result of each one reworked, and a note when some were not. */
export interface ProtectedImages {
  images: GeneratedImage[];
  /** By image index: the result as the model made it (kept beside the file, `<name>.raw.png`). */
  raws: Map<number, GeneratedImage>;
  note?: string;
}

/**
 * GPT image models treat the mask as guidance and may repaint anything: this lays each result
 * back onto the original through the mask, so every pixel the mask keeps is byte-identical to
 * the input. PNG in and PNG out only; other formats are kept as the model made them, with a note.
 */
export async function protectUnmaskedPixels(
  source: ProtectionSource,
  images: GeneratedImage[],
  run: PixelRunner,
): Promise<ProtectedImages> {
  const isPng = (b: Uint8Array): boolean => {
    try {
      return inspectImage(b).format === 'png';
    } catch {
      return false;
    }
  };
  const outcome = await run({
    kind: 'protect',
    original: isPng(source.original.bytes) ? source.original.bytes : new Uint8Array(),
    mask: source.mask,
    results: images.map((image) => (image.format === 'png' ? image.bytes : undefined)),
  });
  if (outcome.kind !== 'protect' || !outcome.readable) {
    return {
      images,
      raws: new Map(),
      note: t(
        "Pixels outside the mask were not protected: {name} is not a PNG this step can read, so the model's result is kept as it is.",
        { name: source.original.name },
      ),
    };
  }
  const raws = new Map<number, GeneratedImage>();
  let skipped = 0;
  const out = images.map((image, i) => {
    const composite = outcome.composites[i];
    if (!composite) {
      skipped++;
      return image;
    }
    raws.set(image.index, image);
    return { ...image, bytes: composite };
  });
  return {
    images: out,
    raws,
    ...(skipped
      ? { note: t('Pixels outside the mask were not protected in {skipped} image(s) returned as JPEG or WebP.', { skipped }) }
      : {}),
  };
}
