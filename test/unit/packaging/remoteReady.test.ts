// The manifest claims virtual workspaces and runs on the workspace side of Remote/Codespaces.
// That holds only while the host code reaches files through vscode.workspace.fs and URIs: a
// Node `fs` call or a `.fsPath` works on a local disk and fails on a virtual file system (or the
// other machine). This guards the claim statically; the integration suite runs the real calls
// in code-server, whose extension host is a remote one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
/** What only works on the extension host's own disk. */
const LOCAL_ONLY = [
  /from ['"](node:)?fs(\/promises)?['"]/,
  /require\(['"](node:)?fs/,
  /from ['"](node:)?child_process['"]/,
  /from ['"](node:)?os['"]/,
  /\.fsPath\b/,
];

/**
 * The deliberate exceptions, each used only for `file:` URIs: following symbolic links can only be
 * done on the extension host's own disk, so the output-folder check does it for `file:` and skips
 * other schemes (remote and virtual file systems have no links this side could follow); and
 * workspace.fs has no piecewise write, so a streamed image goes to a local temp file through Node's
 * fs, while other schemes gather the pieces and write them through workspace.fs. The agent tools
 * name a local workspace folder by its OS path for agents that pass absolute paths, and VS Code's
 * MCP list starts the bundled CLI on the folder's disk: both only for `file:` folders.
 */
const LOCAL_DISK_ONLY_WHEN_FILE_SCHEME = [
  'src/host/services/outputLocation.ts',
  'src/host/services/workspaceFileSystem.ts',
  'src/host/agent/agentWorkspace.ts',
  'src/host/agent/mcpServerDefinitions.ts',
  // The Explorer's `resourcePath` context key is the fsPath of a `file:` resource: a name to match, no disk access.
  'src/host/assets/sidecarImages.ts',
];
/**
 * Names of the extension host's own process, touching no file: a batch collect's lock names its
 * holder by host name and process id (as the CLI does), so a lock left by a killed collect on the
 * machine where the files are is seen to be stale. Under Remote that is the remote machine.
 */
const OWN_PROCESS_ONLY = ['src/host/services/processLockOwner.ts'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

describe('remote and virtual workspace readiness of the manifest', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    extensionKind?: string[];
    capabilities: { virtualWorkspaces: { supported: boolean | string } };
    browser?: string;
  };

  it('runs on the workspace side, where the workspace files and the network of the remote are', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
  });

  it('host code and the core it bundles use no local-only file, process or OS API', () => {
    const files = [...sources('src/host'), ...sources('src/core'), ...sources('src/shared'), 'src/extension.ts'];
    assert.ok(files.length > 10);
    const offenders = files.flatMap((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      if (OWN_PROCESS_ONLY.includes(f)) return /\.fsPath\b|(node:)?fs['"/]/.test(text) ? [`${f}: touches files`] : [];
      if (LOCAL_DISK_ONLY_WHEN_FILE_SCHEME.includes(f)) {
        return /scheme [!=]== 'file'/.test(text) ? [] : [`${f}: uses the local disk without checking for the file: scheme`];
      }
      return LOCAL_ONLY.filter((re) => re.test(text)).map((re) => `${f}: ${re}`);
    });
    assert.deepEqual(offenders, [], 'virtualWorkspaces is claimed: use vscode.workspace.fs and URIs');
  });

  it('claims virtual workspaces but not the browser-only host: there is no web entry point', () => {
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, true);
    assert.equal(manifest.browser, undefined, 'a browser entry would need a web-worker test');
  });
});
