// Reliability through the extension: the parts of the bad input corpus that editAndVariation.test.ts
// does not already cover (it has: not an image, truncated PNG, bomb dimensions, mask size, mask
// without alpha, opaque mask, 17 inputs, prompt over 32000, a file outside the workspace), plus the
// output folder and file-name template cases. Each is refused with a clear message (templates are
// sanitized instead), nothing is sent, nothing is written outside the workspace or overwritten.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobCommandResult } from '../../../src/host/commands/jobReporting';
import { encodePng as solidPng, encodePngSpec } from '../../support/png';
import { jpegHeader } from '../../fixtures/imageCorpus';
import { animatedWebp, paddedPng } from '../../unit/reliability/corpusExtras';
import { fakeApiForSuite, filesIn, setUserSettings, workspaceFolder } from '../support/fakeApi';

async function put(relative: string, bytes: Uint8Array): Promise<string> {
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceFolder().uri, ...relative.split('/')), bytes);
  return relative;
}

interface HostBadInput {
  name: string;
  command: 'editImage' | 'createVariation' | 'generateImage';
  args: () => Promise<Record<string, unknown>>;
  compatible?: boolean;
  message: RegExp;
}

const photo = solidPng(64, 64);

/** Inputs (9 rows) and output folders (5 rows) refused before anything is sent. */
export const HOST_BAD_INPUTS: HostBadInput[] = [
  {
    name: 'zero-byte file',
    command: 'editImage',
    args: async () => ({ image: await put('bad2/empty.png', new Uint8Array(0)) }),
    message: /empty\.png: The file is empty/,
  },
  {
    name: '16-bit grayscale PNG as the mask',
    command: 'editImage',
    args: async () => ({
      image: await put('bad2/a.png', photo),
      mask: await put('bad2/a16.mask.png', encodePngSpec({ width: 64, height: 64, colorType: 0, bitDepth: 16 })),
    }),
    message: /no alpha channel/,
  },
  {
    name: 'palette PNG with tRNS as the mask',
    command: 'editImage',
    args: async () => ({
      image: await put('bad2/b.png', photo),
      mask: await put(
        'bad2/pal.mask.png',
        encodePngSpec({ width: 64, height: 64, colorType: 3, bitDepth: 8, trns: Uint8Array.of(0, 128) }),
      ),
    }),
    message: /palette or color key \(tRNS\)/,
  },
  {
    name: 'CMYK JPEG as the mask',
    command: 'editImage',
    args: async () => ({
      image: await put('bad2/c.png', photo),
      mask: await put('bad2/cmyk-mask.jpg', jpegHeader({ width: 64, height: 64, components: 4 })),
    }),
    message: /mask must be a PNG/,
  },
  {
    name: 'animated WebP',
    command: 'editImage',
    args: async () => ({ image: await put('bad2/loop.webp', animatedWebp()) }),
    message: /animated/,
  },
  {
    name: 'file over 50 MB',
    command: 'editImage',
    args: async () => ({ image: await put('bad2/huge.png', paddedPng(64, 64, 50 * 1024 * 1024 + 10)) }),
    message: /under 50 MB/,
  },
  {
    name: 'file over 4 MB for dall-e-2 variations',
    command: 'createVariation',
    compatible: true,
    args: async () => ({ image: await put('bad2/big.png', paddedPng(64, 64, 4 * 1024 * 1024 + 10)), model: 'dall-e-2' }),
    message: /limit is 4\.0 MB/,
  },
  {
    name: "a prompt over dall-e-2's 1000 characters",
    command: 'generateImage',
    compatible: true,
    args: async () => ({ model: 'dall-e-2', size: '256x256', prompt: 'x'.repeat(1001) }),
    message: /prompt 'of 1001 characters'.*at most 1000/,
  },
  {
    name: "a prompt over dall-e-3's 4000 characters",
    command: 'generateImage',
    compatible: true,
    args: async () => ({ model: 'dall-e-3', prompt: 'x'.repeat(4001) }),
    message: /at most 4000/,
  },
  {
    name: 'output folder with ..',
    command: 'generateImage',
    args: async () => ({ outputFolder: 'images/../../up' }),
    message: /outside the workspace folder/,
  },
  {
    name: 'absolute output folder',
    command: 'generateImage',
    args: async () => ({ outputFolder: '/tmp/image-studio-abs' }),
    message: /not relative to the workspace folder/,
  },
  {
    name: 'Windows drive output folder',
    command: 'generateImage',
    args: async () => ({ outputFolder: 'C:\\Users\\x' }),
    message: /not relative to the workspace folder/,
  },
  {
    name: 'home-relative output folder',
    command: 'generateImage',
    args: async () => ({ outputFolder: '~/Pictures' }),
    message: /not relative to the workspace folder/,
  },
  {
    name: 'output folder with control characters',
    command: 'generateImage',
    args: async () => ({ outputFolder: 'images/\u0007bell' }),
    message: /control characters/,
  },
];

