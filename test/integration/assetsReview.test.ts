// The review of a rebuilt asset in the real workbench: the asset's model is being retired, "Rebuild
// with the replacement" rebuilds it, then the Image Assets view's inline Review button opens the
// compare editor and the notification's Revert and Keep buttons are clicked like a user would.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AssetBuildResult } from '../../src/host/assets/assetsCommands';
import { driver, skipWithoutDriver } from './support/driver';
import { eventually } from './support/extension';
import { clickNotificationButton } from './support/notifications';
import { fakeApiForSuite, readWorkspaceFile, workspaceFolder } from './support/fakeApi';

const DIR = 'review-project';
const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, rel);
const manifest = (): vscode.Uri => uri(`${DIR}/image-studio.json`);
const asset = {
  get manifest() {
    return manifest();
  },
  path: 'logo.png',
};

interface Listed {
  manifest: string;
  path: string;
  state: string;
  description: string;
  contextValue: string;
}
const logo = async (): Promise<Listed | undefined> =>
  ((await vscode.commands.executeCommand<Listed[]>('imageStudio.assets.list')) ?? []).find(
    (l) => l.manifest === manifest().toString() && l.path === 'logo.png',
  );

// VS Code 1.96 labels the compare editor with the title given to vscode.diff, later versions with the two names.
const isCompare = (label = ''): boolean => label.endsWith('↔ logo.png') || label === 'logo.png: previous ↔ now';
const activeLabel = (): string | undefined => vscode.window.tabGroups.activeTabGroup.activeTab?.label;

async function reviewFromTheView(): Promise<void> {
  // No compare editor from an earlier review may stand in for the one this review opens.
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const row = '.monaco-list-row[aria-label^="logo.png,"]';
  // Clicking the row selects it (and runs its Open command, which moves the focus to the image
  // editor); back in the view the selected row shows its inline actions, and Review is clicked.
  // The tree re-renders its rows when it takes the focus back, and a click that lands while the
  // row is replaced is lost (seen about one run in three on VS Code 1.96): a user would click
  // again, and so does the test, at most three times.
  for (let attempt = 1; ; attempt++) {
    await vscode.commands.executeCommand('imageStudio.assets.focus');
    await driver.click(row);
    // A row with versions under it can be expanded: on VS Code 1.96 a click may only expand it and
    // not open the image, so the open is waited for briefly and not required.
    await eventually(() => (activeLabel() === 'logo.png' ? true : undefined), 'the asset to open', 3000).catch(() => undefined);
    await vscode.commands.executeCommand('imageStudio.assets.focus');
    await driver.click(`${row} .action-label[aria-label="Review Rebuilt Asset"]`);
    try {
      await eventually(() => (isCompare(activeLabel()) ? true : undefined), 'the compare editor', 4000);
      return;
    } catch (err) {
      if (attempt < 3) continue;
      await driver.screenshot('assets-review-no-compare');
      throw new Error(
        `${(err as Error).message} after ${attempt} clicks on Review; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ')}`,
      );
    }
  }
}

describe('Image Assets review in the workbench (fake Images API)', function () {
  this.timeout(90000);
  const api = fakeApiForSuite();

  before(async function () {
    skipWithoutDriver(this);
    await vscode.workspace.fs.writeFile(
      manifest(),
      new TextEncoder().encode(
        '{\n  // an asset on a model that is being retired\n  "assets": {\n    "logo.png": { "prompt": "a round logo", "model": "gpt-image-1.5", "quality": "low" }\n  }\n}\n',
      ),
    );
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });
  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri(DIR), { recursive: true, useTrash: false });
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });

  it('flags the retiring model, rebuilds with the replacement, and Revert then Keep work from the view', async () => {
    const built = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.build', asset);
    assert.deepEqual(built.built, ['logo.png']);
    const listed = await logo();
    assert.match(listed!.contextValue, /\.retiring/, 'the retiring model is not flagged');
    assert.match(listed!.description, /^model retiring$|^up to date$/);
    const first = await readWorkspaceFile(`${DIR}/logo.png`);

    const replaced = await vscode.commands.executeCommand<AssetBuildResult & { model: string }>('imageStudio.assets.useReplacement', asset);
    assert.equal(replaced.model, 'gpt-image-2.6-sunburst', 'the 2.6 replacement the deprecations page names');
    assert.deepEqual(replaced.built, ['logo.png']);
    assert.match(
      new TextDecoder().decode(await readWorkspaceFile(`${DIR}/image-studio.json`)),
      /\/\/ an asset on a model[\s\S]*"model": "gpt-image-2.6-sunburst"/,
    );
    assert.equal(
      api()
        .requests.filter((r) => r.endpoint)
        .at(-1)?.fields.model,
      'gpt-image-2.6-sunburst',
    );
    assert.equal((await logo())?.description, 'up to date · review');

    await vscode.commands.executeCommand('notifications.clearAll');
    await reviewFromTheView();
    await clickNotificationButton('Revert');
    await eventually(async () => ((await logo())?.description === 'stale' ? true : undefined), 'the reverted asset to show as stale');
    assert.deepEqual(
      Buffer.from(await readWorkspaceFile(`${DIR}/logo.png`)),
      Buffer.from(first),
      'Revert did not bring back the previous image',
    );

    await vscode.commands.executeCommand('imageStudio.assets.build', asset);
    const rebuilt = await readWorkspaceFile(`${DIR}/logo.png`);
    await vscode.commands.executeCommand('notifications.clearAll');
    await reviewFromTheView();
    await clickNotificationButton('Keep');
    await eventually(async () => ((await logo())?.description === 'up to date' ? true : undefined), 'the kept asset to leave review');
    assert.deepEqual(Buffer.from(await readWorkspaceFile(`${DIR}/logo.png`)), Buffer.from(rebuilt));
  });
});
