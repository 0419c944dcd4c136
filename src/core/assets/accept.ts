// "Accept as Up to Date": the file as it is becomes up to date for the current spec, with no
// request (a reworded prompt need not cost a re-roll). Only the sidecars change: each output's
// lock records the current spec hash and the file's own hash. A file changed by hand is refused
// unless forced, as a build refuses to replace one.
import { t } from '../l10n';
import { sha256Hex } from '../provenance';
import { FileNotFoundError } from '../save/fileSystem';
import { replaceFileContent, sidecarBytes, sidecarPath } from '../save/writeFiles';
import type { AssetRecord, AssetStatus, StatusContext } from './status';

/** What accepting one asset did: the outputs whose sidecars now say up to date, or why not. */
export interface AcceptOutcome {
  path: string;
  accepted: boolean;
  /** Already up to date: nothing was written. */
  unchanged?: boolean;
  /** Why it was refused. */
  reason?: string;
  outputs: string[];
}

/** Accepts one asset's files for its current spec; `now` dates the record. */
export async function acceptAsset(ctx: StatusContext & { now: Date }, status: AssetStatus, force = false): Promise<AcceptOutcome> {
  const refuse = (reason: string): AcceptOutcome => ({ path: status.path, accepted: false, reason, outputs: [] });
  const asset = status.resolved;
  if (status.state === 'invalid' || !asset || !status.specHash) return refuse(t('It cannot be built: {reason}', { reason: status.reason }));
  if (status.state === 'missing') return refuse(t('There is no file to accept: build it first.'));
  if (status.state === 'changed-by-hand' && !force)
    return refuse(t('The file was changed by hand: accept it with --force to make it the asset as it is.'));
  if (status.state === 'up-to-date') return { path: status.path, accepted: true, unchanged: true, outputs: [] };
  const outputs = [asset.path, ...asset.sizes.map((s) => s.path)];
  const files: Array<{ output: string; file: string; sha256: string; sidecar: Record<string, unknown> }> = [];
  for (const output of outputs) {
    const file = ctx.fs.join(ctx.dir, output);
    let bytes: Uint8Array;
    try {
      bytes = await ctx.fs.readFile(file);
    } catch (e) {
      if (e instanceof FileNotFoundError) return refuse(t('{output} (one of its outputs) does not exist: build the asset.', { output }));
      throw e;
    }
    files.push({ output, file, sha256: await sha256Hex(bytes), sidecar: await readSidecar(ctx, file) });
  }
  for (const f of files) {
    const previous = f.sidecar.asset as Partial<AssetRecord> | undefined;
    // A hand-changed file no longer comes from the raw image: a change to the steps then asks the API again.
    const keepsRaw = status.state === 'stale' && previous?.sha256 === f.sha256 && previous.raw;
    const record: AssetRecord = {
      path: status.path,
      specHash: status.specHash,
      sha256: f.sha256,
      ...(f.output !== asset.path ? { output: f.output } : {}),
      ...(status.parts ? { generationHash: status.parts.generation, processingHash: status.parts.processing } : {}),
      ...(keepsRaw ? { raw: previous.raw } : {}),
    };
    const accepted = {
      at: ctx.now.toISOString(),
      ...(previous?.specHash ? { previousSpecHash: previous.specHash } : {}),
      ...(status.state === 'changed-by-hand' ? { changedByHand: true } : {}),
    };
    await replaceFileContent(ctx.fs, sidecarPath(f.file), sidecarBytes({ ...f.sidecar, asset: record, accepted }));
  }
  return { path: status.path, accepted: true, outputs };
}

async function readSidecar(ctx: StatusContext, file: string): Promise<Record<string, unknown>> {
  try {
    const value = JSON.parse(new TextDecoder().decode(await ctx.fs.readFile(sidecarPath(file)))) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
