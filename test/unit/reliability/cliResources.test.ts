// Resources through the real CLI: bodies, stream lines and downloads that never end are refused at
// the size of the largest real image (the process neither grows until V8 aborts nor saves the
// bytes), and a disk that fills up while writing leaves no temp file and no empty sidecar.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { filesBelow, makeTempDir, removeTempDir, runCliAgainst } from './cliHarness';
import { spawnCli } from './cliProcess';

/** Figures for the notes: peak memory and time to fail of each bounded-body case. */
export const BOUNDED_BODY_FIGURES: Array<{ name: string; peakRssMb?: number; ms: number }> = [];

describe('reliability: unbounded bodies and a full disk through the CLI', function () {
  this.timeout(60000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  after(() => {
    for (const f of BOUNDED_BODY_FIGURES)
      console.log(`      figure: ${f.name}: peak RSS ${f.peakRssMb ?? '?'} MB, failed after ${f.ms} ms`);
  });
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  const cases = [
    {
      name: 'a JSON body that never ends',
      fault: { kind: 'endless_json' } as const,
      args: [],
      message: /answer to \/images\/generations is larger than 65 MB, more than any image/,
    },
    {
      name: 'an event stream line that never ends',
      fault: { kind: 'endless_stream_line' } as const,
      args: ['--stream'],
      message: /event longer than 64 MB, more than any image can be/,
    },
    {
      name: 'a result download that never ends',
      fault: { kind: 'endless_download' } as const,
      args: [],
      message: /answer to the result URL is larger than 48 MB/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: refused at the bound, in a process capped at a 512 MB heap, nothing saved`, async () => {
      server.queueFault(c.fault);
      const r = await spawnCli(
        ['generate', '--prompt', 'x', '--out', dir, ...c.args],
        { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl },
        { maxOldSpaceMb: 512 },
      );
      BOUNDED_BODY_FIGURES.push({ name: c.name, ms: r.ms, ...(r.peakRssMb !== undefined ? { peakRssMb: r.peakRssMb } : {}) });
      assert.equal(r.signal, null, `the CLI died: ${r.stderr.slice(-300)}`);
      assert.equal(r.code, 1, r.stderr.slice(-500));
      assert.match(r.stderr, c.message);
      assert.deepEqual(filesBelow(dir), []);
    });
  }

  describe('a full disk (a 200 KB tmpfs)', () => {
    let disk: string;
    before(function () {
      disk = join(makeTempDir('image-studio-disk-'), 'mnt');
      mkdirSync(disk);
      const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', disk]);
      if (r.status !== 0) this.skip();
    });
    after(() => {
      if (!disk) return;
      spawnSync('umount', [disk]);
      rmSync(join(disk, '..'), { recursive: true, force: true });
    });

    // Free space from none to enough for two images, in pages: the disk fills during an image's
    // temp write, during a sidecar, or between them.
    for (const freeKb of [0, 8, 20, 28, 36, 52, 60]) {
      it(`${freeKb} KB free for 4 images: no temp file, no empty or partial file, every loss reported`, async () => {
        const out = join(disk, `run-${freeKb}`);
        mkdirSync(out);
        const filler = join(disk, 'filler');
        writeFileSync(filler, '');
        fill(filler, freeKb);
        try {
          const r = await runCliAgainst(server, ['generate', '--prompt', 'a full disk', '--n', '4', '--out', out, '--json']);
          const result = JSON.parse(r.stdout) as { files: Array<{ path: string; sidecar?: string }>; failures: Array<{ message: string }> };
          assert.equal(r.code, result.failures.length ? 1 : 0);
          const files = filesBelow(out);
          assert.deepEqual(
            files.filter((f) => f.includes('.image-studio-') || f.endsWith('.tmp')),
            [],
            'a temp file was left',
          );
          for (const f of files) assert.ok(statSync(join(out, f)).size > 0, `${f} is empty`);
          for (const f of files.filter((n) => n.endsWith('.json')))
            assert.doesNotThrow(() => JSON.parse(readFileSync(join(out, f), 'utf8')), `${f} is partial`);
          // Every image is either on disk (named in files) or reported; no image file is unnamed.
          const images = files.filter((f) => f.endsWith('.png'));
          assert.equal(images.length, result.files.length);
          assert.equal(
            result.files.length + result.failures.filter((f) => /arrived but could not be written/.test(f.message)).length,
            4,
            r.stdout,
          );
          for (const f of result.files)
            if (!f.sidecar)
              assert.ok(
                result.failures.some((x) => x.message.includes(f.path) && /sidecar could not be written/.test(x.message)),
                `${f.path} lost its sidecar silently`,
              );
        } finally {
          rmSync(filler, { force: true });
          rmSync(out, { recursive: true, force: true });
        }
      });
    }
  });
});

/** Grows `file` until only about `freeKb` KB are left on its file system. */
function fill(file: string, freeKb: number): void {
  const df = spawnSync('df', ['--output=avail', '-k', file], { encoding: 'utf8' });
  const avail = Number(df.stdout.trim().split('\n').pop());
  const bytes = Math.max(0, (avail - freeKb) * 1024);
  try {
    writeFileSync(file, Buffer.alloc(bytes));
  } catch {
    // The tmpfs rounds to pages: what fitted is enough filling.
  }
}
