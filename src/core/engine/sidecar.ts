// The record stage: what every sidecar says of an image (the request, the answer, the provider's
// kind and host, the day from the adapter's calendar), plus what the processing steps did and what
// the placement adds (an asset's lock, a candidate's spec). Written once here for every way in.
import type { JobRoute } from '../jobOptions';
import { buildProvenance } from '../provenance';
import type { EditRequest, GenerateRequest, GeneratedImage, ImagesResult, ProviderConfig, VariationRequest } from '../types';

/** Everything a sidecar is made from. */
export interface SidecarSource {
  /** What was sent (the key-colour request when the fallback ran). */
  request: GenerateRequest | EditRequest | VariationRequest;
  /** The answer of the request that made the image. */
  result: ImagesResult;
  image: GeneratedImage;
  provider: ProviderConfig;
  route: JobRoute;
  createdAt: Date;
}

/** The sidecar of one image: provenance, then the steps' record, then the caller's fields. */
export async function sidecarContent(
  source: SidecarSource,
  ...extras: Array<Record<string, unknown> | undefined>
): Promise<Record<string, unknown>> {
  const { route } = source;
  const provenance = await buildProvenance({
    request: source.request,
    result: source.result,
    image: source.image,
    provider: source.provider,
    createdAt: source.createdAt,
    // A variation says which endpoint made it; other routes are their endpoint.
    ...(route === 'variations' ? { route: 'variations' as const } : route === 'edits-as-variation' ? { route: 'edits' as const } : {}),
  });
  return Object.assign({ ...provenance }, ...extras.filter(Boolean));
}
