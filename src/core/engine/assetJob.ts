// An asset's request as an engine job: an edit when it has inputs (its mask laid back over the
// first input), a generation otherwise. An interactive build and a batch collect make the same job.
import type { AssetStatus } from '../assets/status';
import type { EditRequest, GenerateRequest } from '../types';
import type { EngineJob } from './engineTypes';

/** The job of an asset whose inputs are loaded into `request`. */
export function assetJob(
  status: AssetStatus,
  request: GenerateRequest | EditRequest,
  extra: Pick<EngineJob, 'transparencyFallback' | 'sidecarExtra'> = {},
): EngineJob {
  const asset = status.resolved!;
  if (!('images' in request)) return { send: { route: 'generations', request }, ...extra };
  const [first] = request.images;
  return {
    send: { route: 'edits', request },
    ...(request.mask && first && asset.inputs[0]
      ? { protect: { original: { bytes: first.bytes, name: asset.inputs[0] }, mask: request.mask.bytes } }
      : {}),
    ...extra,
  };
}
