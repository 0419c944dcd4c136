import assert from 'node:assert/strict';
import { inspectImage } from '../../../src/core/image';
import { checkEditRequest, type KnownInput } from '../../../src/host/studio/editRequestChecks';
import type { StudioEditParams } from '../../../src/shared/protocol';
import { parseFromWebview } from '../../../src/shared/validateMessages';
import { encodePng } from '../../support/png';

const PNG = new Uint8Array(encodePng(64, 48));
const MASK = new Uint8Array(encodePng(64, 48, { alpha: 'transparent-left' }));
const options = { prompt: 'a new sky', model: 'gpt-image-2' };

function edit(params: Record<string, unknown>): unknown {
  return { type: 'edit', jobId: 'job-1', params: { mode: 'edit', options, inputs: [{ inputId: 'in-1' }], ...params } };
}

function refused(body: unknown): string {
  const r = parseFromWebview(body);
  assert.equal(r.ok, false, 'accepted');
  return r.ok ? '' : r.error;
}

describe('validators of the edit messages', () => {
  it('accepts an edit with prepared bytes, steps, a mask and a mask to save, and chooseInput', () => {
    const body = edit({
      inputs: [{ inputId: 'in-1', bytes: PNG, steps: ['Resized to 64x48.'] }, { inputId: 'in-2' }],
      mask: { bytes: MASK, fileId: 'in-3' },
      saveMask: MASK,
    });
    assert.deepEqual(parseFromWebview(body), { ok: true, value: body });
    assert.deepEqual(parseFromWebview({ type: 'chooseInput', purpose: 'mask' }), {
      ok: true,
      value: { type: 'chooseInput', purpose: 'mask' },
    });
  });

  it('refuses wrong types: bytes as arrays or strings, paths, unknown fields, bad modes', () => {
    assert.match(refused(edit({ inputs: [{ inputId: 'in-1', bytes: [137, 80, 78, 71] }] })), /bytes must be bytes/);
    assert.match(refused(edit({ inputs: [{ inputId: 'in-1', bytes: 'iVBORw0KGgo=' }] })), /bytes must be bytes/);
    assert.match(refused(edit({ inputs: [{ inputId: '../../etc/passwd' }] })), /inputId has an invalid value/);
    assert.match(refused(edit({ inputs: [{ inputId: 'in-1', path: '/etc/passwd' }] })), /unexpected field "path"/);
    assert.match(refused(edit({ inputs: 'in-1' })), /inputs must be an array/);
    assert.match(refused(edit({ mode: 'delete' })), /mode must be edit or variation/);
    assert.match(refused(edit({ mask: { bytes: MASK, uri: 'file:///x' } })), /unexpected field "uri"/);
    assert.match(refused(edit({ mask: { bytes: MASK, fileId: 42 } })), /fileId must be a string/);
    assert.match(refused(edit({ saveMask: MASK, mask: undefined })), /saveMask needs a mask/);
    assert.match(refused({ type: 'chooseInput', purpose: 'anything', path: '/' }), /unexpected field|purpose/);
    assert.match(refused({ type: 'chooseInput', purpose: 'folder' }), /purpose must be image or mask/);
    assert.match(refused(edit({ options: { prompt: 'x', model: 'gpt-image-2', outputFolder: '..' } })), /unexpected field "outputFolder"/);
  });

  it('refuses huge arrays, empty and oversized bytes, a mask on a variation and more than one variation input', () => {
    assert.match(refused(edit({ inputs: Array.from({ length: 17 }, (_, i) => ({ inputId: `in-${i}` })) })), /1 to 16 entries/);
    assert.match(refused(edit({ inputs: [] })), /1 to 16 entries/);
    assert.match(refused(edit({ inputs: [{ inputId: 'in-1', steps: Array.from({ length: 5000 }, () => 'x') }] })), /steps must have/);
    assert.match(refused(edit({ inputs: [{ inputId: 'in-1', bytes: new Uint8Array(0) }] })), /is empty/);
    assert.match(refused(edit({ inputs: [{ inputId: 'in-1', bytes: new Uint8Array(50 * 1024 * 1024 + 1) }] })), /larger than 50 MB/);
    assert.match(refused(edit({ mask: { bytes: new Uint8Array(4 * 1024 * 1024 + 1) } })), /mask.bytes is larger than 4 MB/);
    assert.match(refused(edit({ mode: 'variation', mask: { bytes: MASK } })), /variation takes no mask/);
    assert.match(refused(edit({ mode: 'variation', inputs: [{ inputId: 'a' }, { inputId: 'b' }] })), /1 to 1 entries/);
  });

  it('takes a bounded word as an edit’s inputFidelity, and refuses it on variations and generations', () => {
    const withFidelity = edit({ options: { ...options, inputFidelity: 'high' } });
    assert.deepEqual(parseFromWebview(withFidelity), { ok: true, value: withFidelity });
    assert.match(refused(edit({ options: { ...options, inputFidelity: 'high; rm -rf /' } })), /inputFidelity has an invalid value/);
    assert.match(refused(edit({ options: { ...options, inputFidelity: 'h'.repeat(41) } })), /inputFidelity is longer than 40/);
    assert.match(refused(edit({ options: { ...options, inputFidelity: ['high'] } })), /inputFidelity must be a string/);
    assert.match(refused(edit({ options: { ...options, inputFidelity: '' } })), /inputFidelity has an invalid value/);
    assert.match(refused(edit({ mode: 'variation', options: { ...options, inputFidelity: 'high' } })), /unexpected field "inputFidelity"/);
    assert.match(
      refused({ type: 'generate', jobId: 'job-1', params: { ...options, inputFidelity: 'high' } }),
      /unexpected field "inputFidelity"/,
    );
  });
});

