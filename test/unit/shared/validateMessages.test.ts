import assert from 'node:assert/strict';
import { parseFromWebview, parseGenerateParams, parseToWebview } from '../../../src/shared/validateMessages';

function refused(body: unknown): string {
  const r = parseFromWebview(body);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(body)?.slice(0, 200)}`);
  return r.ok ? '' : r.error;
}

describe('validators of webview messages', () => {
  it('accepts each message type in its exact shape', () => {
    const valid = [
      { type: 'ready' },
      {
        type: 'generate',
        jobId: 'job-1',
        params: {
          prompt: 'a red fox',
          model: 'gpt-image-2',
          size: '1536x1024',
          quality: 'high',
          n: 2,
          background: 'transparent',
          outputFormat: 'webp',
          outputCompression: 80,
          moderation: 'low',
          stream: true,
          partialImages: 2,
        },
      },
      { type: 'generate', jobId: 'job-2', params: { prompt: 'a lighthouse', model: 'dall-e-3', style: 'vivid', size: '1024x1792' } },
      { type: 'cancel', jobId: 'job-1' },
      { type: 'openImage', resultId: 'img-mi3x-1' },
      { type: 'revealImage', resultId: 'img-mi3x-1' },
      { type: 'copyPath', resultId: 'img-mi3x-1' },
      { type: 'insertImage', resultId: 'img-mi3x-1' },
      { type: 'useAsInput', resultId: 'img-mi3x-1', purpose: 'variation' },
      { type: 'details', resultId: 'img-mi3x-1' },
      { type: 'imageBytes', resultId: 'img-mi3x-1' },
      { type: 'reuse', resultId: 'h-0123456789abcdef01234567' },
      { type: 'removeResult', resultId: 'img-mi3x-1' },
      { type: 'deleteResult', resultId: 'img-mi3x-1' },
      { type: 'chooseOutputFolder' },
      { type: 'history' },
      { type: 'dropInput', uri: 'file:///home/me/project/assets/kite.png' },
    ];
    for (const body of valid) assert.deepEqual(parseFromWebview(body), { ok: true, value: body }, body.type);
  });

  it('refuses unknown and missing types, non-objects and inherited type names', () => {
    assert.match(refused({ type: 'deleteFile', path: '/etc' }), /unknown message type "deleteFile"/);
    assert.match(refused({ type: 'toString' }), /unknown message type/);
    assert.match(refused({ type: '__proto__' }), /unknown message type/);
    assert.match(refused({}), /unknown message type \(undefined\)/);
    assert.match(refused({ type: 5 }), /unknown message type \(number\)/);
    assert.match(refused(null), /must be an object/);
    assert.match(refused([{ type: 'ready' }]), /must be an object/);
    assert.match(refused('ready'), /must be an object/);
  });

  it('refuses wrong types of fields', () => {
    assert.match(refused({ type: 'openImage', resultId: 42 }), /resultId must be a string/);
    assert.match(refused({ type: 'cancel' }), /jobId must be a string/);
    assert.match(refused({ type: 'generate', jobId: 'j', params: { prompt: ['a'], model: 'gpt-image-2' } }), /prompt must be a string/);
    assert.match(refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', n: '2' } }), /n must be an integer/);
    assert.match(refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', n: 1.5 } }), /n must be an integer/);
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', n: 11 } }),
      /n must be an integer from 1 to 10/,
    );
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', stream: 'yes' } }),
      /stream must be true or false/,
    );
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', outputFormat: 'bmp' } }),
      /outputFormat must be png, jpeg, webp, gif or svg/,
    );
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', outputCompression: 101 } }),
      /outputCompression/,
    );
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', partialImages: 4 } }),
      /partialImages/,
    );
    assert.match(refused({ type: 'generate', jobId: 'j', params: 'prompt=a' }), /params must be an object/);
    assert.match(refused({ type: 'useAsInput', resultId: 'img-1', purpose: 'delete' }), /purpose must be edit or variation/);
  });

  it('refuses the Studio’s newer requests with paths, folders or extra fields', () => {
    assert.match(refused({ type: 'deleteResult', resultId: '../images/a.png' }), /resultId has an invalid value/);
    assert.match(refused({ type: 'deleteResult', resultId: 'img-1', uri: 'file:///etc/passwd' }), /unexpected field "uri"/);
    assert.match(refused({ type: 'chooseOutputFolder', folder: '/tmp' }), /unexpected field "folder"/);
    assert.match(refused({ type: 'history', query: '**/*' }), /unexpected field "query"/);
    assert.match(refused({ type: 'imageBytes' }), /resultId must be a string/);
    assert.match(refused({ type: 'reuse', resultId: 7 }), /resultId must be a string/);
    assert.match(refused({ type: 'dropInput', uri: '../../etc/passwd' }), /uri has an invalid value/);
    assert.match(refused({ type: 'dropInput', uri: 'file:///a.png\n/etc/passwd' }), /uri has an invalid value/);
    assert.match(refused({ type: 'dropInput', uri: `file:///${'a'.repeat(2001)}` }), /uri is longer than 2000/);
  });

  it('refuses extra fields instead of ignoring them', () => {
    assert.match(refused({ type: 'ready', apiKey: 'sk-x' }), /unexpected field "apiKey"/);
    assert.match(refused({ type: 'openImage', resultId: 'img-1', uri: 'file:///etc/passwd' }), /unexpected field "uri"/);
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', outputFolder: '../..' } }),
      /unexpected field "outputFolder"/,
    );
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', folderHint: '/tmp' } }),
      /unexpected field "folderHint"/,
    );
  });

  it('refuses paths, URIs and huge strings where ids and words belong', () => {
    for (const resultId of [
      '../../etc/passwd',
      '/home/user/.ssh/id_rsa',
      'file:///etc/passwd',
      'C:\\Windows\\win.ini',
      'images/fox.png',
      '',
      'a'.repeat(65),
      'img 1',
      'img-1\n',
    ]) {
      assert.match(refused({ type: 'revealImage', resultId }), /resultId/, resultId);
    }
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'x'.repeat(32001), model: 'gpt-image-2' } }),
      /prompt is longer than 32000/,
    );
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'm'.repeat(5_000_000) } }),
      /model is longer than 100/,
    );
    assert.match(refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: '../evil' } }), /model has an invalid value/);
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'https://evil.example/v1' } }),
      /model has an invalid value/,
    );
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', size: '1024x1024; rm -rf' } }),
      /size/,
    );
    assert.match(
      refused({ type: 'generate', jobId: 'j', params: { prompt: 'a', model: 'gpt-image-2', quality: 'high"><script>' } }),
      /quality has an invalid value/,
    );
    assert.match(refused({ type: 'generate', jobId: 'j'.repeat(100), params: { prompt: 'a', model: 'gpt-image-2' } }), /jobId/);
  });

  it('refuses objects that are not plain (class instances)', () => {
    class Sneaky {
      type = 'ready';
    }
    assert.match(refused(Object.assign(Object.create({ inherited: true }), { type: 'ready' })), /plain object/);
    assert.match(refused(new Sneaky()), /plain object/);
  });

  it('drops absent optional parameters rather than sending undefined', () => {
    assert.deepEqual(parseGenerateParams({ prompt: 'a', model: 'gpt-image-2' }), { prompt: 'a', model: 'gpt-image-2' });
    assert.deepEqual(Object.keys(parseGenerateParams({ prompt: 'a', model: 'gpt-image-2', size: undefined })), ['prompt', 'model']);
  });

  it('checks host messages the webview would misrender', () => {
    assert.equal(
      parseToWebview({ type: 'partialImage', jobId: 'j', imageIndex: 0, partialIndex: 0, mimeType: 'image/png', bytes: 'AAAA' }).ok,
      false,
    );
    assert.equal(
      parseToWebview({ type: 'partialImage', jobId: 'j', imageIndex: 0, partialIndex: 0, mimeType: 'image/png', bytes: new Uint8Array(4) })
        .ok,
      true,
    );
    assert.equal(parseToWebview({ type: 'evaluate', code: 'alert(1)' }).ok, false);
  });
});
