// The transparency fallback: when the API refuses a transparent background, the image is made on a
// flat key colour and the key is removed locally, then checked; the sidecar says so.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isTransparencyRefusal, keyColourRequest, removeKeyColour } from '../../../src/core/image/keyColour';
import { countTransparentPixels } from '../../../src/core/image/pngAlpha';
import { ImageStudioError } from '../../../src/core/client/errors';
import { encodePng } from '../../support/png';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { makeTempDir, removeTempDir, runCliAgainst } from '../reliability/cliHarness';
import { CANARY_KEY } from '../support';

describe('key-colour transparency fallback', () => {
  it('removes exactly the key colour and keeps the subject opaque', async () => {
    const { png, removal } = await removeKeyColour(new Uint8Array(encodePng(40, 10, { keyLeft: true })));
    assert.deepEqual([removal.removedPixels, removal.totalPixels, removal.keyColour], [200, 400, '#00ff00']);
    assert.deepEqual(await countTransparentPixels(png), { transparent: 200, total: 400 });
    const none = await removeKeyColour(new Uint8Array(encodePng(8, 8)));
    assert.equal(none.removal.removedPixels, 0, 'a blue image keeps every pixel');
  });

  it('asks for an opaque PNG on the key colour and recognises the refusal', () => {
    const req = keyColourRequest({
      model: 'gpt-image-2',
      prompt: 'a coin',
      background: 'transparent',
      outputFormat: 'webp' as const,
      outputCompression: 80,
    });
    assert.deepEqual([req.background, req.outputFormat, 'outputCompression' in req], ['opaque', 'png', false]);
    assert.match(req.prompt, /^a coin\n\nPlace the subject on a flat, solid #00ff00/);
    assert.equal(
      isTransparencyRefusal(
        new ImageStudioError(
          'invalid_request',
          'The request was refused (400). Parameter: background. The server said: Transparent background is not supported for this model.',
        ),
      ),
      true,
    );
    assert.equal(isTransparencyRefusal(new ImageStudioError('invalid_request', 'Parameter: quality')), false);
  });
});

describe('the fallback through the CLI against the fake', () => {
  let dir: string;
  const fake = useFakeImagesApi({ apiKey: CANARY_KEY, refuseTransparentFor: ['gpt-image-2'] });
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));
  const argv = (...more: string[]) => [
    'generate',
    '--prompt',
    'a gold coin',
    '--model',
    'gpt-image-2',
    '--size',
    '1024x1024',
    '--background',
    'transparent',
    '--today',
    '2026-12-01',
    '--out',
    dir,
    ...more,
  ];

  it('without the flag: a clear message that names the refusal and the flag, nothing saved', async () => {
    const r = await runCliAgainst(fake, argv());
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /gpt-image-2 refused a transparent background \(on gpt-image-2 it is only a preview\)\. Add --transparency-fallback .*Transparent background is not supported for this model/,
    );
    assert.equal(fake.requests.length, 1);
  });

  it('with --transparency-fallback: asks again on #00ff00, removes it, checks it, and records it in the sidecar', async () => {
    const r = await runCliAgainst(fake, argv('--transparency-fallback', '--json'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      fake.requests.map((q) => q.fields.background),
      ['transparent', 'opaque'],
    );
    assert.match(String(fake.requests[1]!.fields.prompt), /#00ff00/);
    const file = (JSON.parse(r.stdout) as { files: Array<{ path: string; sidecar: string }> }).files[0]!;
    assert.match(file.path, /a-gold-coin-.*\.png$/, 'named after the user’s prompt');
    const alpha = await countTransparentPixels(new Uint8Array(readFileSync(file.path)));
    assert.ok(alpha && alpha.transparent === alpha.total / 2, JSON.stringify(alpha));
    const side = JSON.parse(readFileSync(file.sidecar, 'utf8')) as {
      transparencyFallback: Record<string, unknown>;
      transparencyCheck: string;
    };
    assert.equal(side.transparencyCheck, 'passed');
    assert.match(String(side.transparencyFallback.reason), /Transparent background is not supported/);
    assert.equal(side.transparencyFallback.keyColour, '#00ff00');
    assert.equal(side.transparencyFallback.removedPixels, (1024 * 1024) / 2);
  });
});
