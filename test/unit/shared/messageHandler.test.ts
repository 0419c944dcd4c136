import assert from 'node:assert/strict';
import { MessageHandler, parseEnvelope } from '../../../src/shared/messageHandler';
import type { Envelope, FromWebview, ToWebview } from '../../../src/shared/protocol';
import { parseFromWebview, parseToWebview } from '../../../src/shared/validateMessages';

/** Host and webview ends joined by an async, structured-clone transport like postMessage's. */
function pair(onHost: (m: FromWebview) => Promise<ToWebview | undefined> | ToWebview | undefined) {
  const hostRefusals: string[] = [];
  const toHost: Envelope<FromWebview>[] = [];
  const ends: { webview?: MessageHandler<FromWebview, ToWebview> } = {};
  const host: MessageHandler<ToWebview, FromWebview> = new MessageHandler<ToWebview, FromWebview>({
    post: (e) => setTimeout(() => void ends.webview?.receive(structuredClone(e)), 0),
    parse: parseFromWebview,
    onMessage: onHost,
    errorReply: (message) => ({ type: 'requestFailed', message }),
    onRefused: (r) => hostRefusals.push(r),
  });
  const webview = new MessageHandler<FromWebview, ToWebview>({
    post: (e) => {
      toHost.push(e);
      setTimeout(() => void host.receive(structuredClone(e)), 0);
    },
    parse: parseToWebview,
    onMessage: () => undefined,
    errorOf: (m) => (m.type === 'requestFailed' ? m.message : undefined),
  });
  ends.webview = webview;
  return { host, webview, hostRefusals, toHost };
}

describe('MessageHandler', () => {
  it('resolves each request with its own reply even when replies arrive out of order', async () => {
    const { webview } = pair(async (m) => {
      if (m.type !== 'details') return undefined;
      // The first request is answered last.
      await new Promise((r) => setTimeout(r, m.resultId === 'a' ? 30 : 1));
      return { type: 'details', resultId: m.resultId, json: `{"for":"${m.resultId}"}` };
    });
    const [a, b] = await Promise.all([
      webview.request({ type: 'details', resultId: 'a' }),
      webview.request({ type: 'details', resultId: 'b' }),
    ]);
    assert.deepEqual(a, { type: 'details', resultId: 'a', json: '{"for":"a"}' });
    assert.deepEqual(b, { type: 'details', resultId: 'b', json: '{"for":"b"}' });
    assert.equal(webview.pendingCount, 0);
  });

  it('tags replies with inReplyTo and fresh message ids', async () => {
    const sent: Envelope<ToWebview>[] = [];
    const host = new MessageHandler<ToWebview, FromWebview>({
      post: (e) => sent.push(e),
      parse: parseFromWebview,
      onMessage: () => ({ type: 'actionResult', status: 'done', message: 'ok' }),
    });
    assert.equal(await host.receive({ messageId: 7, body: { type: 'copyPath', resultId: 'img-1' } }), true);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.inReplyTo, 7);
    assert.ok((sent[0]?.messageId ?? 0) > 0);
  });

  it('rejects the request when the host answers with an error, and when the handler throws', async () => {
    const { webview } = pair((m) => {
      if (m.type === 'openImage') throw new Error('That image is gone.');
      return undefined;
    });
    await assert.rejects(webview.request({ type: 'openImage', resultId: 'img-1' }), /That image is gone\./);
  });

  it('refuses an invalid body, tells the sender why, and never calls the handler', async () => {
    let called = 0;
    const { webview, hostRefusals } = pair(() => {
      called++;
      return undefined;
    });
    // A webview that bypasses the types (a compromised page) sends a raw path.
    const bogus = { type: 'openImage', resultId: '../../etc/passwd' } as unknown as FromWebview;
    await assert.rejects(webview.request(bogus), /Refused: resultId has an invalid value/);
    assert.equal(called, 0);
    assert.deepEqual(hostRefusals, ['resultId has an invalid value']);
  });

  it('refuses malformed envelopes and replies to requests nobody sent', async () => {
    const refused: string[] = [];
    const host = new MessageHandler<ToWebview, FromWebview>({
      post: () => assert.fail('nothing should be sent back'),
      parse: parseFromWebview,
      onMessage: () => assert.fail('handler must not run'),
      onRefused: (r) => refused.push(r),
    });
    for (const raw of [
      null,
      'ready',
      [],
      { body: { type: 'ready' } },
      { messageId: 0, body: { type: 'ready' } },
      { messageId: 1.5, body: {} },
      { messageId: 1, body: { type: 'ready' }, extra: true },
      { messageId: 1, inReplyTo: 99, body: { type: 'ready' } },
    ]) {
      assert.equal(await host.receive(raw), false, JSON.stringify(raw));
    }
    assert.equal(refused.length, 8);
    assert.ok(refused.includes('reply to unknown request 99'));
  });

  it('rejects every waiting request on dispose', async () => {
    const webview = new MessageHandler<FromWebview, ToWebview>({ post: () => {}, parse: parseToWebview, onMessage: () => undefined });
    const waiting = webview.request({ type: 'ready' });
    webview.dispose();
    await assert.rejects(waiting, /closed/);
    assert.equal(webview.pendingCount, 0);
  });

  it('parseEnvelope keeps the body for the caller to validate', () => {
    assert.deepEqual(parseEnvelope({ messageId: 3, inReplyTo: 2, body: 'x' }), {
      ok: true,
      value: { messageId: 3, inReplyTo: 2, body: 'x' },
    });
  });
});
