// What GET /v1/models says, and what the CLI cached of it, through the real CLI: a shutdown date
// that is no calendar day is never shown, --use-replacement is never suggested to someone who gave
// it, and a cache that holds `[null]`, is corrupt or is a folder costs a request, not a command.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { makeTempDir, removeTempDir, runCliAgainst } from './cliHarness';

describe('reliability: the models list and its cache through the CLI', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  let cache: string;
  beforeEach(() => {
    dir = makeTempDir();
    cache = mkdtempSync(join(tmpdir(), 'image-studio-cache-'));
  });
  afterEach(() => {
    removeTempDir(dir);
    rmSync(cache, { recursive: true, force: true });
  });

  const generate = (model: string, today: string, ...more: string[]) =>
    runCliAgainst(server, ['generate', '--prompt', 'x', '--model', model, '--size', '1024x1024', '--today', today, '--out', dir, ...more], {
      env: { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl, XDG_CACHE_HOME: cache },
    });
  const cacheFolder = (): string => join(cache, 'image-studio');

  it('a shutdown date that is no calendar day (2026-13-45) is not shown', async () => {
    server.setMode({ models: { 'gpt-image-2.5-flare': '2026-13-45', 'gpt-image-2.6-sunburst': null } });
    const r = await generate('gpt-image-2.5-flare', '2026-12-01');
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /2026-13-45/);
  });

  it('--use-replacement with every replacement shut down: says so, and does not suggest --use-replacement', async () => {
    server.setMode({ models: { 'gpt-image-2.5-flare': '2026-12-08', 'gpt-image-2.6-sunburst': '2026-12-08' } });
    const r = await generate('gpt-image-2.5-flare', '2026-12-09', '--use-replacement');
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /add --use-replacement/);
    assert.match(
      r.stderr,
      /gpt-image-2\.5-flare is shut down here, and so is every replacement it leads to \(gpt-image-2\.6-sunburst\); choose a current model with --model/,
    );
    assert.equal(server.requests.length, 0, 'an image request was sent');
  });

  describe('a broken cache is ignored and written anew', () => {
    /** The cache file a first run writes (one per server). */
    async function cacheFile(): Promise<string> {
      assert.equal((await generate('gpt-image-2', '2026-11-21')).code, 0);
      const [name] = readdirSync(cacheFolder());
      assert.match(name ?? '', /^models-.*\.json$/);
      return join(cacheFolder(), name!);
    }

    it('"models": [null] in the cache: generate still works', async () => {
      const file = await cacheFile();
      writeFileSync(
        file,
        JSON.stringify({ fetchedOn: '2026-11-21', models: [null, { id: 7 }, { id: 'gpt-image-2', shutdownDate: '2026-13-45' }] }),
      );
      const r = await generate('gpt-image-2', '2026-11-21');
      assert.equal(r.code, 0, r.stderr);
    });

    it('a corrupt cache is asked again and rewritten', async () => {
      const file = await cacheFile();
      writeFileSync(file, '{"fetchedOn": "2026-11-21", "models": [');
      const before = server.modelListRequests.length;
      const r = await generate('gpt-image-2', '2026-11-21');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.modelListRequests.length, before + 1, 'the list was not asked again');
      assert.ok(Array.isArray((JSON.parse(readFileSync(file, 'utf8')) as { models: unknown }).models), 'the cache was not rewritten');
    });

    it("a folder at the cache file's path: reported, no temp file left, the command goes on", async () => {
      const file = await cacheFile();
      rmSync(file);
      mkdirSync(file);
      const runs = [await generate('gpt-image-2', '2026-11-22'), await generate('gpt-image-2', '2026-11-23')];
      assert.deepEqual(
        readdirSync(cacheFolder()).filter((n) => n.endsWith('.tmp')),
        [],
        'a temp file was left in the cache folder',
      );
      for (const r of runs) {
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /warning: the models list could not be cached in .*models-.*\.json \(EISDIR\)/);
      }
      assert.ok(existsSync(file));
    });
  });
});
