import assert from 'node:assert/strict';
import type { DetailsMessage, FromWebview, InitMessage, ToWebview } from '../../../src/shared/protocol';
import { expectReply, isStudioRequest, REPLY_TYPE, type ReplyTo, type StudioReplies } from '../../../src/shared/studioReplies';

// The request→reply pairing of the Studio protocol, as data: a request resolves with its own reply
// type, and a reply of another type is an error, not a silent drop.
describe('shared: the Studio protocol pairs each request with its reply', () => {
  const details: DetailsMessage = { type: 'details', resultId: 'r1', json: '{}' };

  it('returns the reply its request is answered by', () => {
    const reply: ToWebview = details;
    const typed: DetailsMessage = expectReply({ type: 'details', resultId: 'r1' }, reply);
    assert.equal(typed.json, '{}');
    assert.equal(
      expectReply({ type: 'openImage', resultId: 'r1' }, { type: 'actionResult', status: 'done', message: 'Opened.' }).status,
      'done',
    );
  });

  it('refuses a reply of another type, naming both', () => {
    assert.throws(() => expectReply({ type: 'ready' }, details), /answered ready with details instead of init/);
    assert.throws(
      () => expectReply({ type: 'chooseInput', purpose: 'image' }, { type: 'progress', jobId: 'j', text: '' }),
      /instead of inputChosen/,
    );
  });

  it('knows which messages are requests: jobs and cancel are notifications', () => {
    const notifications: FromWebview[] = [
      { type: 'cancel', jobId: 'j' },
      { type: 'generate', jobId: 'j', params: { prompt: 'p', model: 'm' } },
    ];
    for (const m of notifications) assert.equal(isStudioRequest(m), false, m.type);
    for (const type of Object.keys(REPLY_TYPE)) assert.equal(isStudioRequest({ type } as FromWebview), true, type);
    assert.equal(Object.keys(REPLY_TYPE).length, 16);
  });

  it('types the pairing: the reply of `ready` is init, and no other message stands in for it', () => {
    const init: ReplyTo<{ type: 'ready' }> = {} as InitMessage;
    void init;
    // @ts-expect-error a details reply is not what `ready` is answered by (the type check fails the build otherwise).
    const wrong: StudioReplies['ready'] = details;
    void wrong;
  });
});