describe('the host’s check of a Studio edit (checkEditRequest)', () => {
  const known = new Map<string, KnownInput>([
    ['in-1', { name: 'scene.png', bytes: PNG, info: inspectImage(PNG) }],
    ['in-m', { name: 'scene.mask.png', bytes: MASK, info: inspectImage(MASK) }],
  ]);
  const lookup = (id: string) => known.get(id);
  const params = (p: Partial<StudioEditParams>): StudioEditParams => ({ mode: 'edit', options, inputs: [{ inputId: 'in-1' }], ...p });
  const problem = (p: Partial<StudioEditParams>, max = 16) =>
    checkEditRequest(params(p), lookup, max).then(
      () => '',
      (e: Error) => e.message,
    );

  it('passes a known input with a fitting mask, and names a converted file .png', async () => {
    const jpegLike = new Uint8Array(encodePng(32, 32));
    const ok = await checkEditRequest(
      params({
        inputs: [{ inputId: 'in-1', bytes: jpegLike, steps: ['Resized.'] }],
        mask: { bytes: new Uint8Array(encodePng(32, 32, { alpha: 'transparent-left' })) },
      }),
      lookup,
      16,
    );
    assert.equal(ok.inputs[0]!.filename, 'scene.png');
    assert.equal(ok.mask?.filename, 'scene.mask.png');
  });

  it('refuses unknown ids, bytes that are not an image, a mask of other dimensions or with nothing transparent, too many inputs', async () => {
    assert.match(await problem({ inputs: [{ inputId: 'in-never-issued' }] }), /no longer available \(unknown id\)/);
    assert.match(await problem({ mask: { bytes: MASK, fileId: 'in-gone' } }), /mask file is no longer available/);
    assert.match(await problem({ inputs: [{ inputId: 'in-1', bytes: new TextEncoder().encode('<svg/>') }] }), /prepared scene.png/);
    assert.match(
      await problem({ mask: { bytes: new Uint8Array(encodePng(32, 32, { alpha: 'transparent-left' })) } }),
      /32x32 but the image is 64x48/,
    );
    assert.match(await problem({ mask: { bytes: new Uint8Array(encodePng(64, 48, { alpha: 'opaque' })) } }), /no fully transparent pixel/);
    assert.match(
      await problem({ mask: { bytes: MASK }, saveMask: new Uint8Array(encodePng(10, 10, { alpha: 'transparent-left' })) }),
      /mask to save/,
    );
    assert.match(await problem({ inputs: [{ inputId: 'in-1' }, { inputId: 'in-m' }] }, 1), /at most 1 input image/);
  });

  it('checks the notes of a markup edit: a transparent PNG at the first image’s size, holding something, never with a mask', async () => {
    const notes = new Uint8Array(encodePng(64, 48, { alpha: 'transparent-left' }));
    const ok = await checkEditRequest(params({ markup: { bytes: notes } }), lookup, 16);
    assert.equal(ok.markup?.filename, 'scene.markup.png');
    assert.equal(ok.mask, undefined);
    assert.match(
      await problem({ markup: { bytes: new Uint8Array(encodePng(32, 24, { alpha: 'transparent-left' })) } }),
      /32x24 but the image to edit is 64x48/,
    );
    assert.match(await problem({ markup: { bytes: new Uint8Array(encodePng(64, 48, { alpha: 'none' })) } }), /PNG with transparency/);
    assert.match(await problem({ markup: { bytes: new Uint8Array(encodePng(64, 48, { alpha: 'opaque' })) } }), /cover the whole image/);
    assert.match(await problem({ markup: { bytes: notes }, mask: { bytes: MASK } }), /Notes and a mask cannot go together/);
  });
});

describe('validators of a markup edit', () => {
  it('takes bounded notes on an edit, and refuses them on a variation or beside a mask', () => {
    const body = edit({ markup: { bytes: MASK } });
    assert.deepEqual(parseFromWebview(body), { ok: true, value: body });
    assert.match(refused(edit({ mode: 'variation', markup: { bytes: MASK } })), /variation takes no markup/);
    assert.match(refused(edit({ mask: { bytes: MASK }, markup: { bytes: MASK } })), /markup and a mask cannot be combined/);
    assert.match(refused(edit({ markup: { bytes: MASK, path: '/etc/passwd' } })), /unexpected field "path"/);
    assert.match(refused(edit({ markup: { bytes: new Uint8Array(50 * 1024 * 1024 + 1) } })), /markup.bytes is larger than 50 MB/);
  });
});
