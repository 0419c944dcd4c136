// Runs only in the harness's virtual-workspace session: the folder is `imagestudio-memfs:/workspace`,
// a file system that exists only in memory (test/fixtures/memfsExtension), as with GitHub
// Repositories or other virtual file systems. The manifest claims virtual workspaces: Image Studio
// must generate, read inputs and write sidecars there through workspace.fs, with no disk path.
// (VS Code enables a development extension whatever it claims, so the claim itself is checked in
// test/unit/packaging/remoteReady.test.ts; this checks that it is true.)
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateImageResult } from '../../../src/host/commands/generateImage';
import type { JobCommandResult } from '../../../src/host/commands/jobReporting';
import { encodePng } from '../../support/png';
import { EXTENSION_ID } from '../support/extension';
import { fakeApiForSuite, filesIn, readWorkspaceFile, workspaceFolder } from '../support/fakeApi';

describe('virtual workspace (a folder on an in-memory file system)', function () {
  this.timeout(60000);
  const api = fakeApiForSuite();

  it('opens the virtual folder, with Image Studio active in it', () => {
    assert.equal(workspaceFolder().uri.scheme, 'imagestudio-memfs');
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'Image Studio is active in the virtual workspace');
  });

  it('generates into the virtual folder, images and sidecars through workspace.fs', async () => {
    const result = await vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage', {
      prompt: 'a lighthouse',
      model: 'gpt-image-1.5',
      outputFolder: 'images/virtual',
    });
    assert.equal(result.error, undefined);
    assert.equal(result.saved.length, 1);
    assert.deepEqual((await filesIn('images/virtual')).length, 2);
    const bytes = await readWorkspaceFile(result.saved[0]!);
    assert.deepEqual([...bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const sidecar = JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`${result.saved[0]}.json`))) as { prompt: string };
    assert.equal(sidecar.prompt, 'a lighthouse');
    assert.equal(api().requests.length, 1);
  });

  it('reads an image from the virtual folder for a variation', async () => {
    const image = vscode.Uri.joinPath(workspaceFolder().uri, 'assets', 'tile.png');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(workspaceFolder().uri, 'assets'));
    await vscode.workspace.fs.writeFile(image, encodePng(64, 48));
    const result = await vscode.commands.executeCommand<JobCommandResult>('imageStudio.createVariation', image, [image]);
    assert.equal(result.error, undefined);
    assert.equal(result.saved.length, 1);
    const sent = api().requests.at(-1);
    assert.equal(sent?.files[0]?.filename, 'tile.png');
  });
});
