import assert from 'node:assert/strict';
import { insertInOrder, type Ordered } from '../../../src/host/studio/galleryOrder';
import { jobTitle, promptExcerpt } from '../../../src/host/commands/jobTitle';
import { historyFacts, reuseFromSidecar, routeOf } from '../../../src/host/studio/sidecarRecords';

describe('gallery order', () => {
  const ids = (list: Ordered[]) => list.map((r) => r.id);

  it('keeps a batch in index order whatever order its images arrive in, newest job first', () => {
    let list: Ordered[] = [{ id: 'old', index: 0 }];
    for (const index of [2, 0, 3, 1]) list = insertInOrder(list, { id: `a${index}`, index, batch: 'job-a' });
    assert.deepEqual(ids(list), ['a0', 'a1', 'a2', 'a3', 'old']);
    for (const index of [1, 0]) list = insertInOrder(list, { id: `b${index}`, index, batch: 'job-b' });
    assert.deepEqual(ids(list), ['b0', 'b1', 'a0', 'a1', 'a2', 'a3', 'old']);
    list = insertInOrder(list, { id: 'single', index: 0 });
    assert.equal(list[0]!.id, 'single');
  });

  it('moves a known id instead of duplicating it', () => {
    const list = insertInOrder(
      [
        { id: 'x', index: 0, batch: 'j' },
        { id: 'y', index: 1, batch: 'j' },
      ],
      { id: 'x', index: 0, batch: 'j' },
    );
    assert.deepEqual(ids(list), ['x', 'y']);
  });
});

describe('job titles (parallel palette jobs told apart)', () => {
  it('names the job by a bounded excerpt of its prompt, cut at a word', () => {
    assert.equal(jobTitle('A lighthouse on a cliff'), 'Image Studio: “A lighthouse on a cliff”');
    assert.equal(
      promptExcerpt('A lighthouse on a cliff at dusk, oil painting with dramatic clouds'),
      'A lighthouse on a cliff at dusk, oil…',
    );
    assert.equal(promptExcerpt('  two\n\nlines  '), 'two lines');
    assert.ok(promptExcerpt('x'.repeat(300)).length <= 40);
    assert.equal(jobTitle('   '), 'Image Studio');
  });
});

describe('sidecars read back (Use these settings, History)', () => {
  const sidecar = {
    provenanceVersion: 1,
    tool: 'image-studio',
    createdAt: '2026-03-01T10:00:00.000Z',
    endpoint: 'generations',
    model: 'gpt-image-1.5',
    prompt: 'A lighthouse',
    parameters: {
      n: 2,
      size: '1536x1024',
      quality: 'high',
      background: 'opaque',
      outputFormat: 'webp',
      outputCompression: 80,
      stream: true,
    },
    requestIds: ['req_1'],
    usage: { input_tokens: 10, output_tokens: 4000 },
    imageIndex: 1,
    format: 'webp',
    inputs: [],
  };

  it('gives the request that made an image', () => {
    assert.deepEqual(reuseFromSidecar(sidecar, { prompt: '', model: 'x', route: 'generations' }), {
      mode: 'generate',
      prompt: 'A lighthouse',
      model: 'gpt-image-1.5',
      size: '1536x1024',
      quality: 'high',
      background: 'opaque',
      n: 2,
      outputCompression: 80,
      outputFormat: 'webp',
    });
  });

  it('drops what a damaged or hostile sidecar puts in the wrong shape', () => {
    const bad = {
      ...sidecar,
      model: '../../etc',
      parameters: { size: '1024x1024; rm -rf', n: 99, quality: { x: 1 }, outputFormat: 'gif' },
    };
    assert.deepEqual(reuseFromSidecar(bad, { prompt: 'p', model: 'gpt-image-2', route: 'generations' }), {
      mode: 'generate',
      prompt: 'A lighthouse',
      model: 'gpt-image-2',
    });
    assert.deepEqual(reuseFromSidecar(undefined, { prompt: 'p', model: 'gpt-image-2', route: 'edits' }), {
      mode: 'edit',
      prompt: 'p',
      model: 'gpt-image-2',
    });
  });

  it('tells the routes apart; a variation’s stored instruction is not given back as a prompt', () => {
    assert.equal(routeOf({ endpoint: 'edits' }), 'edits');
    assert.equal(routeOf({ endpoint: 'edits', route: 'edits' }), 'edits-as-variation');
    assert.equal(routeOf({ endpoint: 'variations' }), 'variations');
    assert.equal(
      reuseFromSidecar(
        { ...sidecar, endpoint: 'edits', route: 'edits', prompt: 'Create a variation of this image' },
        { prompt: '', model: 'x', route: 'generations' },
      ).prompt,
      '',
    );
  });

  it('lists only Image Studio sidecars, with their facts', () => {
    assert.deepEqual(historyFacts(sidecar, '/ws/images/a.webp'), {
      createdAt: Date.parse('2026-03-01T10:00:00.000Z'),
      prompt: 'A lighthouse',
      model: 'gpt-image-1.5',
      route: 'generations',
      index: 1,
      format: 'webp',
      requestId: 'req_1',
      usage: { input_tokens: 10, output_tokens: 4000 },
    });
    // A 2.6 image's complexity comes back with it, so its cost line can name it.
    assert.equal(historyFacts({ ...sidecar, parameters: { complexity: 'low' } }, '/ws/images/a.webp')?.complexity, 'low');
    assert.equal(historyFacts({ name: 'package', version: '1.0.0' }, '/ws/a.png'), undefined);
    assert.equal(historyFacts('not an object', '/ws/a.png'), undefined);
    assert.equal(historyFacts({ ...sidecar, format: 'gif' }, '/ws/a.gif'), undefined);
  });
});
