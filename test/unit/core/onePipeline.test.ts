// The CLI and the extension used to shape variations-through-edits and name files differently;
// both now call these core functions.
import assert from 'node:assert/strict';
import { variationAsEdit } from '../../../src/core/models/variationAsEdit';
import { resultBaseName } from '../../../src/core/save/fileNames';
import { png } from '../support';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

describe('one pipeline: request shape and names shared by the CLI and the host', () => {
  const image = png(512, 512, 'photos/cat.png');
  const date = new Date(2026, 5, 1, 9, 30, 0);

  it('a variation through /edits keeps a size the edit model takes and drops one it refuses', () => {
    assert.equal(variationAsEdit(BUILT_IN_MODELS, 'gpt-image-1.5', 'vary it', image, { size: '1024x1024', n: 2 }).size, '1024x1024');
    const dropped = variationAsEdit(BUILT_IN_MODELS, 'gpt-image-1.5', 'vary it', image, { size: '256x256' });
    assert.equal('size' in dropped, false, 'a size gpt-image-1.5 refuses on /edits was kept');
    assert.deepEqual({ ...dropped, images: dropped.images.length }, { model: 'gpt-image-1.5', prompt: 'vary it', images: 1 });
  });

  it('a variation is named after its input, whichever endpoint made it; other results after the prompt', () => {
    const viaEdits = variationAsEdit(BUILT_IN_MODELS, 'gpt-image-1.5', 'Create a variation of this image', image, {});
    assert.equal(resultBaseName('{slug}-{index}', viaEdits, true, 'gpt-image-1.5', 0, date), 'variation-cat-1');
    assert.equal(resultBaseName('{slug}-{index}', { model: 'dall-e-2', image }, true, 'dall-e-2', 1, date), 'variation-cat-2');
    assert.equal(
      resultBaseName('{slug}-{date}', { model: 'gpt-image-2', prompt: 'A red fox. In snow' }, false, 'gpt-image-2', 0, date),
      'a-red-fox-in-snow-20260601-093000',
    );
  });
});
