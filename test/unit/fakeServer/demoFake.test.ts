// What `npm start`'s fake does beyond the tests' fake: batches moved by its clock (ticked here by
// hand: no test waits on a timer), prompts its safety system refuses, and parallel requests that
// each paint their own picture even while the demo's latency holds them.
import assert from 'node:assert/strict';
import { tickBatches } from '../../fakeServer/batchClock';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, clientFor, rejection, undiciFetchLike } from '../support';

type Json = Record<string, unknown>;

describe('the demo fake (npm start)', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  const auth = { Authorization: `Bearer ${CANARY_KEY}` };

  const call = async (method: string, path: string, body?: string, type?: string): Promise<Json> => {
    const res = await undiciFetchLike(`${server.baseUrl}${path}`, {
      method,
      headers: { ...auth, ...(type ? { 'Content-Type': type } : {}) },
      ...(body ? { body } : {}),
    });
    return (await res.json()) as Json;
  };
  const submit = async (count: number): Promise<string> => {
    const lines = Array.from({ length: count }, (_, i) =>
      JSON.stringify({
        custom_id: `a${i}`,
        method: 'POST',
        url: '/v1/images/generations',
        body: { model: 'gpt-image-2', prompt: `picture ${i}`, quality: 'low', size: '1024x1024' },
      }),
    );
    const b = 'xBOUNDARYx';
    const form = `--${b}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="in.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n${lines.join('\n')}\r\n--${b}--\r\n`;
    const file = await call('POST', '/files', form, `multipart/form-data; boundary=${b}`);
    const batch = await call(
      'POST',
      '/batches',
      JSON.stringify({ input_file_id: file.id, endpoint: '/v1/images/generations', completion_window: '24h' }),
      'application/json',
    );
    return String(batch.id);
  };

  it('the clock walks a batch to completed, counts rising between ticks, then leaves it at rest', async () => {
    const id = await submit(5);
    const seen: string[] = [];
    for (let tick = 0; tick < 20; tick++) {
      const b = await call('GET', `/batches/${id}`);
      const counts = b.request_counts as { completed: number };
      seen.push(`${String(b.status)}:${counts.completed}`);
      if (b.status === 'completed') break;
      await tickBatches(server.batches);
    }
    assert.deepEqual(seen, [
      'validating:0',
      'in_progress:0',
      'in_progress:2',
      'in_progress:4',
      'in_progress:5',
      'finalizing:5',
      'completed:5',
    ]);
    assert.equal(await tickBatches(server.batches), 0, 'a finished batch does not move');
  });

  it('a cancelled batch ends cancelled on the next tick', async () => {
    const id = await submit(3);
    await tickBatches(server.batches);
    await call('POST', `/batches/${id}/cancel`);
    assert.equal((await call('GET', `/batches/${id}`)).status, 'cancelling');
    await tickBatches(server.batches);
    const done = await call('GET', `/batches/${id}`);
    assert.equal(done.status, 'cancelled');
    assert.deepEqual(done.request_counts, { total: 3, completed: 0, failed: 3 });
  });

  it('refuses a prompt with a refusal word as the safety system does (moderation_blocked)', async () => {
    server.setMode({ refusalWords: ['forbidden'] });
    const err = await rejection(clientFor(server).generate({ model: 'gpt-image-2', prompt: 'a Forbidden door', size: '1024x1024' }));
    assert.equal(err.kind, 'moderation');
    assert.match(err.message, /safety system refused/);
    const ok = await clientFor(server).generate({ model: 'gpt-image-2', prompt: 'an open door', size: '1024x1024' });
    assert.equal(ok.images.length, 1);
  });

  it('two requests held by the latency together still paint two different pictures', async () => {
    server.setMode({ latencyMs: 30 });
    const one = () => clientFor(server).generate({ model: 'gpt-image-2', prompt: 'a lighthouse', size: '1024x1024', quality: 'low', n: 1 });
    const [a, b] = await Promise.all([one(), one()]);
    const bytes = (r: Awaited<ReturnType<typeof one>>) => Buffer.from(r.images[0]!.bytes).toString('base64');
    assert.notEqual(bytes(a), bytes(b));
  });
});
