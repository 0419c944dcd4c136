// An edit made from the Explorer (Edit Image… with its arguments, as the context menu passes them)
// offers "Compare with the original" on its result notification; the button opens VS Code's
// compare editor with the image its sidecar names on the left and the edit on the right. A
// generated image has no original, so nothing of the kind is offered.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobCommandResult } from '../../src/host/commands/jobReporting';
import { encodePng } from '../support/png';
import { spyOn } from '../support/spy';
import { eventually } from './support/extension';
import { fakeApiForSuite, workspaceFolder } from './support/fakeApi';

const COMPARE = 'Compare with the original';
const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, ...rel.split('/'));

/** Every tab open now, in every group. */
const tabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);

describe('Compare with the original after an Explorer edit (fake Images API)', function () {
  this.timeout(60000);
  fakeApiForSuite();

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri('compare-edit'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('offers Compare on the edit’s notification and opens original ↔ edit', async () => {
    await vscode.workspace.fs.writeFile(uri('compare-edit/lamp.png'), encodePng(64, 64));
    // The notification's button is pressed as a user would; every other message is answered with nothing.
    const said = spyOn(vscode.window, 'showInformationMessage', ((...args: unknown[]) =>
      Promise.resolve(args.includes(COMPARE) ? COMPARE : undefined)) as unknown as typeof vscode.window.showInformationMessage);
    let result: JobCommandResult;
    try {
      result = await vscode.commands.executeCommand<JobCommandResult>('imageStudio.editImage', {
        images: ['compare-edit/lamp.png'],
        mask: null,
        prompt: 'the same lamp, lit',
        model: 'gpt-image-2',
        outputFolder: 'compare-edit/out',
      });
    } finally {
      said.restore();
    }
    assert.equal(result.saved.length, 1, JSON.stringify(result));
    const offered = said.calls.find((c) => String(c.args[0]).startsWith('Image Studio saved'));
    assert.ok(offered, 'the result was said');
    assert.deepEqual(offered.args.slice(1), [COMPARE]);
    const label = `compare-edit/lamp.png ↔ ${result.saved[0]}`;
    const tab = await eventually(() => tabs().find((t) => t.label === label), `a tab "${label}" (open: ${tabs().map((t) => t.label)})`);
    // VS Code 1.96 gives an image diff no tab input; later versions name both sides.
    const input = tab.input as { original?: vscode.Uri; modified?: vscode.Uri } | undefined;
    if (input?.original) {
      assert.equal(input.original.toString(), uri('compare-edit/lamp.png').toString());
      assert.equal(input.modified?.toString(), uri(result.saved[0]!).toString());
    }
  });

  it('offers no Compare for a generated image', async () => {
    const said = spyOn(vscode.window, 'showInformationMessage', ((..._args: unknown[]) =>
      Promise.resolve(undefined)) as unknown as typeof vscode.window.showInformationMessage);
    let result: JobCommandResult;
    try {
      result = await vscode.commands.executeCommand<JobCommandResult>('imageStudio.generateImage', {
        prompt: 'a lamp',
        model: 'gpt-image-2',
        outputFolder: 'compare-edit/out',
      });
    } finally {
      said.restore();
    }
    assert.equal(result.saved.length, 1, JSON.stringify(result));
    const offered = said.calls.find((c) => String(c.args[0]).startsWith('Image Studio saved'));
    assert.ok(offered, 'the result was said');
    assert.deepEqual(offered.args.slice(1), []);
  });
});
