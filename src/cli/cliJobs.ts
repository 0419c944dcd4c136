// From a command line to an engine job: the request through the one request builder, the edit's
// protected pixels, the variation's route, the transparency fallback the flag allows. Pure (the
// inputs are read by the caller), so the parity test runs it beside the extension's adapter.
import type { EngineJob } from '../core/engine/engineTypes';
import { buildEditRequest, buildGenerateRequest } from '../core/jobRequests';
import { planVariation } from '../core/models/variationPlan';
import { variationAsEdit } from '../core/models/variationAsEdit';
import type { ModelCatalogue } from '../core/models/modelCatalogue';
import type { InputImage } from '../core/types';
import { str, type CliArgs } from './args';
import { checkMask, cliImageOptions, DEFAULT_VARIATION_MODEL, variationRequest } from './requests';
import { UsageError } from './usage';

/** The input images, mask and markup notes a command read (stdin included). */
export interface CliInputs {
  images: InputImage[];
  mask?: InputImage;
  markup?: InputImage;
}

/** The engine job of a command; `note` hears why a variation goes through /edits. */
export function cliJob(
  models: ModelCatalogue,
  command: 'generate' | 'edit' | 'variation',
  args: CliArgs,
  inputs: CliInputs,
  today: string,
  note: (text: string) => void = () => undefined,
): EngineJob {
  // Without the flag the engine asks the CLI's adapter, which answers with how to give it.
  const fallback = args.values['transparency-fallback'] ? true : 'ask';
  if (command === 'generate') {
    const request = buildGenerateRequest({ ...cliImageOptions(args), style: str(args.values.style) });
    return { send: { route: 'generations', request }, transparencyFallback: fallback };
  }
  const [first] = inputs.images;
  if (!first) throw new UsageError(`${command} needs an --image`);
  if (command === 'edit') {
    const { mask } = inputs;
    if (mask) checkMask(mask, first);
    const request = buildEditRequest(
      { ...cliImageOptions(args), inputFidelity: str(args.values['input-fidelity']) },
      inputs.images,
      mask,
      inputs.markup,
    );
    return {
      send: { route: 'edits', request },
      transparencyFallback: fallback,
      ...(mask && !args.values['no-protect']
        ? { protect: { original: { bytes: first.bytes, name: first.filename }, mask: mask.bytes } }
        : {}),
    };
  }
  const plan = planVariation(models, str(args.values.model) ?? DEFAULT_VARIATION_MODEL, args.provider.kind, {
    today,
    ...(args.provider.kind === 'compatible' && args.provider.endpoints ? { endpoints: args.provider.endpoints } : {}),
    ...(str(args.values.prompt) ? { prompt: str(args.values.prompt)! } : {}),
  });
  if (plan.route === 'unavailable') throw new UsageError(plan.reason);
  if (plan.route === 'edits') note(plan.reason);
  const v = variationRequest(args, first, plan.model);
  if (plan.route === 'variations') return { send: { route: 'variations', request: v } };
  const edit = variationAsEdit(models, plan.model, plan.prompt, first, { ...(v.n ? { n: v.n } : {}), ...(v.size ? { size: v.size } : {}) });
  return { send: { route: 'edits-as-variation', request: edit } };
}
