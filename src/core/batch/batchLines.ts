// An asset as one line of a batch input file. The custom_id is the asset's path and its spec
// hash, so a result always finds its asset and is never saved over a spec that changed since.
// A JSONL line cannot carry multipart, so edits go as JSON bodies with their inputs as data URLs.
import type { AssetStatus } from '../assets/status';
import { contentTypeOf, generateBody } from '../client/requestBodies';
import type { EditRequest, GenerateRequest, InputImage } from '../types';
import type { BatchEndpoint } from './batchApi';

/** Between path and hash; the hash is what follows the last one, so a path may hold it too. */
const SEPARATOR = '#';

/** custom_id of an asset: `<path>#<spec hash>`. */
export function customIdOf(path: string, specHash: string): string {
  return `${path}${SEPARATOR}${specHash}`;
}

/** The path and spec hash in a custom_id, or undefined when it is not one of ours. */
export function parseCustomId(customId: unknown): { path: string; specHash: string } | undefined {
  if (typeof customId !== 'string') return undefined;
  const at = customId.lastIndexOf(SEPARATOR);
  const specHash = customId.slice(at + 1);
  return at > 0 && /^[0-9a-f]{64}$/.test(specHash) ? { path: customId.slice(0, at), specHash } : undefined;
}

/** The batch endpoint an asset's request goes to. */
export function endpointOf(status: AssetStatus): BatchEndpoint {
  return status.resolved?.kind === 'edit' ? '/v1/images/edits' : '/v1/images/generations';
}

/** One input file line (JSON text, no newline) for an asset whose spec hash is known. */
export function batchLine(status: AssetStatus, request: GenerateRequest | EditRequest, wireModel = request.model): string {
  const endpoint = endpointOf(status);
  // The generations body is the interactive one; an edit adds its images by reference.
  const body = JSON.parse(generateBody(request, wireModel).body as string) as Record<string, unknown>;
  if ('images' in request) {
    body.images = request.images.map((img) => ({ image_url: dataUrl(img) }));
    if (request.mask) body.mask = { image_url: dataUrl(request.mask) };
    if (request.inputFidelity !== undefined) body.input_fidelity = request.inputFidelity;
  }
  return JSON.stringify({ custom_id: customIdOf(status.path, status.specHash!), method: 'POST', url: endpoint, body });
}

function dataUrl(img: InputImage): string {
  return `data:${contentTypeOf(img)};base64,${base64(img.bytes)}`;
}

function base64(bytes: Uint8Array): string {
  const NodeBuffer = (globalThis as { Buffer?: { from(b: Uint8Array): { toString(enc: 'base64'): string } } }).Buffer;
  if (NodeBuffer) return NodeBuffer.from(bytes).toString('base64');
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
