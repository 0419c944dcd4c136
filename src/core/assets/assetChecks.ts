// The gates of every asset that declares `checks`, run on the files as they are on disk: no key,
// no request (CI's `assets check`, the Image Assets view). The halo gate also looks for the colour
// the asset's chain keyed out, read back from its sidecar (an "auto" key is known only once it ran).
import type { GateFailure, UncheckedGate } from '../image/checks/checkTypes';
import type { PixelRunner } from '../image/pixelJobs';
import type { StepRecord } from '../image/process/processTypes';
import { withKeyColours } from '../engine/processImages';
import { FileNotFoundError } from '../save/fileSystem';
import { sidecarPath } from '../save/writeFiles';
import type { AssetStatus, StatusContext } from './status';

/** A failed gate of one asset's file, as `assets check --json` lists it. */
export interface AssetGateFailure extends GateFailure {
  path: string;
}

/** Gates of one asset that could not run on its file (not a PNG this decoder reads). */
export interface AssetUncheckedGate extends UncheckedGate {
  path: string;
}

/** Runs each asset's gates on its file; assets without `checks` or without a file are passed over. */
export async function checkAssetFiles(
  statuses: readonly AssetStatus[],
  ctx: StatusContext,
  pixels: PixelRunner,
): Promise<{ failures: AssetGateFailure[]; unchecked: AssetUncheckedGate[] }> {
  const failures: AssetGateFailure[] = [];
  const unchecked: AssetUncheckedGate[] = [];
  for (const s of statuses) {
    const checks = s.resolved?.checks;
    if (!checks || s.state === 'invalid' || s.state === 'missing') continue;
    const file = ctx.fs.join(ctx.dir, s.path);
    let bytes: Uint8Array;
    try {
      bytes = await ctx.fs.readFile(file);
    } catch (e) {
      if (e instanceof FileNotFoundError) continue;
      throw e;
    }
    const outcome = await pixels({ kind: 'check', bytes, checks: withKeyColours(checks, await recordedSteps(ctx, file)) });
    if (outcome.kind !== 'check') continue;
    failures.push(...outcome.report.failures.map((f) => ({ path: s.path, ...f })));
    unchecked.push(...outcome.report.unchecked.map((u) => ({ path: s.path, ...u })));
  }
  return { failures, unchecked };
}

/** The step records a sidecar keeps (`process`), or none. */
async function recordedSteps(ctx: StatusContext, file: string): Promise<StepRecord[]> {
  try {
    const sidecar = JSON.parse(new TextDecoder().decode(await ctx.fs.readFile(sidecarPath(file)))) as { process?: unknown };
    return Array.isArray(sidecar.process) ? (sidecar.process as StepRecord[]) : [];
  } catch {
    return [];
  }
}
