// `image-studio assets accept PATH…`: the files as they are become up to date for the current
// spec, with no request (a reworded prompt need not cost a re-roll). A file changed by hand is
// refused without --force.
import { acceptAsset, type AcceptOutcome } from '../core/assets/accept';
import type { ParsedManifest } from '../core/assets/manifestTypes';
import type { AssetStatus, StatusContext } from '../core/assets/status';
import { UsageError } from './usage';

type Say = (text: string) => void;

/** Accepts the named assets; returns the exit code (1 when one was refused). */
export async function runAccept(
  paths: string[],
  opts: { parsed: ParsedManifest; statuses: AssetStatus[]; ctx: StatusContext; now: Date; force: boolean; json: boolean },
  say: Say,
  fail: Say,
): Promise<number> {
  if (!paths.length) throw new UsageError('usage: image-studio assets accept PATH… [--force]');
  const unknown = paths.filter((p) => !(p in opts.parsed.manifest.assets));
  if (unknown.length) throw new UsageError(`not an asset of the manifest: ${unknown.join(', ')}`);
  const outcomes: AcceptOutcome[] = [];
  for (const path of paths) {
    const status = opts.statuses.find((s) => s.path === path);
    if (!status) throw new UsageError(`not an asset of the manifest: ${path}`);
    outcomes.push(await acceptAsset({ ...opts.ctx, now: opts.now }, status, opts.force));
  }
  const refused = outcomes.filter((o) => !o.accepted);
  if (opts.json) say(`${JSON.stringify({ ok: !refused.length, accepted: outcomes.filter((o) => o.accepted), refused })}\n`);
  else {
    for (const o of outcomes)
      if (o.accepted) say(o.unchanged ? `up to date already  ${o.path}\n` : `accepted  ${o.path}  (now up to date for its current spec)\n`);
    for (const o of refused) fail(`refused ${o.path}: ${o.reason}`);
  }
  return refused.length ? 1 : 0;
}
