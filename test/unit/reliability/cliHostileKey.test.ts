// Security through the real CLI against a hostile server: no header that identifies the user
// crosses an origin (redirects for every provider), result URLs never reach link-local/metadata
// addresses, and a server that echoes the key everywhere gets it into no file, message or stdout,
// whichever key (OPENAI_API_KEY or AZURE_OPENAI_API_KEY) was the one sent.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeImagesApi, type FakeImagesApi } from '../../fakeServer/server';
import { CANARY_KEY } from '../support';
import { assertOnlyCompleteImages, makeTempDir, removeTempDir, runCliAgainst } from './cliHarness';

/** How the CLI reaches the fake for each provider (the fake's mode and the flags). */
interface ProviderCase {
  name: string;
  mode: 'openai' | 'azure' | 'compatible';
  args: (server: FakeImagesApi) => string[];
  env?: (server: FakeImagesApi) => NodeJS.ProcessEnv;
}

const OTHER_KEY = 'sk-other-0a1b2c3d4e5f60718293a4b5c6d7e8f9';

const PROVIDERS: ProviderCase[] = [
  { name: 'openai (with organization and project)', mode: 'openai', args: () => ['--organization', 'org-secret-1', '--project', 'proj-secret-2'] },
  {
    name: 'azure classic (api-key header)', mode: 'azure',
    args: (s) => ['--provider', 'azure', '--azure-endpoint', s.url, '--azure-deployment', 'img', '--model', 'gpt-image-2'],
    // The key sent is AZURE_OPENAI_API_KEY; OPENAI_API_KEY holds another one.
    env: () => ({ AZURE_OPENAI_API_KEY: CANARY_KEY, OPENAI_API_KEY: OTHER_KEY }),
  },
  { name: 'azure v1 (api-key header)', mode: 'azure', args: (s) => ['--provider', 'azure', '--base-url', `${s.url}/openai/v1`, '--azure-deployment', 'gpt-image-2', '--model', 'gpt-image-2'], env: () => ({ AZURE_OPENAI_API_KEY: CANARY_KEY }) },
  { name: 'compatible (Bearer)', mode: 'compatible', args: (s) => ['--provider', 'compatible', '--base-url', s.baseUrl, '--model', 'dall-e-2', '--size', '256x256'] },
];

describe('security: hostile server through the CLI (redirects, echoed keys, result URLs)', function () {
  this.timeout(20000);
  let server: FakeImagesApi;
  let elsewhere: FakeImagesApi;
  let dir: string;
  before(async () => {
    server = await startFakeImagesApi({ apiKey: CANARY_KEY });
    elsewhere = await startFakeImagesApi({ apiKey: '' });
  });
  after(async () => {
    await server.close();
    await elsewhere.close();
  });
  beforeEach(() => {
    server.reset();
    elsewhere.reset();
    server.setMode({ provider: 'openai' });
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  const run = (p: ProviderCase, extra: string[] = []) =>
    runCliAgainst(server, ['generate', '--prompt', 'a lighthouse', '--out', dir, ...p.args(server), ...extra], { env: { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: CANARY_KEY, ...p.env?.(server) } });

  for (const p of PROVIDERS) {
    for (const status of [307, 302] as const) {
      it(`${p.name}: a ${status} to another origin is refused; nothing reaches it`, async () => {
        server.setMode({ provider: p.mode });
        server.queueFault({ kind: 'redirect', status, location: `${elsewhere.baseUrl}/images/generations` });
        const r = await run(p);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /redirected \/images\/generations to another origin \(http:\/\/127\.0\.0\.1:\d+\); it was not followed, so your API key stayed with/);
        assert.equal(elsewhere.requests.length, 0, 'the other origin was contacted');
        assertOnlyCompleteImages(dir, 0);
      });
    }

    it(`${p.name}: a 307 to the same origin is followed with the body`, async () => {
      server.setMode({ provider: p.mode });
      // Azure classic needs its query string kept; the fake redirects to the very same URL.
      server.queueFault({ kind: 'redirect', status: 307, location: p.mode === 'azure' && p.args(server).includes('--azure-endpoint') ? '/openai/deployments/img/images/generations?api-version=2025-04-01-preview' : p.mode === 'azure' ? '/openai/v1/images/generations' : '/v1/images/generations' });
      const r = await run(p);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.requests.filter((q) => q.method === 'POST').length, 2);
      assertOnlyCompleteImages(dir, 1);
    });

    it(`${p.name}: a server that echoes the key everywhere gets it into no sidecar, stdout or stderr`, async () => {
      server.setMode({ provider: p.mode });
      server.queueFault({ kind: 'echo_key' });
      const r = await run(p, ['--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stdout.includes(CANARY_KEY) && !r.stderr.includes(CANARY_KEY));
      const [image] = assertOnlyCompleteImages(dir, 1);
      const sidecar = readFileSync(join(dir, `${image}.json`), 'utf8');
      assert.ok(!sidecar.includes(CANARY_KEY), 'the sidecar holds the key');
      assert.match(sidecar, /\[redacted\]/, 'the echoed fields were kept, redacted');
    });
  }

  for (const url of ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'http://[fe80::1]/x.png', 'http://metadata.google.internal/computeMetadata/v1/', 'file:///etc/passwd']) {
    it(`a result url at ${url} is not downloaded`, async () => {
      server.setMode({ provider: 'compatible' });
      server.queueFault({ kind: 'url_result', url });
      const r = await run(PROVIDERS[3]!, ['--response-format', 'url']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /(link-local or cloud-metadata address|only http and https are downloaded)/);
      assert.deepEqual(readdirSync(dir), []);
    });
  }
});
