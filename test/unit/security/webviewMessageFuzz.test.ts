// Security: thousands of seeded random and malformed webview messages through the real validator
// and the real MessageHandler the Studio host uses. Nothing may throw, nothing invalid may reach the
// handler, every refused request gets a short refusal (no hanging promise on the other side), and
// whatever is accepted is exactly one of the protocol's shapes with no path in it. The integration
// suite (test/integration/security/) sends a few hundred of the same messages to the real panel.
import assert from 'node:assert/strict';
import { MessageHandler } from '../../../src/shared/messageHandler';
import { LIMITS, type FromWebview, type ToWebview } from '../../../src/shared/protocol';
import { ID_PATTERN, parseFromWebview } from '../../../src/shared/validateMessages';
import { fuzzMessages } from './messageFuzz';

/** Fixed seed and count, reported with the suite. */
export const FUZZ_SEED = 20261121;
export const FUZZ_COUNT = 5000;

const FIELDS: Record<FromWebview['type'], string[]> = {
  ready: ['type'],
  generate: ['type', 'jobId', 'params'],
  cancel: ['type', 'jobId'],
  details: ['type', 'resultId'],
  openImage: ['type', 'resultId'],
  revealImage: ['type', 'resultId'],
  copyPath: ['type', 'resultId'],
  insertImage: ['type', 'resultId'],
  useAsInput: ['type', 'resultId', 'purpose'],
  chooseInput: ['type', 'purpose'],
  edit: ['type', 'jobId', 'params'],
  imageBytes: ['type', 'resultId'],
  reuse: ['type', 'resultId'],
  removeResult: ['type', 'resultId'],
  deleteResult: ['type', 'resultId'],
  addToAssets: ['type', 'resultId'],
  chooseOutputFolder: ['type'],
  history: ['type'],
  dropInput: ['type', 'uri'],
};

/** Independent checks of an accepted message (not a copy of the validator's rules). */
function assertWellFormed(m: FromWebview, how: string): void {
  const allowed = FIELDS[m.type];
  assert.ok(allowed, `accepted an unknown type (${how})`);
  assert.deepEqual(
    Object.keys(m).filter((k) => !allowed.includes(k)),
    [],
    `extra fields accepted (${how})`,
  );
  for (const key of ['jobId', 'resultId'] as const) {
    if (key in m) assert.match((m as unknown as Record<string, string>)[key]!, ID_PATTERN, `${key} (${how})`);
  }
  if (m.type === 'generate') {
    const p = m.params as unknown as Record<string, unknown>;
    assert.ok(typeof p.prompt === 'string' && p.prompt.length <= LIMITS.promptChars);
    assert.ok(typeof p.model === 'string' && !/[\\/]|\.\./.test(p.model), 'a path-like model');
    assert.ok(!('outputFolder' in p) && !('path' in p), 'a path field in generate params');
    if (p.n !== undefined) assert.ok(Number.isInteger(p.n) && (p.n as number) >= 1 && (p.n as number) <= LIMITS.maxN);
  }
}

describe('security: fuzzing the webview message handler (seeded)', function () {
  this.timeout(60000);

  it(`${FUZZ_COUNT} messages (seed ${FUZZ_SEED}): no throw, nothing invalid delivered, each refused request answered`, async () => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).length;
    const delivered: FromWebview[] = [];
    const posted: Array<{ inReplyTo?: number; body: ToWebview }> = [];
    let refusedCount = 0;
    const handler = new MessageHandler<ToWebview, FromWebview>({
      post: (e) => posted.push(e),
      parse: parseFromWebview,
      onMessage: (m) => {
        delivered.push(m);
        return undefined;
      },
      errorReply: (message) => ({ type: 'requestFailed', message }),
      onRefused: () => void refusedCount++,
    });
    const stats = { mustRefuse: 0, accepted: 0, refused: 0 };
    for (const msg of fuzzMessages(FUZZ_SEED, FUZZ_COUNT)) {
      const before = delivered.length;
      // The validator alone must never throw on any body (structured clone can carry anything).
      const body = msg.raw && typeof msg.raw === 'object' && 'body' in msg.raw ? (msg.raw as { body: unknown }).body : msg.raw;
      assert.doesNotThrow(() => parseFromWebview(body), msg.how);
      const ok = await handler.receive(msg.raw);
      if (msg.mustRefuse) {
        stats.mustRefuse++;
        assert.equal(ok, false, `accepted a broken message (${msg.how}): ${JSON.stringify(msg.raw)?.slice(0, 200)}`);
        assert.equal(delivered.length, before, `a broken message reached the handler (${msg.how})`);
      }
      if (ok) {
        stats.accepted++;
        assertWellFormed(delivered.at(-1)!, msg.how);
      } else stats.refused++;
    }
    assert.equal(stats.accepted + stats.refused, FUZZ_COUNT);
    assert.equal(refusedCount, stats.refused, 'every refusal was reported to the log hook');
    assert.ok(stats.mustRefuse >= FUZZ_COUNT * 0.6, `${stats.mustRefuse} certain refusals`);
    // Refusals are short and never echo long input back (a 33000-character prompt, say).
    const refusals = posted.filter((p) => p.body.type === 'requestFailed');
    assert.ok(refusals.length > 0);
    for (const r of refusals)
      assert.ok((r.body as { message: string }).message.length < 200, (r.body as { message: string }).message.slice(0, 80));
    assert.equal(handler.pendingCount, 0);
    assert.equal(Object.getOwnPropertyNames(Object.prototype).length, protoKeys, 'Object.prototype was polluted');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('the generator is deterministic: the same seed gives the same messages', () => {
    const a = JSON.stringify(fuzzMessages(7, 200).map((m) => m.how));
    assert.equal(JSON.stringify(fuzzMessages(7, 200).map((m) => m.how)), a);
    assert.notEqual(JSON.stringify(fuzzMessages(8, 200).map((m) => m.how)), a);
  });
});
