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
  it('puts a Markdown image in a paragraph of its own: a blank line from the text before and after', () => {
    const link = '![A fox](images/fox.png)';
    assert.equal(
      onOwnLine('markdown', link, '', '# Sample workspace'),
      `${link}\n\n`,
      'at the start of a heading: the heading moves down, intact',
    );
    assert.equal(onOwnLine('markdown', link, 'Some text', ''), `\n\n${link}`);
    assert.equal(onOwnLine('markdown', link, 'Some ', 'text'), `\n\n${link}\n\n`);
    assert.equal(onOwnLine('markdown', link, '   ', '  '), link, 'blank around it: as it is');
    // On the empty line right under a paragraph, Markdown would make the image part of that paragraph.
    assert.equal(onOwnLine('markdown', link, '', '', 'The last line of a paragraph.', ''), `\n${link}`);
    assert.equal(onOwnLine('markdown', link, '', '', '', 'The next paragraph.'), `${link}\n`);
    assert.equal(onOwnLine('markdown', link, '', '', '', ''), link, 'between blank lines: as it is');
    // Applied to "para\n|\nnext": para, blank, image, blank, next.
    const applied = `para\n${onOwnLine('markdown', link, '', '', 'para', 'next')}\nnext`;
    assert.equal(applied, `para\n\n${link}\n\nnext`);
    assert.equal(onOwnLine('html', '<img src="a.png" alt="">', '<p>', '</p>'), '\n<img src="a.png" alt="">\n');
  });

  it('leaves a bare path exactly at the cursor (code, strings)', () => {
    assert.equal(onOwnLine('typescript', 'images/fox.png', "const src = '", "';"), 'images/fox.png');
  });
});
