// The provenance sidecar (`<image>.json`): what was asked, of whom and what came back. It never
// holds the key or the base URL (which may carry credentials): only the provider kind and host.
import type { EditRequest, GenerateRequest, GeneratedImage, ImagesResult, InputImage, ProviderConfig, VariationRequest } from './types';
import { describeProvider } from './client/providers';
import { stripUndefined } from './stripUndefined';

/** Schema version of the sidecar, bumped on incompatible changes. */
export const PROVENANCE_VERSION = 1;

/** An input file recorded by name and content hash. */
export interface ProvenanceInput {
  role: 'image' | 'mask' | 'markup';
  filename: string;
  bytes: number;
  sha256: string;
}

/** The sidecar object. */
export interface Provenance {
  provenanceVersion: number;
  tool: 'image-studio';
  createdAt: string;
  endpoint: ImagesResult['endpoint'];
  /** How a variation was made (variations endpoint or edits with an instruction). */
  route?: 'variations' | 'edits';
  model: string;
  prompt?: string;
  revisedPrompt?: string;
  parameters: Record<string, unknown>;
  provider: ReturnType<typeof describeProvider>;
  requestIds: string[];
  usage?: ImagesResult['usage'];
  imageIndex: number;
  format: GeneratedImage['format'];
  echoed: { size?: string; quality?: string; background?: string; outputFormat?: string };
  inputs: ProvenanceInput[];
  /** The job's `n` was split: `parameters.n` is this image's request's, `fanOut` the whole job's. */
  fanOut?: { n: number; requests: number };
}

/** Everything needed to describe one saved image. */
export interface ProvenanceSource {
  request: GenerateRequest | EditRequest | VariationRequest;
  result: ImagesResult;
  image: GeneratedImage;
  provider: ProviderConfig;
  route?: 'variations' | 'edits';
  /** When it was saved, on the caller's calendar (core never reads the clock). */
  createdAt: Date;
}

/** SHA-256 of bytes as lowercase hex (WebCrypto: works in Node and browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Builds the provenance sidecar object for one image. */
export async function buildProvenance(src: ProvenanceSource): Promise<Provenance> {
  const { request, result, image } = src;
  const {
    images: _i,
    image: _im,
    mask: _m,
    markup: _mu,
    prompt,
    model: _model,
    ...rest
  } = request as Partial<EditRequest & VariationRequest>;
  const parameters: Record<string, unknown> = stripUndefined(rest);
  const share = result.fanOut;
  if (share) parameters.n = share.requestN;
  const inputs: ProvenanceInput[] = [];
  const add = async (role: ProvenanceInput['role'], img: InputImage): Promise<void> => {
    inputs.push({ role, filename: baseName(img.filename), bytes: img.bytes.length, sha256: await sha256Hex(img.bytes) });
  };
  if ('images' in request) for (const img of request.images) await add('image', img);
  if ('image' in request) await add('image', request.image);
  if ('mask' in request && request.mask) await add('mask', request.mask);
  if ('markup' in request && request.markup) await add('markup', request.markup);
  return {
    provenanceVersion: PROVENANCE_VERSION,
    tool: 'image-studio',
    createdAt: src.createdAt.toISOString(),
    endpoint: result.endpoint,
    ...(src.route ? { route: src.route } : {}),
    model: result.model,
    ...(prompt !== undefined ? { prompt } : {}),
    ...(image.revisedPrompt ? { revisedPrompt: image.revisedPrompt } : {}),
    parameters,
    provider: describeProvider(src.provider),
    // The image's own request when known; a batch's other requests did not make this image.
    requestIds: image.requestId ? [image.requestId] : result.requestIds,
    ...(result.usage ? { usage: result.usage } : {}),
    imageIndex: image.index,
    format: image.format,
    echoed: stripUndefined({
      size: result.size,
      quality: result.quality,
      background: result.background,
      outputFormat: result.outputFormat,
    }),
    inputs,
    ...(share ? { fanOut: { n: share.jobN, requests: share.requests } } : {}),
  };
}

// Only the last path segment: a full local path would leak the user's directory layout.
function baseName(name: string): string {
  return name.split(/[\\/]/).pop() || name;
}
