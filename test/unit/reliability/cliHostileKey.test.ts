// Security through the real CLI against a hostile server: no header that identifies the user
// crosses an origin (redirects for every provider), result URLs never reach link-local/metadata
// addresses, and a server that echoes the key everywhere gets it into no file, message or stdout,
// whichever key (OPENAI_API_KEY or AZURE_OPENAI_API_KEY) was the one sent.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeImagesApi } from '../../fakeServer/server';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import type { FetchLike } from '../../../src/core/types';
import { CANARY_KEY, undiciFetchLike } from '../support';
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
  {
    name: 'openai (with organization and project)',
    mode: 'openai',
    args: () => ['--organization', 'org-secret-1', '--project', 'proj-secret-2'],
  },
  {
    name: 'azure classic (api-key header)',
    mode: 'azure',
    args: (s) => ['--provider', 'azure', '--azure-endpoint', s.url, '--azure-deployment', 'img', '--model', 'gpt-image-2'],
    // The key sent is AZURE_OPENAI_API_KEY; OPENAI_API_KEY holds another one.
    env: () => ({ AZURE_OPENAI_API_KEY: CANARY_KEY, OPENAI_API_KEY: OTHER_KEY }),
  },
  {
    name: 'azure v1 (api-key header)',
    mode: 'azure',
    args: (s) => ['--provider', 'azure', '--base-url', `${s.url}/openai/v1`, '--azure-deployment', 'gpt-image-2', '--model', 'gpt-image-2'],
    env: () => ({ AZURE_OPENAI_API_KEY: CANARY_KEY }),
  },
  {
    name: 'compatible (Bearer)',
    mode: 'compatible',
    args: (s) => ['--provider', 'compatible', '--base-url', s.baseUrl, '--model', 'dall-e-2', '--size', '256x256'],
  },
];

describe('security: hostile server through the CLI (redirects, echoed keys, result URLs)', function () {
  this.timeout(20000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  const elsewhere = useFakeImagesApi({ apiKey: '' });
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  const run = (p: ProviderCase, extra: string[] = []) =>
    runCliAgainst(server, ['generate', '--prompt', 'a lighthouse', '--out', dir, ...p.args(server), ...extra], {
      env: { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: CANARY_KEY, ...p.env?.(server) },
    });

  for (const p of PROVIDERS) {
    for (const status of [307, 302] as const) {
      it(`${p.name}: a ${status} to another origin is refused; nothing reaches it`, async () => {
        server.setMode({ provider: p.mode });
        server.queueFault({ kind: 'redirect', status, location: `${elsewhere.baseUrl}/images/generations` });
        const r = await run(p);
        assert.equal(r.code, 1, r.stderr);
        assert.match(
          r.stderr,
          /redirected \/images\/generations to another origin \(http:\/\/127\.0\.0\.1:\d+\); it was not followed, so your API key stayed with/,
        );
        assert.equal(elsewhere.requests.length, 0, 'the other origin was contacted');
        assertOnlyCompleteImages(dir, 0);
      });
    }

    it(`${p.name}: a 307 to the same origin is followed with the body`, async () => {
      server.setMode({ provider: p.mode });
      // Azure classic needs its query string kept; the fake redirects to the very same URL.
      server.queueFault({
        kind: 'redirect',
        status: 307,
        location:
          p.mode === 'azure' && p.args(server).includes('--azure-endpoint')
            ? '/openai/deployments/img/images/generations?api-version=2025-04-01-preview'
            : p.mode === 'azure'
              ? '/openai/v1/images/generations'
              : '/v1/images/generations',
      });
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

  for (const url of [
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://[fe80::1]/x.png',
    'http://metadata.google.internal/computeMetadata/v1/',
    'file:///etc/passwd',
  ]) {
    it(`a result url at ${url} is not downloaded`, async () => {
      server.setMode({ provider: 'compatible' });
      server.queueFault({ kind: 'url_result', url });
      const r = await run(PROVIDERS[3]!, ['--response-format', 'url']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /(link-local or cloud-metadata address|only http and https are downloaded)/);
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  // A public-looking name that resolves to metadata or loopback: the resolver is injected (the real
  // CLI passes node:dns), and a fetch that connects the name to the second fake stands in for the
  // network, so the allowed case really downloads and the refused ones reach nothing.
  const CDN = 'images.cdn.example';
  const viaName = (resolvesTo: string[], reached: string[]) => ({
    lookupHost: async (name: string) => (name === CDN ? resolvesTo : ['203.0.113.7']),
    fetch: (async (url: string, init: RequestInit) => {
      reached.push(url);
      return undiciFetchLike(url.replace(`http://${CDN}`, server.url), init);
    }) as FetchLike,
  });
  for (const resolvesTo of [['169.254.169.254'], ['203.0.113.9', '::ffff:169.254.169.254'], ['fe80::1%eth0']]) {
    it(`a result url whose name resolves to ${resolvesTo.join(', ')} is not downloaded`, async () => {
      server.setMode({ provider: 'compatible' });
      server.queueFault({ kind: 'url_result', url: `http://${CDN}/latest/meta-data/` });
      const reached: string[] = [];
      const r = await runCliAgainst(
        server,
        ['generate', '--prompt', 'a lighthouse', '--out', dir, ...PROVIDERS[3]!.args(server), '--response-format', 'url'],
        {
          env: { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: CANARY_KEY },
          ...viaName(resolvesTo, reached),
        },
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /link-local or cloud-metadata address \(images\.cdn\.example, which resolves to /);
      assert.ok(!reached.some((u) => u.includes(CDN)), `the download was attempted: ${reached.join(' ')}`);
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  it('a result url whose name resolves only to public addresses is downloaded', async () => {
    server.setMode({ provider: 'compatible' });
    const args = ['generate', '--prompt', 'a lighthouse', '--out', dir, ...PROVIDERS[3]!.args(server), '--response-format', 'url'];
    const env = { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: CANARY_KEY };
    // A first run learns where the fake keeps a real image; the second is told to fetch it by name.
    const first: string[] = [];
    assert.equal((await runCliAgainst(server, args, { env, ...viaName([], first) })).code, 0);
    const file = new URL(first.find((u) => u.includes('/files/'))!).pathname;
    rmSync(dir, { recursive: true, force: true });
    server.queueFault({ kind: 'url_result', url: `http://${CDN}${file}` });
    const reached: string[] = [];
    const r = await runCliAgainst(server, args, { env, ...viaName(['203.0.113.9', '2001:db8::5'], reached) });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(reached.includes(`http://${CDN}${file}`), `not downloaded by name: ${reached.join(' ')}`);
    assertOnlyCompleteImages(dir, 1);
  });
});
