// The palette's journeys as a person walks them: the options wizard takes a custom size for a model
// with free sizes (a typed "500x500" is answered, not "0 Results") and says "(last used)" only
// after a use; with no folder open, Generate says so before asking for a prompt that would be lost;
// and the Explorer offers "Add to Image Assets" only on images that have a provenance sidecar.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { generateImageCommand, type GenerateImageResult } from '../../src/host/commands/generateImage';
import type { ImageJobRunner } from '../../src/host/services/imageJobRunner';
import { Log } from '../../src/host/services/log';
import { InMemoryMemento } from '../support/memento';
import { encodePng } from '../support/png';
import { spyOn } from '../support/spy';
import { driver, skipWithoutDriver } from './support/driver';
import { eventually } from './support/extension';
import { clearNotifications } from './support/notifications';
import { fakeApiForSuite, workspaceFolder } from './support/fakeApi';

const INPUT = '.quick-input-widget .quick-input-box input';
const ROW = '.quick-input-widget .quick-input-list .monaco-list-row';

/** Waits for the wizard's step `index` and returns the text of its preselected (first) row. */
async function step(index: number): Promise<string> {
  await driver.waitFor(`.quick-input-widget .quick-input-title:has-text("(${index}/6)")`, 15000);
  return driver.text(`${ROW}[data-index="0"]`);
}

describe('Palette journeys (fake Images API)', function () {
  this.timeout(120000);
  const api = fakeApiForSuite();
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await clearNotifications();
  });

  it('the options wizard takes a typed free size, answers a refused one, and says "last used" only after a use', async function () {
    skipWithoutDriver(this);
    const running = vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage');
    await driver.click('.quick-input-widget [aria-label="More options…"]');
    const model = await step(1);
    assert.match(model, /gpt-image-2/);
    assert.match(model, /\(default\)/);
    assert.doesNotMatch(model, /last used/, 'nothing was used yet');
    await driver.press('Enter', INPUT);

    const size = await step(2);
    assert.doesNotMatch(size, /last used/);
    await driver.fill(INPUT, '500x500');
    await driver.waitFor(`${ROW}:has-text("500x500 is not accepted by gpt-image-2")`);
    await driver.waitFor(`${ROW}:has-text("816x816")`);
    await driver.fill(INPUT, '1280x720');
    await driver.waitFor(`${ROW}[data-index="0"]:has-text("1280x720")`);
    await driver.press('Enter', INPUT);
    for (const index of [3, 4, 5, 6]) {
      const preselected = await step(index);
      assert.doesNotMatch(preselected, /last used/, `step ${index} says "last used" before any use`);
      await driver.press('Enter', INPUT);
    }
    await driver.waitFor('.quick-input-widget .quick-input-title:has-text("Generate Image")');
    await driver.fill(INPUT, 'a harbour at noon');
    await driver.press('Enter', INPUT);
    const result = await running;
    assert.equal(result?.error, undefined);
    assert.equal(api().requests[0]?.fields.size, '1280x720', 'the typed size was sent');

    // Now something was used: the wizard says so, with the custom size first.
    const again = vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage');
    await driver.click('.quick-input-widget [aria-label="More options…"]');
    assert.match(await step(1), /gpt-image-2.*\(last used\)/s);
    await driver.press('Enter', INPUT);
    assert.match(await step(2), /1280x720.*\(last used\)/s);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await again, undefined);
  });

  it('with no folder open, Generate says so before asking for a prompt', async () => {
    const asked = spyOn(vscode.window, 'createInputBox', () => {
      throw new Error('the prompt was asked for');
    });
    const log = new Log();
    try {
      const result = await generateImageCommand({
        generation: {} as ImageJobRunner,
        log,
        state: new InMemoryMemento() as unknown as vscode.Memento,
        openStudio: async () => undefined,
        folders: () => [],
      });
      assert.match(result?.error ?? '', /Open a folder first/);
      assert.equal(asked.calls.length, 0);
    } finally {
      asked.restore();
      // Not log.dispose(): an output channel is keyed by extension and name, so disposing this Log
      // would close the extension's own "Image Studio" channel for every later test.
    }
  });

  it('the Explorer offers "Add to Image Assets" on an image with a sidecar, not on one without', async function () {
    skipWithoutDriver(this);
    const folder = vscode.Uri.joinPath(workspaceFolder().uri, 'menu-check');
    const withSidecar = vscode.Uri.joinPath(folder, 'with.png');
    const without = vscode.Uri.joinPath(folder, 'without.png');
    await vscode.workspace.fs.writeFile(withSidecar, encodePng(8, 8));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'with.png.json'), new TextEncoder().encode('{}'));
    await vscode.workspace.fs.writeFile(without, encodePng(8, 8));
    const menuOf = async (file: vscode.Uri): Promise<string[]> => {
      await vscode.commands.executeCommand('revealInExplorer', file);
      await driver.press('Shift+F10');
      await driver.waitFor('.context-view .monaco-menu .action-label', 10000);
      const labels = await driver.evaluate<string[]>(
        '.context-view .monaco-menu',
        `[...document.querySelectorAll('.context-view .monaco-menu .action-label')].map((e) => e.textContent ?? '')`,
      );
      await driver.press('Escape');
      return labels;
    };
    try {
      await eventually(
        async () => ((await menuOf(withSidecar)).includes('Add to Image Assets') ? true : undefined),
        'Add to Image Assets on the image with a sidecar',
        15000,
      );
      const plain = await menuOf(without);
      assert.ok(plain.includes('Edit Image…'), `the menu of the plain image: ${plain.join(' | ')}`);
      assert.ok(!plain.includes('Add to Image Assets'), 'offered on an image without a sidecar');
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    }
  });
});
