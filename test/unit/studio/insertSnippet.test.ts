import assert from 'node:assert/strict';
import { altFromPrompt, imageSnippet, linkStyleFor, onOwnLine, relativeTo } from '../../../src/host/studio/insertSnippet';

describe('image link inserted into a document', () => {
  it('is relative to the document', () => {
    assert.equal(relativeTo('/ws/docs/guide/intro.md', '/ws/images/fox-1.png'), '../../images/fox-1.png');
    assert.equal(relativeTo('/ws/README.md', '/ws/images/fox-1.png'), 'images/fox-1.png');
    assert.equal(relativeTo('/ws/images/notes.md', '/ws/images/fox-1.png'), 'fox-1.png');
  });

  it('is Markdown for Markdown, <img> for HTML-like languages, the bare path elsewhere', () => {
    assert.equal(imageSnippet('markdown', 'images/fox-1.png', 'A red fox'), '![A red fox](images/fox-1.png)');
    assert.equal(imageSnippet('html', 'images/fox-1.png', 'A red fox'), '<img src="images/fox-1.png" alt="A red fox">');
    assert.equal(linkStyleFor('typescriptreact'), 'html');
    assert.equal(imageSnippet('plaintext', 'images/fox 1.png', 'A red fox'), 'images/fox 1.png');
  });

  it('escapes what would break the link or the markup', () => {
    assert.equal(
      imageSnippet('markdown', 'my images/fox (1).png', 'a [bracketed] fox'),
      '![a \\[bracketed\\] fox](my%20images/fox%20%281%29.png)',
    );
    assert.equal(imageSnippet('html', 'images/a&b.png', 'say "hi" <b>'), '<img src="images/a%26b.png" alt="say &quot;hi&quot; &lt;b&gt;">');
  });

  it('takes alt text from the prompt: one line, bounded', () => {
    assert.equal(altFromPrompt('  a fox\n\nin   snow '), 'a fox in snow');
    assert.equal(altFromPrompt('x'.repeat(500)).length, 120);
    assert.equal(altFromPrompt('   '), 'Generated image');
  });
});

describe('inserting on a line of its own', () => {
  it('puts a newline before the link when text precedes it and after when text follows', () => {
    const link = '![A fox](images/fox.png)';
    assert.equal(
      onOwnLine('markdown', link, '', '# Sample workspace'),
      `${link}\n`,
      'at the start of a heading: the heading moves down, intact',
    );
    assert.equal(onOwnLine('markdown', link, 'Some text', ''), `\n${link}`);
    assert.equal(onOwnLine('markdown', link, 'Some ', 'text'), `\n${link}\n`);
    assert.equal(onOwnLine('markdown', link, '   ', '  '), link, 'blank around it: as it is');
    assert.equal(onOwnLine('html', '<img src="a.png" alt="">', '<p>', '</p>'), '\n<img src="a.png" alt="">\n');
  });

  it('leaves a bare path exactly at the cursor (code, strings)', () => {
    assert.equal(onOwnLine('typescript', 'images/fox.png', "const src = '", "';"), 'images/fox.png');
  });
});
