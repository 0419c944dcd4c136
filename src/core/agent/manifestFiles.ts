// Which image-studio.json an agent's call works on, and paths between the root and a manifest's
// folder: the agent speaks in paths relative to the root, a manifest in paths relative to itself.
import { MANIFEST_FILE_NAME } from '../assets/manifestTypes';
import { t } from '../l10n';
import { AgentToolError } from './agentErrors';
import type { AgentContext } from './agentContext';
import { resolveInRoot, type RootPath } from './agentRoot';

/** A manifest's file and folder, both as the file system names them and relative to the root. */
export interface ManifestAt {
  file: RootPath;
  /** The manifest's folder relative to the root ('' is the root). */
  folder: string;
  /** The folder as the file system names it. */
  dir: string;
  exists: boolean;
}

/** The manifest named by `manifest` (a file, or a folder holding image-studio.json), else the nearest above `near`, else the root's. */
export async function findManifest(ctx: AgentContext, manifest: string | undefined, near: string | undefined): Promise<ManifestAt> {
  if (manifest !== undefined) {
    const asked = await resolveInRoot(ctx.root, manifest, 'write');
    const isFile = /\.jsonc?$/i.test(asked.relative);
    return manifestAt(ctx, isFile ? asked.relative : joinRelative(asked.relative, MANIFEST_FILE_NAME));
  }
  if (near !== undefined) {
    const start = (await resolveInRoot(ctx.root, near, 'read')).relative.split('/').slice(0, -1);
    for (let depth = start.length; depth >= 0; depth--) {
      const found = await manifestAt(ctx, joinRelative(start.slice(0, depth).join('/'), MANIFEST_FILE_NAME));
      if (found.exists) return found;
    }
  }
  return manifestAt(ctx, MANIFEST_FILE_NAME);
}

async function manifestAt(ctx: AgentContext, relative: string): Promise<ManifestAt> {
  const file = await resolveInRoot(ctx.root, relative, 'write');
  const folder = file.relative.split('/').slice(0, -1).join('/');
  return {
    file,
    folder,
    dir: folder ? ctx.root.fs.join(ctx.root.dir, folder) : ctx.root.dir,
    exists: await ctx.root.fs.exists(file.path),
  };
}

/** A root-relative path as the manifest names it (relative to its folder); refuses one outside that folder. */
export function toManifestPath(manifest: ManifestAt, rootRelative: string): string {
  if (!manifest.folder) return rootRelative;
  if (rootRelative.startsWith(`${manifest.folder}/`)) return rootRelative.slice(manifest.folder.length + 1);
  throw new AgentToolError(
    t('{path} is outside the folder of {manifest}: a manifest only names files in its own folder.', {
      path: rootRelative,
      manifest: manifest.file.relative,
    }),
  );
}

/** A manifest's path relative to the root. */
export function fromManifestPath(manifest: ManifestAt, manifestRelative: string): string {
  return joinRelative(manifest.folder, manifestRelative);
}

function joinRelative(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

/** The answer when there is no manifest to read. */
export function noManifest(manifest: ManifestAt): AgentToolError {
  return new AgentToolError(
    t('There is no manifest at {manifest}: declare an asset first (action "add"), or name the manifest with "manifest".', {
      manifest: manifest.file.relative,
    }),
  );
}
