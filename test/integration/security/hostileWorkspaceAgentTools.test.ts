// Security: in Restricted Mode (a workspace the user has not trusted) the agent tools read, write
// and send nothing, and say why, with no confirmation to click. The harness runs this suite in its
// untrusted session (its name starts with security/hostileWorkspace) and in the trusted one, where
// the same calls do run.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../support/extension';
import { resetSettings, useFakeApi, workspaceFolder } from '../support/fakeApi';
import type { FakeImagesApi } from '../../fakeServer/server';

const CALLS: Array<[string, object]> = [
  ['image_studio_generate', { prompt: 'A lighthouse', path: 'restricted/lighthouse.png', size: '1024x1024' }],
  ['image_studio_edit', { images: ['restricted/in.png'], prompt: 'x' }],
  ['image_studio_assets', { action: 'add', path: 'restricted/coin.png', prompt: 'A coin', manifest: 'restricted/image-studio.json' }],
  ['image_studio_assets', { action: 'status', manifest: 'restricted/image-studio.json' }],
];

describe('security: the agent tools in Restricted Mode', function () {
  this.timeout(60000);
  let api: FakeImagesApi;

  before(async () => {
    await activateExtension();
    api = await useFakeApi();
  });
  after(async () => {
    await resetSettings();
    await api.close();
  });

  it('refuse every call and say so when the workspace is not trusted; run when it is', async function () {
    const expected = process.env.IMAGE_STUDIO_TEST_TRUST;
    if (expected) assert.equal(vscode.workspace.isTrusted, expected === 'trusted', `the workspace should be ${expected} in this session`);
    if (vscode.workspace.isTrusted) {
      // Trusted: status runs (no confirmation needed) and answers from the files.
      const result = await vscode.lm.invokeTool('image_studio_assets', { input: CALLS[3]![1], toolInvocationToken: undefined });
      assert.match((result.content[0] as vscode.LanguageModelTextPart).value, /There is no manifest at restricted\/image-studio\.json/);
      return;
    }
    for (const [name, input] of CALLS) {
      const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
      const text = (result.content[0] as vscode.LanguageModelTextPart).value;
      assert.match(text, /disabled in Restricted Mode/, name);
      assert.match(text, /nothing was read, written or sent/);
    }
    assert.equal(api.requests.length, 0, 'nothing was sent');
    const written = await Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(workspaceFolder().uri, 'restricted'))).then(
      () => true,
      () => false,
    );
    assert.equal(written, false, 'nothing was written');
  });
});
