// The web icon set from a 512² logo: favicon.ico parsed back entry by entry, the opaque touch icon,
// the maskable icon's content inside the safe circle, the manifest's icons and the head tags.
import assert from 'node:assert/strict';
import { encodeIco } from '../../../src/core/icons/icoFile';
import { webIconImages, type IconFile } from '../../../src/core/icons/webIcons';
import { headTags, webManifest } from '../../../src/core/icons/webManifest';
import { decodePngRgba, encodePng, type RgbaImage } from '../../support/png';

const WHITE = [255, 255, 255, 255] as const;

/** A 512² logo: an opaque square filling the whole image (the hardest case for the safe circle), or a disc on transparency. */
function logo(kind: 'square' | 'disc'): RgbaImage {
  const size = 512;
  const image: RgbaImage = { width: size, height: size, data: new Uint8Array(size * size * 4) };
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const inside = kind === 'square' || Math.hypot(x + 0.5 - 256, y + 0.5 - 256) < 200;
      if (inside) image.data.set([20, (x * 3) & 0xff, 180, 255], (y * size + x) * 4);
    }
  return image;
}

/** Reads an ICO's directory and the PNG each entry points at. */
function readIco(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.deepEqual([view.getUint16(0, true), view.getUint16(2, true)], [0, 1], 'not an icon file');
  const count = view.getUint16(4, true);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const entry = {
      width: bytes[at] || 256,
      height: bytes[at + 1] || 256,
      planes: view.getUint16(at + 4, true),
      bits: view.getUint16(at + 6, true),
      length: view.getUint32(at + 8, true),
      offset: view.getUint32(at + 12, true),
    };
    assert.ok(entry.offset + entry.length <= bytes.length, `entry ${i} points past the file`);
    return { ...entry, png: decodePngRgba(bytes.subarray(entry.offset, entry.offset + entry.length)) };
  });
}

const file = (files: IconFile[], name: string) => files.find((f) => f.name === name)!.bytes;

describe('web icons: the image files', () => {
  it('writes favicon.ico with 16, 32 and 48 px PNG entries that parse back', async () => {
    const files = await webIconImages(logo('disc'), { background: WHITE });
    assert.deepEqual(
      files.map((f) => f.name),
      ['favicon.ico', 'apple-touch-icon.png', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png'],
    );
    const entries = readIco(file(files, 'favicon.ico'));
    assert.deepEqual(
      entries.map((e) => [e.width, e.height, e.planes, e.bits, e.png.width, e.png.height]),
      [
        [16, 16, 1, 32, 16, 16],
        [32, 32, 1, 32, 32, 32],
        [48, 48, 1, 32, 48, 48],
      ],
    );
    const first = entries[0]!;
    assert.equal(first.offset, 6 + 16 * 3, 'the first image follows the directory');
    assert.equal(first.png.data[3], 0, 'the favicon keeps its transparency');
  });

  it('makes the touch icon opaque on the background and the others at their sizes', async () => {
    const files = await webIconImages(logo('disc'), { background: [255, 0, 0, 255] });
    const touch = decodePngRgba(file(files, 'apple-touch-icon.png'));
    assert.deepEqual([touch.width, touch.height], [180, 180]);
    for (let i = 3; i < touch.data.length; i += 4) assert.equal(touch.data[i], 255, 'the touch icon has a transparent pixel');
    assert.deepEqual(Array.from(touch.data.subarray(0, 4)), [255, 0, 0, 255], 'the corner is not the background');
    for (const [name, size] of [
      ['icon-192.png', 192],
      ['icon-512.png', 512],
    ] as const) {
      const image = decodePngRgba(file(files, name));
      assert.deepEqual([image.width, image.height], [size, size], name);
    }
  });

  it('keeps the maskable icon’s content inside the central circle of 80 % diameter', async () => {
    const files = await webIconImages(logo('square'), { background: WHITE });
    const mask = decodePngRgba(file(files, 'icon-maskable-512.png'));
    assert.deepEqual([mask.width, mask.height], [512, 512]);
    let farthest = 0;
    for (let y = 0; y < 512; y++)
      for (let x = 0; x < 512; x++) {
        const p = Array.from(mask.data.subarray((y * 512 + x) * 4, (y * 512 + x) * 4 + 4));
        assert.equal(p[3], 255, 'a maskable icon is opaque');
        if (p.join() === WHITE.join()) continue;
        // The pixel's nearest point to the centre must lie inside the safe circle.
        const dx = Math.max(0, Math.abs(x + 0.5 - 256) - 0.5);
        const dy = Math.max(0, Math.abs(y + 0.5 - 256) - 0.5);
        farthest = Math.max(farthest, Math.hypot(dx, dy));
      }
    assert.ok(farthest <= 0.4 * 512, `content reaches ${farthest.toFixed(1)} px from the centre, past the 204.8 px safe radius`);
    assert.ok(farthest > 0.38 * 512, `content shrank more than needed (${farthest.toFixed(1)} px)`);
  });

  it('writes an Open Graph image when asked', async () => {
    const files = await webIconImages(logo('disc'), { background: WHITE, og: { width: 1200, height: 630 } });
    const og = decodePngRgba(file(files, 'og.png'));
    assert.deepEqual([og.width, og.height, og.data[3]], [1200, 630, 255]);
    const centre = Array.from(og.data.subarray((315 * 1200 + 600) * 4, (315 * 1200 + 600) * 4 + 4));
    assert.ok(Math.abs(centre[0]! - 20) <= 3 && Math.abs(centre[2]! - 180) <= 3, `the logo is not in the middle: ${centre}`);
    assert.deepEqual(Array.from(og.data.subarray(0, 4)), [...WHITE]);
  });

  it('refuses an ICO entry over 256 px', () => {
    assert.throws(() => encodeIco([new Uint8Array(encodePng(300, 300))]), /at most 256 px/);
  });
});

describe('web icons: manifest and head tags', () => {
  it('lists the icons with sizes, type and purpose, relative to the manifest', () => {
    const manifest = JSON.parse(webManifest({ background: WHITE, themeColor: [0x31, 0x2e, 0x81, 255], name: 'Knight', shortName: 'K' }));
    assert.deepEqual(manifest.icons, [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ]);
    assert.deepEqual(
      [manifest.name, manifest.short_name, manifest.theme_color, manifest.background_color],
      ['Knight', 'K', '#312e81', '#ffffff'],
    );
    assert.equal('name' in JSON.parse(webManifest({ background: WHITE })), false);
  });

  it('writes the <link> tags under the folder’s URL, escaped', () => {
    const html = headTags({ background: WHITE, href: '/static/"x"', og: { width: 1200, height: 630 } });
    assert.match(html, /<link rel="icon" href="\/static\/&quot;x&quot;\/favicon.ico" sizes="16x16 32x32 48x48">/);
    assert.match(html, /<link rel="apple-touch-icon" href="\/static\/&quot;x&quot;\/apple-touch-icon.png">/);
    assert.match(html, /<link rel="manifest" href="[^"]*\/site.webmanifest">/);
    assert.match(html, /<meta property="og:image:width" content="1200">/);
    assert.equal(headTags({ background: WHITE }).split('\n')[0], '<link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">');
  });
});
