// Billed images through the real CLI: one broken image among good ones loses none of the good
// ones, bytes that are not an image are never saved, a shortfall is a failure (exit code, --json)
// and a surplus is not all written, and names that the file system cannot take are refused or
// shortened before anything is sent.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '../../support/png';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { assertOnlyCompleteImages, filesBelow, makeTempDir, removeTempDir, runCliAgainst } from './cliHarness';

type Broken = 'bad_base64' | 'not_an_image' | 'dead_url' | 'truncated' | 'html_url';

describe('reliability: billed images through the CLI', function () {
  this.timeout(20000);
  let dir: string;
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  beforeEach(() => {
    server.setMode({ provider: 'openai' });
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  const generate = (extra: string[]) => runCliAgainst(server, ['generate', '--prompt', 'four lighthouses', '--out', dir, ...extra]);

  for (const how of ['bad_base64', 'not_an_image', 'truncated', 'dead_url', 'html_url'] as Broken[]) {
    it(`one ${how.replace('_', ' ')} image among four: the other three are saved, the bad one reported`, async () => {
      server.queueFault({ kind: 'bad_images', at: { 1: how } });
      const r = await generate(['--n', '4', '--json']);
      assert.equal(r.code, 1, r.stderr);
      const out = JSON.parse(r.stdout) as {
        ok: boolean;
        files: Array<{ index: number }>;
        failures: Array<{ firstIndex: number; count: number; message: string }>;
      };
      assert.equal(out.ok, false);
      assert.deepEqual(
        out.files.map((f) => f.index),
        [0, 2, 3],
      );
      assert.equal(out.failures.length, 1);
      assert.equal(out.failures[0]!.firstIndex, 1);
      assert.match(
        out.failures[0]!.message,
        how.endsWith('url')
          ? /(Downloading the generated image failed \(404\)|not a PNG, JPEG or WebP)/
          : /image 2 was not saved: (it is not a PNG, JPEG or WebP|it is not a PNG, JPEG, WebP or GIF|the PNG data is cut short|its base64 data is garbled)/,
      );
      assertOnlyCompleteImages(dir, 3);
    });
  }

  it('asked for 3, got 1: exit 1, the shortfall in --json and on stderr', async () => {
    server.queueFault({ kind: 'image_count', count: 1 });
    const r = await generate(['--n', '3', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      asked: number;
      saved: number;
      failures: Array<{ code: string; firstIndex: number; count: number; message: string }>;
    };
    assert.deepEqual([out.ok, out.asked, out.saved], [false, 3, 1]);
    assert.deepEqual(
      out.failures.map((f) => [f.code, f.firstIndex, f.count]),
      [['missing', 1, 2]],
    );
    assert.match(out.failures[0]!.message, /returned 1 of the 3 image\(s\) asked for; 2 did not arrive/);
    assertOnlyCompleteImages(dir, 1);
  });

  it('asked for 1, got 0: exit 1 with the reason', async () => {
    server.queueFault({ kind: 'image_count', count: 0 });
    const r = await generate([]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /returned 0 of the 1 image\(s\) asked for/);
    assertOnlyCompleteImages(dir, 0);
  });

  it('asked for 1, got 50: one is written, the surplus is named', async () => {
    server.queueFault({ kind: 'image_count', count: 50 });
    const r = await generate([]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: The server sent 49 image\(s\) more than the 1 asked for; the extra ones were not saved/);
    assertOnlyCompleteImages(dir, 1);
  });

  it('a --name of 84 CJK characters (252 bytes) is shortened by bytes and saved', async () => {
    const name = '灯'.repeat(84);
    const r = await generate(['--name', `${name}-{index}`]);
    assert.equal(r.code, 0, r.stderr);
    const [image] = assertOnlyCompleteImages(dir, 1);
    assert.ok(Buffer.byteLength(`${image}.json`) <= 255, image);
    assert.ok(image!.startsWith('灯'.repeat(40)), image);
  });

  it('--out that is a file, or lies below one: exit 2 before sending', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    for (const out of [join(dir, 'file'), join(dir, 'file', 'below')]) {
      const r = await runCliAgainst(server, ['generate', '--prompt', 'x', '--out', out]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--out .* (is a file or lies below one|is not a folder); it must be a folder/);
    }
    assert.equal(server.requests.length, 0);
  });

  it('a key with a line break: a clear message, exit 2, nothing sent', async () => {
    const r = await runCliAgainst(server, ['generate', '--prompt', 'x', '--out', dir], {
      env: { OPENAI_API_KEY: `${CANARY_KEY}\n`, OPENAI_BASE_URL: server.baseUrl },
    });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /The API key contains a line break or another control character/);
    assert.equal(server.requests.length, 0);
  });

  it('an opaque mask, and the image as its own mask, are warned about', async () => {
    const image = encodePng(64, 64, { alpha: 'opaque' });
    writeFileSync(join(dir, 'p.png'), image);
    writeFileSync(join(dir, 'opaque.mask.png'), encodePng(64, 64, { alpha: 'opaque', color: [9, 9, 9] }));
    const out = join(dir, 'out');
    const opaque = await runCliAgainst(server, [
      'edit',
      '--image',
      join(dir, 'p.png'),
      '--mask',
      join(dir, 'opaque.mask.png'),
      '--prompt',
      'x',
      '--out',
      out,
    ]);
    assert.match(opaque.stderr, /warning: opaque\.mask\.png has no transparent pixel, so it marks nothing to edit/);
    const self = await runCliAgainst(server, [
      'edit',
      '--image',
      join(dir, 'p.png'),
      '--mask',
      join(dir, 'p.png'),
      '--prompt',
      'x',
      '--out',
      out,
    ]);
    assert.match(self.stderr, /warning: p\.png is the image itself used as its mask/);
    assert.equal(filesBelow(out).filter((f) => f.endsWith('.png') && !f.endsWith('.raw.png')).length, 2);
    // Each masked edit keeps the model's own result beside its protected image.
    assert.equal(filesBelow(out).filter((f) => f.endsWith('.raw.png')).length, 2);
  });
});
