// The folder an agent works in (the workspace folder, or the MCP server's --root) and how a path an
// agent names is resolved in it. An agent's paths are hostile input: they may climb out with `..`,
// be absolute, or go through a symbolic link to elsewhere on the machine. Everything outside the
// root is refused before anything is read or sent. Links are judged by the one inside-the-folder
// rule (core/save/insideFolder.ts) that asset builds, collects and the history use.
import { t } from '../l10n';
import { HISTORY_FOLDER } from '../assets/manifestRules';
import type { SaveFileSystem } from '../save/fileSystem';
import { isWithin, realLocation } from '../save/insideFolder';
import { AgentToolError } from './agentErrors';

/** The root folder of one door, and what its file system can tell about paths under it. */
export interface AgentRoot {
  fs: SaveFileSystem;
  /** The root folder as the file system names it (a path, or a URI string in the extension). */
  dir: string;
  /** The root as an absolute OS path, so an agent may name a file that way; undefined where paths are not OS paths. */
  absolute?: string;
  /** A path under the root as a person reads it: relative, forward slashes. */
  relative(path: string): string;
  /** A file's size in bytes, undefined when it does not exist: reads are bounded before they start. */
  size?(path: string): Promise<number | undefined>;
}

/** A path resolved inside the root. */
export interface RootPath {
  /** As the file system names it. */
  path: string;
  /** Relative to the root, forward slashes ('' for the root itself). */
  relative: string;
}

/** Reading an input, or writing an output (never into Image Studio's own history folder). */
export type PathUse = 'read' | 'write';

/** Resolves an agent's path inside the root, or refuses it (outside, through a link, malformed). */
export async function resolveInRoot(root: AgentRoot, input: string, use: PathUse): Promise<RootPath> {
  const relative = relativeInRoot(root, input);
  if (use === 'write' && (relative === HISTORY_FOLDER.split('/')[0] || relative.startsWith('.image-studio/')))
    throw new AgentToolError(t('{path} is inside .image-studio/, which Image Studio keeps for itself.', { path: input }));
  const path = relative ? root.fs.join(root.dir, relative) : root.dir;
  const real = await realOutside(root, path);
  if (real)
    throw new AgentToolError(
      t('{path} goes through a link to {real}, outside the workspace folder; nothing outside it is read or written.', {
        path: input,
        real,
      }),
    );
  return { path, relative };
}

/**
 * The real location of `path` (links followed from its deepest existing part) when it lies outside
 * the root's real path; undefined when it stays inside or the file system has no links.
 */
export async function realOutside(root: Pick<AgentRoot, 'fs' | 'dir'>, path: string): Promise<string | undefined> {
  if (!root.fs.realPath) return undefined;
  const real = await realLocation(root.fs, path);
  return isWithin(root.fs, await root.fs.realPath(root.dir), real) ? undefined : real;
}

/** The normalised relative path of `input` under the root (pure); throws when it is not inside. */
export function relativeInRoot(root: Pick<AgentRoot, 'absolute'>, input: string): string {
  const raw = input.trim();
  if (/[\u0000-\u001f\u007f]/.test(raw))
    throw new AgentToolError(t('The path "{path}" contains control characters.', { path: printable(raw) }));
  let text = raw.replace(/\\/g, '/');
  if (/^file:\/\//i.test(text)) text = fileUriPath(text);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw outside(raw);
  if (text.startsWith('~')) throw outside(raw);
  if (isAbsolute(text)) {
    const base = root.absolute?.replace(/\\/g, '/').replace(/\/+$/, '');
    const same = (a: string, b: string) => (/^[a-z]:/i.test(b) ? a.toLowerCase() === b.toLowerCase() : a === b);
    if (!base) throw outside(raw);
    if (same(text, base)) text = '';
    else if (same(text.slice(0, base.length + 1), `${base}/`)) text = text.slice(base.length + 1);
    else throw outside(raw);
  }
  const segments: string[] = [];
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!segments.length) throw outside(raw);
      segments.pop();
    } else segments.push(part);
  }
  return segments.join('/');
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[a-z]:(\/|$)/i.test(path);
}

function fileUriPath(uri: string): string {
  let path: string;
  try {
    path = decodeURIComponent(uri.replace(/^file:\/\/[^/]*/i, ''));
  } catch {
    throw new AgentToolError(t('The path "{path}" is not a valid file URI.', { path: uri }));
  }
  // file:///c:/x names a Windows drive path.
  return /^\/[a-z]:/i.test(path) ? path.slice(1) : path;
}

function outside(path: string): AgentToolError {
  return new AgentToolError(
    t(
      '{path} is outside the workspace folder: paths must be relative to it (or absolute inside it); nothing outside it is read or written.',
      {
        path: printable(path),
      },
    ),
  );
}

function printable(path: string): string {
  return path.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 300);
}
