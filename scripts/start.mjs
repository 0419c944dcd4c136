// `npm start`: builds, makes sure the offline VS Code (code-server) is installed, and serves VS Code
// with Image Studio installed (linked to this checkout) on http://127.0.0.1:<port>, with a sample workspace
// and (unless IMAGE_STUDIO_DEMO=0) a local fake Images API so everything can be tried without a key.
// Prints the URL; Ctrl-C stops everything and removes the temporary profile.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleWorkspace } from './sampleWorkspace.mjs';
import { ensureVsCodeTools } from './vscodeTools.mjs';
import { makeRunDir, startCodeServer } from '../test/harness/codeServer.mjs';

const root = new URL('..', import.meta.url).pathname.replace(/\/+$/, '');
// Not a secret: the local fake API accepts exactly this key.
const DEMO_KEY = 'sk-demo-local-fake-api';

function buildOrExit() {
  const r = spawnSync('node', ['scripts/build.mjs', '--tests'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Starts the fake Images API in its own process (when built) and returns its base URL. */
async function startFakeApi() {
  const main = join(root, 'out', 'test', 'fakeServer', 'main.js');
  if (process.env.IMAGE_STUDIO_DEMO === '0' || !existsSync(main)) return undefined;
  const child = spawn(process.execPath, [main, '--port', '0', '--latency', '800', '--key', DEMO_KEY, '--demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      const line = text.split('\n')[0];
      try {
        resolve(JSON.parse(line).url);
      } catch {
        /* wait for the whole line */
      }
    });
    child.once('exit', () => resolve(undefined));
  });
  return url ? { url, stop: () => child.kill() } : undefined;
}

buildOrExit();
const tools = ensureVsCodeTools();
const runDir = makeRunDir('image-studio-dev-');
const workspace = join(runDir.dir, 'sample-workspace');
mkdirSync(workspace);
writeSampleWorkspace(root, workspace);

const fake = await startFakeApi();
if (fake) {
  // User-level settings of this throwaway profile point at the local fake API.
  mkdirSync(join(runDir.userData, 'User'), { recursive: true });
  writeFileSync(
    join(runDir.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'imageStudio.baseUrl': `${fake.url}/v1`,
        'workbench.colorTheme': 'Default Dark Modern',
      },
      null,
      2,
    ),
  );
}

// Installed the way VS Code installs an extension (a folder in the extensions directory), linked to
// this checkout so `npm run watch` plus "Developer: Reload Window" picks up changes. Development
// mode would need the smoke-test driver, which hides every notification (see startCodeServer).
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
symlinkSync(root, join(runDir.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');

const server = await startCodeServer({
  tools,
  runDir,
  workspace,
  // Restricted Mode on purpose: a cloned repository is untrusted until you say otherwise, and Image
  // Studio must work there (only your user settings decide where the key goes).
  trustWorkspace: false,
  testDriver: false,
  extraEnv: fake ? { OPENAI_API_KEY: DEMO_KEY } : {},
});
const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;

console.log('\nImage Studio is running in VS Code (code-server):\n');
console.log(`  ${url}\n`);
if (fake) console.log(`Requests go to a local fake Images API at ${fake.url} (set IMAGE_STUDIO_DEMO=0 to use your own settings and key).`);
console.log('Press Ctrl-C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  fake?.stop();
  runDir.remove();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.once('exit', () => {
  console.error('code-server stopped.');
  void stop();
});
