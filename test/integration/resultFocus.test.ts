// A finished image never takes the focus: typing in a document while a job finishes loses no
// keystroke (before, the image opened with the focus and 6 of 8 keystrokes went to it). With
// "imageStudio.openResults": "beside" the image opens in a preview beside the editor; with
// "notify" nothing opens until the notification's Open is pressed.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateImageResult } from '../../src/host/commands/generateImage';
import { driver, skipWithoutDriver } from './support/driver';
import { eventually } from './support/extension';
import { clearNotifications, clickNotificationButton } from './support/notifications';
import { fakeApiForSuite, workspaceFolder } from './support/fakeApi';

const KEYS = 'abcdefghijklmnopqrst';

/** The tabs that show an image (their input's uri ends in .png). */
function imageTabs(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .map((t) => (t.input as { uri?: vscode.Uri } | undefined)?.uri?.path ?? '')
    .filter((p) => p.endsWith('.png'));
}

describe('Results never take the focus', function () {
  this.timeout(90000);
  const api = fakeApiForSuite();
  let doc: vscode.TextDocument;
  let documents = 0;

  beforeEach(async function () {
    skipWithoutDriver(this);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // A new file for each test: an emptied file of the same name can still be open as a model
    // holding the previous test's text (VS Code reloads it from disk a moment later), and the
    // keys would land after that text.
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, `typing-${++documents}.txt`);
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(), '', 'the document starts empty');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
    // The keyboard goes where a person's would: into the editor's text area.
    await driver.click('.monaco-editor .view-lines');
  });
  afterEach(async () => {
    await vscode.workspace.getConfiguration('imageStudio').update('openResults', undefined, vscode.ConfigurationTarget.Global);
    // Saved, so closing asks nothing.
    if (doc?.isDirty) await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearNotifications();
  });

  /** Types KEYS one by one while a generation runs, and goes on typing after it has finished. */
  async function typeThroughAJob(): Promise<GenerateImageResult> {
    api().setMode({ latencyMs: 600 });
    let result: GenerateImageResult | undefined;
    const job = vscode.commands
      .executeCommand<GenerateImageResult>('imageStudio.generateImage', {
        prompt: 'a quiet harbour',
        model: 'gpt-image-2',
        size: '1024x1024',
        outputFolder: 'images/focus',
      })
      .then((r) => (result = r));
    let typed = 0;
    // Half the keys while it runs (however long that is), the rest once the image is out.
    while (!result && typed < KEYS.length / 2) await driver.press(KEYS[typed++]!);
    await job;
    while (typed < KEYS.length) await driver.press(KEYS[typed++]!);
    return result!;
  }

  it('"beside": the image opens beside the editor while every keystroke lands in the document', async () => {
    const result = await typeThroughAJob();
    assert.equal(result.error, undefined);
    assert.equal(result.saved.length, 1);
    await eventually(() => (doc.getText() === KEYS ? true : undefined), `the document to read "${KEYS}" (it reads "${doc.getText()}")`);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString(), 'the focus stayed in the document');
    assert.deepEqual(
      imageTabs().map((p) => p.split('/').pop()),
      [result.saved[0]!.split('/').pop()],
      'the image is open in a tab of its own',
    );
    const group = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => (t.input as { uri?: vscode.Uri }).uri?.path.endsWith('.png')));
    assert.notEqual(group?.viewColumn, vscode.ViewColumn.One, 'beside the document, not over it');
  });

  it('"notify": nothing opens and nothing moves until Open is pressed in the notification', async () => {
    await vscode.workspace.getConfiguration('imageStudio').update('openResults', 'notify', vscode.ConfigurationTarget.Global);
    const result = await typeThroughAJob();
    assert.equal(result.error, undefined);
    await eventually(() => (doc.getText() === KEYS ? true : undefined), `the document to read "${KEYS}" (it reads "${doc.getText()}")`);
    assert.deepEqual(imageTabs(), [], 'no image opened by itself');
    await clickNotificationButton('Open', 'saved');
    await eventually(() => (imageTabs().length === 1 ? true : undefined), 'the image to open from the notification');
  });
});
