// The VS Code versions the integration suite runs on are the ones the manifest claims: the oldest
// runtime is the minimum of engines.vscode, and the API types compiled against are no newer than
// it. Raising engines.vscode (or @types/vscode) without the matching runtime fails here.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

interface Runtime {
  name: string;
  vscode: string;
  codeServer: string;
  node: string;
  serverArgs: string[];
}
interface ToolsModule {
  RUNTIMES: Record<string, Runtime>;
  selectedRuntimes(value?: string): Runtime[];
  toolPaths(runtime: Runtime, root: string): { dir: string; node: string };
  registryForGitPins(lockFile: string): string[];
}
const tools = async () => (await import(pathToFileURL(join(ROOT, 'scripts', 'vscodeTools.mjs')).href)) as ToolsModule;
const minor = (v: string) =>
  v
    .replace(/^[\^~>=]*/, '')
    .split('.')
    .slice(0, 2)
    .join('.');

describe('VS Code runtimes of the integration suite', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    engines: { vscode: string };
    devDependencies: Record<string, string>;
  };

  it('the oldest runtime is the minimum engines.vscode claims, and @types/vscode is no newer', async () => {
    const { RUNTIMES } = await tools();
    assert.equal(minor(RUNTIMES.minimum!.vscode), minor(manifest.engines.vscode));
    assert.equal(minor(manifest.devDependencies['@types/vscode']!), minor(manifest.engines.vscode));
    assert.ok(RUNTIMES.current!.vscode.localeCompare(RUNTIMES.minimum!.vscode, undefined, { numeric: true }) > 0, 'current is newer');
  });

  it('runs both by default, one when IMAGE_STUDIO_RUNTIMES names it, and refuses an unknown name', async () => {
    const { selectedRuntimes } = await tools();
    assert.deepEqual(
      selectedRuntimes('current,minimum').map((r) => r.name),
      ['current', 'minimum'],
    );
    assert.deepEqual(
      selectedRuntimes('minimum').map((r) => r.name),
      ['minimum'],
    );
    assert.throws(() => selectedRuntimes('oldest'), /unknown VS Code runtime 'oldest'/);
  });

  it('keys each tools folder on both versions, so runtimes install side by side', async () => {
    const { RUNTIMES, toolPaths } = await tools();
    const runtimes = Object.values(RUNTIMES);
    const dirs = runtimes.map((r) => toolPaths(r, '/cache').dir);
    assert.deepEqual(
      dirs,
      runtimes.map((r) => `/cache/code-server-${r.codeServer}-node-${r.node}`),
    );
    assert.equal(new Set(dirs).size, runtimes.length);
    assert.ok(toolPaths(RUNTIMES.minimum!, '/cache').node.startsWith(dirs[1]!), 'each runtime runs its own Node');
  });

  it('takes git-pinned lockfile entries from the registry, keeping their integrity, and leaves the rest', async () => {
    const { registryForGitPins } = await tools();
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    try {
      const lockFile = join(dir, 'npm-shrinkwrap.json');
      const pinned = { version: '0.27.0', resolved: 'git+ssh://git@example.invalid/proxy-agent.git#0803e0a', integrity: 'sha512-same' };
      const fromRegistry = {
        version: '1.15.9',
        resolved: 'https://registry.example.invalid/ripgrep-1.15.9.tgz',
        integrity: 'sha512-other',
      };
      writeFileSync(
        lockFile,
        JSON.stringify({ packages: { '': {}, 'node_modules/@vscode/proxy-agent': pinned, 'node_modules/@vscode/ripgrep': fromRegistry } }),
      );
      assert.deepEqual(registryForGitPins(lockFile), ['@vscode/proxy-agent@0.27.0']);
      const after = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, Record<string, string>> };
      assert.deepEqual(after.packages['node_modules/@vscode/proxy-agent'], { version: '0.27.0', integrity: 'sha512-same' });
      assert.deepEqual(after.packages['node_modules/@vscode/ripgrep'], fromRegistry);
      assert.deepEqual(registryForGitPins(lockFile), [], 'a second pass changes nothing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
