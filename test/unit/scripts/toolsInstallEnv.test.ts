import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const TOOLS = pathToFileURL(resolve(__dirname, '..', '..', '..', '..', 'scripts', 'vscodeTools.mjs')).href;

// The offline VS Code install runs a nested npm. Inside `npm test` it used to inherit the outer
// npm's environment, and code-server's postinstall then read Node 20 from npm_config_user_agent
// and refused to install, although it ran on Node 24.
describe('the tools install environment', () => {
  it('drops what an outer npm run exports, and keeps the rest', () => {
    const outer = {
      HOME: '/home/someone',
      PATH: '/repo/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:/usr/local/bin:/usr/bin',
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
      npm_config_nodedir: '/usr',
      npm_lifecycle_event: 'test',
      npm_lifecycle_script: 'node scripts/test.mjs',
      npm_package_name: 'image-studio',
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      npm_node_execpath: '/usr/bin/node',
      INIT_CWD: '/repo',
      NODE: '/usr/bin/node',
      HTTPS_PROXY: 'http://proxy.example:3128',
      IMAGE_STUDIO_TOOLS_DIR: '/tmp/tools',
    };
    const script = `import(${JSON.stringify(TOOLS)}).then((m) => process.stdout.write(JSON.stringify(m.outsideNpmEnv(process.env))))`;
    const seen = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: outer, encoding: 'utf8' })) as Record<string, string>;
    assert.deepEqual(
      Object.keys(seen).filter((k) => /^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE'),
      [],
    );
    assert.equal(seen.PATH, '/usr/local/bin:/usr/bin');
    assert.equal(seen.HOME, '/home/someone');
    assert.equal(seen.HTTPS_PROXY, 'http://proxy.example:3128');
    assert.equal(seen.IMAGE_STUDIO_TOOLS_DIR, '/tmp/tools');
  });
});
