import assert from 'node:assert/strict';
import { FileExistsError } from '../../../src/core/save/fileSystem';
import { discardHistory, replaceWithHistory, restoreFromHistory } from '../../../src/core/save/replaceFile';
import { writeNewFile, writeSidecar } from '../../../src/core/save/writeFiles';
import { MemoryFileSystem } from './memoryFileSystem';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);
const NOW = new Date(2026, 5, 1, 12, 0, 0);

describe('save pipeline (core, behind a file-system interface)', () => {
  it('picks a name whose sidecar name is free too, and never replaces a file', async () => {
    const fs = new MemoryFileSystem();
    fs.files.set('/o/cat.png', bytes('old'));
    fs.files.set('/o/cat-2.png.json', bytes('orphan sidecar'));
    const written = await writeNewFile(fs, '/o', 'cat', 'png', bytes('new'), { sidecar: true });
    assert.equal(written.name, 'cat-3.png');
    assert.equal(text(fs.files.get('/o/cat.png')), 'old');
    await writeSidecar(fs, written.path, { prompt: 'cat' });
    assert.equal(text(fs.files.get('/o/cat-3.png.json')), '{\n  "prompt": "cat"\n}\n');
    await assert.rejects(writeSidecar(fs, written.path, {}), FileExistsError);
    assert.deepEqual(fs.list(), ['/o/cat-2.png.json', '/o/cat-3.png', '/o/cat-3.png.json', '/o/cat.png']);
  });

  it('a name taken between the check and the rename is skipped, not overwritten', async () => {
    const fs = new MemoryFileSystem();
    let raced = false;
    fs.beforeRename = (to) => {
      if (!raced && to === '/o/dog.png') {
        raced = true;
        fs.files.set('/o/dog.png', bytes('someone else'));
      }
    };
    const written = await writeNewFile(fs, '/o', 'dog', 'png', bytes('mine'));
    assert.equal(written.name, 'dog-2.png');
    assert.equal(text(fs.files.get('/o/dog.png')), 'someone else');
  });

  it('a full disk leaves no temp file, for images and for sidecars', async () => {
    const fs = new MemoryFileSystem();
    fs.faults.writeFile = () => true;
    await assert.rejects(writeNewFile(fs, '/o', 'x', 'png', bytes('12345678')), /ENOSPC/);
    await assert.rejects(writeSidecar(fs, '/o/x.png', { a: 1 }), /ENOSPC/);
    await assert.rejects(replaceWithHistory({ fs, path: '/o/y.png', historyDir: '/o/h', now: NOW }, bytes('img'), {}), /ENOSPC/);
    assert.deepEqual(fs.list(), []);
  });

  it('replacing keeps the old image and sidecar in the history; Revert and Keep', async () => {
    const fs = new MemoryFileSystem();
    fs.files.set('/w/a.png', bytes('v1'));
    fs.files.set('/w/a.png.json', bytes('{"v":1}'));
    const target = { fs, path: '/w/a.png', historyDir: '/w/.image-studio/history/a.png', now: NOW };
    const entry = await replaceWithHistory(target, bytes('v2'), { v: 2 });
    assert.deepEqual(entry, {
      image: '/w/.image-studio/history/a.png/20260601-120000.png',
      sidecar: '/w/.image-studio/history/a.png/20260601-120000.png.json',
    });
    assert.equal(text(fs.files.get('/w/a.png')), 'v2');
    assert.equal(text(fs.files.get(entry!.image)), 'v1');
    const back = await restoreFromHistory(target, entry!);
    assert.equal(text(fs.files.get('/w/a.png')), 'v1');
    assert.deepEqual(JSON.parse(text(fs.files.get('/w/a.png.json'))), { v: 1 });
    assert.ok(!fs.files.has(entry!.image), 'the restored entry stayed in the history');
    assert.equal(text(fs.files.get(back!.image)), 'v2', 'the reverted version was not kept');
    await discardHistory(fs, back!);
    assert.deepEqual(fs.list(), ['/w/a.png', '/w/a.png.json']);
  });

  it('versions replaced in the same second never share a history name, even one taken meanwhile', async () => {
    const fs = new MemoryFileSystem();
    fs.files.set('/w/a.png', bytes('v1'));
    const dir = '/w/.image-studio/history/a.png';
    // Another writer (a second window, the CLI) takes the first free name just before the move.
    let raced = false;
    fs.beforeRename = (to) => {
      if (!raced && to === `${dir}/20260601-120000-2.png`) {
        raced = true;
        fs.files.set(to, bytes('someone else'));
      }
    };
    const target = { fs, path: '/w/a.png', historyDir: dir, now: NOW };
    const first = await replaceWithHistory(target, bytes('v2'), { v: 2 });
    const second = await replaceWithHistory(target, bytes('v3'), { v: 3 });
    const back = await restoreFromHistory(target, first!);
    assert.deepEqual(
      [first!.image, second!.image, back!.image],
      [`${dir}/20260601-120000.png`, `${dir}/20260601-120000-3.png`, `${dir}/20260601-120000-4.png`],
    );
    assert.equal(text(fs.files.get(`${dir}/20260601-120000-2.png`)), 'someone else', 'a name taken meanwhile was replaced');
    assert.equal(text(fs.files.get(second!.image)), 'v2');
    assert.equal(text(fs.files.get(back!.image)), 'v3', 'the version a restore replaced is kept for its review');
    assert.equal(text(fs.files.get('/w/a.png')), 'v1');
  });

  it('a failure after the old version was moved puts it back and leaves no temp file', async () => {
    const fs = new MemoryFileSystem();
    fs.files.set('/w/a.png', bytes('v1'));
    fs.files.set('/w/a.png.json', bytes('{"v":1}'));
    // The new sidecar cannot be renamed into place (after the new image was).
    fs.faults.rename = (from, to) => to === '/w/a.png.json' && from.endsWith('.tmp');
    await assert.rejects(replaceWithHistory({ fs, path: '/w/a.png', historyDir: '/w/h', now: NOW }, bytes('v2'), { v: 2 }), /EIO/);
    assert.deepEqual(fs.list(), ['/w/a.png', '/w/a.png.json']);
    assert.equal(text(fs.files.get('/w/a.png')), 'v1');
    assert.equal(text(fs.files.get('/w/a.png.json')), '{"v":1}');
  });

  it('a last check before replacing can stop it (a file edited while the image was made)', async () => {
    const fs = new MemoryFileSystem();
    fs.files.set('/w/a.png', bytes('hand edit'));
    await assert.rejects(
      replaceWithHistory(
        {
          fs,
          path: '/w/a.png',
          historyDir: '/w/h',
          now: NOW,
          beforeReplace: async () => {
            throw new Error('changed by hand');
          },
        },
        bytes('v2'),
        {},
      ),
      /changed by hand/,
    );
    assert.deepEqual(fs.list(), ['/w/a.png']);
  });
});
