// The fake's Files and Batch API against the official schemas (openapi-batch.yaml): every answer
// is a valid OpenAIFile or Batch, every result line a valid BatchRequestOutput, and each state of
// the machine can be reached: a bad input file fails, lines fail on their own, expiry keeps what
// completed, cancel keeps what finished.
import assert from 'node:assert/strict';
import { batchAnswerProblem } from '../../fakeServer/batchApi';
import { encodePng } from '../../support/png';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, undiciFetchLike } from '../support';

type Json = Record<string, unknown>;

describe('fake Files and Batch API', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });

  const call = async (
    method: string,
    path: string,
    body?: { body: string | Uint8Array; type: string },
  ): Promise<{ status: number; json: Json; text: string }> => {
    const res = await undiciFetchLike(`${server.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${CANARY_KEY}`, ...(body ? { 'Content-Type': body.type } : {}) },
      ...(body ? { body: body.body as RequestInit['body'] } : {}),
    });
    const text = await res.text();
    let json: Json = {};
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = {};
    }
    return { status: res.status, json, text };
  };
  const upload = async (lines: unknown[], purpose = 'batch'): Promise<Json> => {
    const boundary = 'xBOUNDARYx';
    const content = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n${purpose}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="in.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    const r = await call('POST', '/files', { body, type: `multipart/form-data; boundary=${boundary}` });
    assert.equal(r.status, 200, r.text);
    assert.equal(batchAnswerProblem('OpenAIFile', r.json), undefined);
    return r.json;
  };
  const create = async (fileId: unknown, endpoint = '/v1/images/generations'): Promise<{ status: number; json: Json; text: string }> =>
    call('POST', '/batches', {
      body: JSON.stringify({ input_file_id: fileId, endpoint, completion_window: '24h' }),
      type: 'application/json',
    });
  const gen = (id: string, body: Json = {}): Json => ({
    custom_id: id,
    method: 'POST',
    url: '/v1/images/generations',
    body: { model: 'gpt-image-2', prompt: `picture ${id}`, quality: 'low', size: '1024x1024', ...body },
  });
  const lines = async (fileId: unknown): Promise<Json[]> => {
    const r = await call('GET', `/files/${String(fileId)}/content`);
    assert.equal(r.status, 200);
    return r.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Json);
  };
  const get = async (id: unknown): Promise<Json> => {
    const r = await call('GET', `/batches/${String(id)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(batchAnswerProblem('Batch', r.json), undefined, JSON.stringify(r.json));
    return r.json;
  };

  it('walks validating → in_progress → finalizing → completed with counts, an error line in the error file', async () => {
    const file = await upload([gen('a'), gen('b'), gen('bad', { size: '7x7' })]);
    const made = await create(file.id);
    assert.equal(made.status, 200, made.text);
    assert.equal(batchAnswerProblem('Batch', made.json), undefined);
    assert.equal(made.json.status, 'validating');
    await server.batches.advance();
    assert.deepEqual(
      [(await get(made.json.id)).status, (await get(made.json.id)).request_counts],
      ['in_progress', { total: 3, completed: 0, failed: 0 }],
    );
    await server.batches.process(1);
    assert.deepEqual((await get(made.json.id)).request_counts, { total: 3, completed: 1, failed: 0 });
    await server.batches.advance();
    assert.equal((await get(made.json.id)).status, 'finalizing');
    await server.batches.advance();
    const done = await get(made.json.id);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.request_counts, { total: 3, completed: 2, failed: 1 });
    const output = await lines(done.output_file_id);
    assert.deepEqual(
      output.map((l) => l.custom_id),
      ['a', 'b'],
    );
    for (const l of output) assert.equal(batchAnswerProblem('BatchRequestOutput', l), undefined);
    const response = output[0]!.response as { status_code: number; request_id: string; body: { data: Array<{ b64_json: string }> } };
    assert.equal(response.status_code, 200);
    assert.match(response.request_id, /^req_/);
    assert.equal(Buffer.from(response.body.data[0]!.b64_json, 'base64').subarray(1, 4).toString(), 'PNG');
    const errors = await lines(done.error_file_id);
    assert.equal(errors.length, 1);
    assert.equal(batchAnswerProblem('BatchRequestOutput', errors[0]!), undefined);
    const bad = errors[0]!.response as { status_code: number; body: { error: { param: string } } };
    assert.deepEqual([errors[0]!.custom_id, bad.status_code, bad.body.error.param], ['bad', 400, 'size']);
  });

  it('fails a batch whose input file is bad, naming the line', async () => {
    const file = await upload([gen('a'), gen('a'), '{not json']);
    const made = await create(file.id);
    await server.batches.advance();
    const failed = await get(made.json.id);
    assert.equal(failed.status, 'failed');
    const data = (failed.errors as { data: Array<{ line: number; message: string }> }).data;
    assert.deepEqual(
      data.map((d) => d.line),
      [2, 3],
    );
    assert.match(data[0]!.message, /more than once/);
  });

  it('refuses what the spec refuses: a wrong purpose, a missing field, an endpoint the fake does not run', async () => {
    const wrong = await upload([gen('a')], 'fine-tune');
    assert.equal((await create(wrong.id)).status, 400);
    const r = await call('POST', '/batches', {
      body: JSON.stringify({ input_file_id: 'file-x', endpoint: '/v1/images/generations' }),
      type: 'application/json',
    });
    assert.equal(r.status, 400);
    assert.match(r.text, /completion_window/);
    const file = await upload([gen('a')]);
    assert.equal((await create(file.id, '/v1/chat/completions')).status, 400);
    assert.equal((await call('GET', '/batches/batch_nope')).status, 404);
  });

  it('expiry keeps the completed lines and fails the rest with batch_expired', async () => {
    const file = await upload([gen('a'), gen('b'), gen('c')]);
    const made = await create(file.id);
    await server.batches.advance();
    await server.batches.process(2);
    await server.batches.expire();
    const expired = await get(made.json.id);
    assert.equal(expired.status, 'expired');
    assert.deepEqual(
      (await lines(expired.output_file_id)).map((l) => l.custom_id),
      ['a', 'b'],
    );
    const left = await lines(expired.error_file_id);
    assert.deepEqual(
      left.map((l) => [l.custom_id, (l.error as { code: string }).code, l.response]),
      [['c', 'batch_expired', null]],
    );
    assert.equal(batchAnswerProblem('BatchRequestOutput', left[0]!), undefined);
  });

  it('cancel: cancelling, then cancelled with what finished; a finished batch cannot be cancelled', async () => {
    const file = await upload([gen('a'), gen('b')]);
    const made = await create(file.id);
    await server.batches.advance();
    await server.batches.process(1);
    const cancelling = await call('POST', `/batches/${String(made.json.id)}/cancel`);
    assert.equal(cancelling.json.status, 'cancelling');
    await server.batches.advance();
    const cancelled = await get(made.json.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.deepEqual(
      (await lines(cancelled.output_file_id)).map((l) => l.custom_id),
      ['a'],
    );
    assert.equal((await call('POST', `/batches/${String(made.json.id)}/cancel`)).status, 409);
  });

  it('runs JSON edits with data-URL inputs as /images/edits would, and asks for the key', async () => {
    const url = `data:image/png;base64,${encodePng(64, 64).toString('base64')}`;
    const edit = (id: string, images: unknown): Json => ({
      custom_id: id,
      method: 'POST',
      url: '/v1/images/edits',
      body: { model: 'gpt-image-2', prompt: 'night', images },
    });
    const file = await upload([edit('ok', [{ image_url: url }]), edit('no-images', [])]);
    const made = await create(file.id, '/v1/images/edits');
    await server.batches.advance();
    await server.batches.advance();
    await server.batches.advance();
    const done = await get(made.json.id);
    assert.deepEqual(
      (await lines(done.output_file_id)).map((l) => l.custom_id),
      ['ok'],
    );
    assert.deepEqual(
      (await lines(done.error_file_id)).map((l) => l.custom_id),
      ['no-images'],
    );
    const res = await undiciFetchLike(`${server.baseUrl}/batches/${String(made.json.id)}`, {
      method: 'GET',
      headers: { Authorization: 'Bearer sk-wrong' },
    });
    assert.equal(res.status, 401);
    await res.text();
  });
});
