// The ICO container with PNG entries (what every browser and Windows since Vista read): a 6-byte
// header, one 16-byte directory entry per image, then the PNG files as they are. Small enough to
// write here rather than depend on a package for it.
import { inspectImage } from '../image/imageHeader';

/** Packs PNG files into one ICO, smallest first; each must be at most 256 px a side. */
export function encodeIco(pngs: readonly Uint8Array[]): Uint8Array {
  const images = pngs.map((png) => ({ png, info: inspectImage(png) })).sort((a, b) => a.info.width - b.info.width);
  for (const { info } of images) {
    if (info.format !== 'png' || info.width > 256 || info.height > 256)
      throw new RangeError(`An ICO holds PNGs of at most 256 px a side (got ${info.format} ${info.width}x${info.height}).`);
  }
  const headerSize = 6 + 16 * images.length;
  const total = headerSize + images.reduce((s, i) => s + i.png.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0, true); // reserved
  view.setUint16(2, 1, true); // type 1: icon
  view.setUint16(4, images.length, true);
  let offset = headerSize;
  images.forEach(({ png, info }, i) => {
    const at = 6 + 16 * i;
    out[at] = info.width === 256 ? 0 : info.width; // 0 means 256
    out[at + 1] = info.height === 256 ? 0 : info.height;
    out[at + 2] = 0; // no palette
    out[at + 3] = 0; // reserved
    view.setUint16(at + 4, 1, true); // colour planes
    view.setUint16(at + 6, 32, true); // bits per pixel
    view.setUint32(at + 8, png.length, true);
    view.setUint32(at + 12, offset, true);
    out.set(png, offset);
    offset += png.length;
  });
  return out;
}
