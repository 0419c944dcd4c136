// The MCP server's root over Node's fs: the folder given with --root (default the current one),
// resolved to its real path once, and every path the agent names checked against it with links
// followed from the deepest part that exists (a path still to be written does not exist yet).
import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import type { AgentRoot } from '../../core/agent/agentRoot';
import { nodeFileSystem } from '../nodeFileSystem';

/** The agent root at `dir` (which must exist and be a folder). */
export async function nodeAgentRoot(dir: string): Promise<AgentRoot> {
  const root = await realpath(dir);
  if (!(await stat(root)).isDirectory()) throw new Error(`${dir} is not a folder`);
  return {
    fs: nodeFileSystem,
    dir: root,
    absolute: root,
    relative: (path) => relative(root, path).split(sep).join('/'),
    async realOutside(path) {
      let existing = path;
      const rest: string[] = [];
      for (;;) {
        try {
          existing = await realpath(existing);
          break;
        } catch {
          const parent = join(existing, '..');
          if (parent === existing) return undefined;
          rest.unshift(basename(existing));
          existing = parent;
        }
      }
      const real = join(existing, ...rest);
      const inside = relative(root, real);
      return inside.startsWith('..') || isAbsolute(inside) ? real : undefined;
    },
    async size(path) {
      try {
        return (await stat(path)).size;
      } catch {
        return undefined;
      }
    },
  };
}
