// The agent tools' shared layer (src/core/agent) on its own: how an agent's path is resolved in the
// root, how a call's input is checked, and what a call is estimated to cost.
import assert from 'node:assert/strict';
import { defaultMaxCost, describePlan, planCost } from '../../../src/core/agent/agentCost';
import { relativeInRoot } from '../../../src/core/agent/agentRoot';
import { ASSETS_TOOL, GENERATE_TOOL } from '../../../src/core/agent/toolDefinitions';
import { checkToolInput } from '../../../src/core/agent/toolInput';
import { DEFAULT_PRICES } from '../../../src/core/pricing';
import { CANARY_KEY } from '../support';

describe('agent tools: the shared layer', () => {
  describe('paths an agent names', () => {
    const root = { absolute: '/home/me/game' };
    const inside: Array<[string, string]> = [
      ['assets/coin.png', 'assets/coin.png'],
      ['./assets//coin.png', 'assets/coin.png'],
      ['assets\\sprites\\coin.png', 'assets/sprites/coin.png'],
      ['a/b/../coin.png', 'a/coin.png'],
      ['/home/me/game/assets/coin.png', 'assets/coin.png'],
      ['/home/me/game', ''],
      ['file:///home/me/game/art/hero%20one.png', 'art/hero one.png'],
      ['.', ''],
    ];
    for (const [input, expected] of inside)
      it(`keeps ${JSON.stringify(input)} inside as ${JSON.stringify(expected)}`, () => assert.equal(relativeInRoot(root, input), expected));

    const outside = [
      '../escape.png',
      'a/../../escape.png',
      '/home/me/gamer/x.png',
      '/etc/passwd',
      'C:\\Windows\\x.png',
      '~/.ssh/id_rsa',
      'file:///etc/passwd',
      'https://example.com/x.png',
    ];
    for (const input of outside)
      it(`refuses ${JSON.stringify(input)}`, () => assert.throws(() => relativeInRoot(root, input), /outside the workspace folder/));

    it('refuses control characters and any absolute path when the root has no OS path (a virtual folder)', () => {
      assert.throws(() => relativeInRoot(root, 'a\u0000b.png'), /control characters/);
      assert.throws(() => relativeInRoot({}, '/home/me/game/a.png'), /outside the workspace folder/);
    });

    it('compares Windows drive paths without regard to case', () => {
      assert.equal(relativeInRoot({ absolute: 'C:\\Users\\me\\game' }, 'c:/users/me/game/art/a.png'), 'art/a.png');
    });
  });

  describe('input checks', () => {
    it('names every problem of a call in one refusal', () => {
      assert.throws(
        () => checkToolInput(GENERATE_TOOL, { prompt: '', n: 11, background: 'clear', apiKey: CANARY_KEY }),
        (e: Error) =>
          /prompt is empty/.test(e.message) &&
          /n must be from 1 to 10/.test(e.message) &&
          /background must be one of auto, transparent, opaque/.test(e.message) &&
          /apiKey is not an option of this tool/.test(e.message) &&
          !e.message.includes(CANARY_KEY),
      );
    });

    it('checks lists, nested maps and required fields', () => {
      assert.throws(() => checkToolInput(ASSETS_TOOL, {}), /action is required/);
      assert.throws(() => checkToolInput(ASSETS_TOOL, { action: 'build', paths: 'a.png' }), /paths must be a list/);
      assert.throws(() => checkToolInput(ASSETS_TOOL, { action: 'add', sizes: { 'a.png': 32 } }), /sizes\.a\.png must be a string/);
      assert.deepEqual(checkToolInput(ASSETS_TOOL, { action: 'status' }), { action: 'status' });
    });
  });

  describe('cost', () => {
    it('limits the MCP server by default to one high-quality image of the default model', () => {
      assert.equal(defaultMaxCost(DEFAULT_PRICES), 0.25);
    });

    it('prices a known model as a range, and an unknown one as the default limit per image, saying so', () => {
      const known = planCost(DEFAULT_PRICES, [{ model: 'gpt-image-1-mini', quality: 'low', size: '1024x1024', n: 2 }]);
      assert.deepEqual([known.low, known.high, known.text], [0.01, 0.01, 'about $0.01']);
      const unknown = planCost(DEFAULT_PRICES, [{ model: 'my-local-diffusion', n: 3 }], 'inputs');
      assert.equal(unknown.high, 0.75);
      assert.match(unknown.text, /no price is known for my-local-diffusion: counted as \$0\.25 an image; plus the input images/);
    });

    it('describes a plan for a confirmation: what is sent, where it goes, what it costs', () => {
      assert.deepEqual(describePlan({ sends: 'x', writes: 'y', cost: { low: 1, high: 2, text: '$1.00 to $2.00' } }), [
        'Sends: x',
        'Writes: y',
        'Estimated cost: $1.00 to $2.00',
      ]);
      assert.deepEqual(describePlan({ writes: 'image-studio.json' }), ['Sends nothing to the Images API.', 'Writes: image-studio.json']);
    });
  });
});
