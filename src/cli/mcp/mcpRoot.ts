// The MCP server's root over Node's fs: the folder given with --root (default the current one),
// resolved to its real path once. Links under it are judged by core's inside-the-folder rule
// through nodeFileSystem.realPath (see core/agent/agentRoot.ts).
import { realpath, stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
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
    async size(path) {
      try {
        return (await stat(path)).size;
      } catch {
        return undefined;
      }
    },
  };
}