describe('reliability: bad input through the commands (real workspace)', function () {
  this.timeout(60000);
  const api = fakeApiForSuite();
  afterEach(() => api().setMode({ provider: 'openai' }));

  for (const c of HOST_BAD_INPUTS) {
    it(`refuses ${c.name}: nothing sent, nothing written`, async () => {
      if (c.compatible) {
        api().setMode({ provider: 'compatible' });
        await setUserSettings({ provider: 'compatible' });
      }
      try {
        const args = { prompt: 'a new version', model: 'gpt-image-2', mask: null, outputFolder: 'images/bad2-out', ...(await c.args()) };
        const result = await vscode.commands.executeCommand<JobCommandResult>(`imageStudio.${c.command}`, args);
        assert.match(result.error ?? JSON.stringify(result), c.message);
        assert.equal(api().requests.length, 0, 'a request was sent');
        assert.deepEqual(await filesIn('images/bad2-out'), [], 'something was written');
      } finally {
        if (c.compatible) await setUserSettings({ provider: undefined });
      }
    });
  }

  it('keeps hostile file-name templates inside the output folder and overwrites nothing', async () => {
    const config = vscode.workspace.getConfiguration('imageStudio');
    const cases: Array<[string, RegExp]> = [
      ['../../escape', /^escape\.png$/],
      ['/etc/passwd', /^etc-passwd\.png$/],
      ['CON', /^_CON\.png$/],
      ['a\u0001b\u001fc', /^a-b-c\.png$/],
    ];
    await put('images/templates/escape.png', new TextEncoder().encode('mine'));
    try {
      for (const [template, expected] of cases) {
        await config.update('fileNameTemplate', template, vscode.ConfigurationTarget.Workspace);
        const before = await filesIn('images/templates');
        const result = await vscode.commands.executeCommand<JobCommandResult>('imageStudio.generateImage', {
          prompt: 'x',
          model: 'gpt-image-1.5',
          size: '1024x1024',
          outputFolder: 'images/templates',
        });
        assert.equal(result.saved.length, 1, JSON.stringify(result));
        const [dir, name] = [result.saved[0]!.slice(0, result.saved[0]!.lastIndexOf('/')), result.saved[0]!.split('/').pop()!];
        assert.equal(dir, 'images/templates');
        // escape.png existed: the new image takes escape-2.png and the old file is untouched.
        assert.match(name.replace(/-2\.png$/, '.png'), expected);
        assert.deepEqual((await filesIn('images/templates')).filter((f) => !before.includes(f)).sort(), [name, `${name}.json`].sort());
      }
      const kept = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder().uri, 'images', 'templates', 'escape.png'));
      assert.equal(new TextDecoder().decode(kept), 'mine');
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(workspaceFolder().uri, '..', 'escape.png'))));
    } finally {
      await config.update('fileNameTemplate', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
