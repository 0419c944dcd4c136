// Model knowledge that does not wait for a release, in the real extension host against the fake:
// shutdown dates from GET /v1/models (warned ahead, refused after with a one-click switch), saved
// defaults naming a retired model migrated with a notice, and a model declared only in the user's
// imageStudio.models setting working with its declared options in the Studio form.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateImageResult } from '../../src/host/commands/generateImage';
import { driver, driverForPart, skipWithoutDriver } from './support/driver';
import { eventually, pinToday } from './support/extension';
import { clearNotifications, clickNotificationButton, inNotificationCenter } from './support/notifications';
import { fakeApiForSuite, setUserSettings } from './support/fakeApi';

const TODAY = '2026-12-01';

function generate(args: Record<string, unknown>): Thenable<GenerateImageResult> {
  return vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage', args);
}

describe('Model lifecycle from the server (fake /v1/models)', function () {
  this.timeout(60000);
  const api = fakeApiForSuite();
  before(() => pinToday(TODAY));
  after(async () => {
    await pinToday(undefined);
    await setUserSettings({ model: undefined, models: undefined });
    await clearNotifications();
  });

  it('a shutdown date next week warns with the date and the replacement; the image is still made', async () => {
    api().setMode({ models: { 'gpt-image-2.5-flare': '2026-12-08', 'gpt-image-2.6-sunburst': null } });
    const listed = await vscode.commands.executeCommand<{ fetchedOn: string; models: number }>('imageStudio.refreshModels');
    assert.deepEqual(listed, { fetchedOn: TODAY, models: 2 });
    assert.equal(api().modelListRequests.at(-1)!.headers.authorization?.toString().startsWith('Bearer '), true);
    const result = await generate({
      prompt: 'a lighthouse',
      model: 'gpt-image-2.5-flare',
      size: '1024x1024',
      outputFolder: 'images/lifecycle',
    });
    assert.equal(result.error, undefined);
    assert.equal(result.saved.length, 1);
    assert.ok(
      result.warnings?.some((w) =>
        /gpt-image-2.5-flare shuts down on 2026-12-08 \(as the server lists it\); switch to gpt-image-2.6-sunburst/.test(w),
      ),
      result.warnings?.join(' | '),
    );
  });

  it('a shutdown date of yesterday refuses before sending, names the replacement, and one click switches to it', async function () {
    api().setMode({ models: { 'gpt-image-2.5-flare': '2026-11-30', 'gpt-image-2.6-sunburst': null } });
    await vscode.commands.executeCommand('imageStudio.refreshModels');
    await setUserSettings({ model: 'gpt-image-2.5-flare' });
    // The refresh migrates saved defaults: put the retired model back to see the refusal itself.
    await setUserSettings({ model: 'gpt-image-2.5-flare' });
    api().reset();
    const result = await generate({ prompt: 'a lighthouse', size: '1024x1024', outputFolder: 'images/lifecycle' });
    assert.match(
      result.error ?? '',
      /gpt-image-2.5-flare was shut down on 2026-11-30 \(as the server lists it\); use gpt-image-2.6-sunburst instead\. Nothing was sent/,
    );
    assert.equal(api().requests.length, 0, 'nothing was sent');
    if (driverForPart(this, "the click on the notification's switch button and the run after it")) {
      await clickNotificationButton('Switch to gpt-image-2.6-sunburst');
      await eventually(
        () => (vscode.workspace.getConfiguration('imageStudio').get('model') === 'gpt-image-2.6-sunburst' ? true : undefined),
        'the switched setting',
      );
      await clearNotifications();
      const again = await generate({ prompt: 'a lighthouse', size: '1024x1024', outputFolder: 'images/lifecycle' });
      assert.equal(again.saved.length, 1, again.error);
      assert.equal(api().requests[0]!.fields.model, 'gpt-image-2.6-sunburst');
    }
  });

  it('in the Studio, a retired model is refused before sending and a notification offers the switch', async function () {
    skipWithoutDriver(this);
    api().setMode({ models: { 'gpt-image-2.5-flare': '2026-11-30', 'gpt-image-2.6-sunburst': null } });
    await vscode.commands.executeCommand('imageStudio.refreshModels');
    await setUserSettings({ model: 'gpt-image-2.5-flare' });
    await clearNotifications();
    api().reset();
    // A Studio opened earlier (results are shown there) lists the models of its time: start afresh.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('imageStudio.openStudio');
    await driver.waitFor('#model option[value="gpt-image-2.5-flare"]', 15000);
    await driver.evaluate(
      '#model',
      `(() => { const s = document.getElementById('model'); s.value = 'gpt-image-2.5-flare'; s.dispatchEvent(new Event('change', { bubbles: true })); return true; })()`,
    );
    await driver.fill('#prompt', 'a lighthouse');
    await driver.press('Control+Enter', '#prompt');
    await eventually(
      async () => (/shut down on 2026-11-30/.test(await driver.text('#status')) ? true : undefined),
      'the refusal in the Studio',
      20000,
    );
    // Image calls only: a batch left by an earlier suite may still be polled in the background.
    assert.equal(api().requests.filter((r) => r.endpoint).length, 0, 'nothing was sent');
    await clickNotificationButton('Switch to gpt-image-2.6-sunburst');
    await eventually(
      () => (vscode.workspace.getConfiguration('imageStudio').get('model') === 'gpt-image-2.6-sunburst' ? true : undefined),
      'the switched setting',
    );
    await clearNotifications();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('migrates a saved default naming a retired model, with a notice', async function () {
    api().setMode({ models: { 'gpt-image-2.6-sunburst': null, 'gpt-image-2.6-flare': null } });
    await vscode.commands.executeCommand('imageStudio.refreshModels');
    await setUserSettings({ model: 'gpt-image-1-mini' });
    await clearNotifications();
    // The table shuts gpt-image-1-mini down on 2026-12-01 (today here); the refresh runs the migration.
    await vscode.commands.executeCommand('imageStudio.refreshModels');
    assert.equal(vscode.workspace.getConfiguration('imageStudio').inspect('model')?.globalValue, 'gpt-image-2.6-flare');
    if (driverForPart(this, "the check of the notice's text in the notification centre")) {
      await inNotificationCenter(
        ':text("gpt-image-1-mini was shut down on 2026-12-01; your default model is now gpt-image-2.6-flare (user settings)")',
      );
      await clearNotifications();
    }
  });
});

describe('A model declared only in the user’s imageStudio.models setting', function () {
  this.timeout(60000);
  const api = fakeApiForSuite({ provider: 'compatible', apiKey: '' });
  before(async () => {
    await setUserSettings({
      provider: 'compatible',
      models: [
        {
          id: 'studio-nova-1',
          extends: 'gpt-image-2.6-sunburst',
          label: 'Studio Nova',
          quality: ['low', 'high'],
          complexity: { values: ['low', 'high'], default: 'low' },
        },
      ],
    });
  });
  after(async () => {
    await setUserSettings({ provider: undefined, models: undefined });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is validated by its declared options in the Generate command', async () => {
    const refused = await generate({
      prompt: 'x',
      model: 'studio-nova-1',
      quality: 'medium',
      size: '1024x1024',
      outputFolder: 'images/declared',
    });
    assert.match(refused.error ?? '', /studio-nova-1 does not accept quality 'medium': it accepts one of low, high/);
    const ok = await generate({ prompt: 'x', model: 'studio-nova-1', quality: 'high', size: '1024x1024', outputFolder: 'images/declared' });
    assert.equal(ok.saved.length, 1, ok.error);
    assert.ok(!ok.warnings?.some((w) => /not in the capability table/.test(w)), 'known through the setting');
  });

  it('works with its declared options in the Studio form', async function () {
    skipWithoutDriver(this);
    await clearNotifications();
    await vscode.commands.executeCommand('imageStudio.openStudio');
    await driver.waitFor('#model option[value="studio-nova-1"]', 15000);
    assert.equal(await driver.text('#model option[value="studio-nova-1"]'), 'Studio Nova');
    await driver.evaluate(
      '#model',
      `(() => { const s = document.getElementById('model'); s.value = 'studio-nova-1'; s.dispatchEvent(new Event('change', { bubbles: true })); return true; })()`,
    );
    await driver.waitFor('#complexity', 10000);
    assert.deepEqual(await driver.evaluate<string[]>('#quality', `[...document.querySelectorAll('#quality option')].map((o) => o.value)`), [
      'low',
      'high',
    ]);
    assert.deepEqual(
      await driver.evaluate<string[]>('#complexity', `[...document.querySelectorAll('#complexity option')].map((o) => o.textContent)`),
      ['default (low)', 'low', 'high'],
    );
    await driver.evaluate(
      '#complexity',
      `(() => { const s = document.getElementById('complexity'); s.value = 'high'; s.dispatchEvent(new Event('change', { bubbles: true })); return true; })()`,
    );
    api().reset();
    await driver.fill('#prompt', 'A nova over the sea');
    await driver.press('Control+Enter', '#prompt');
    await eventually(() => (api().requests.length ? true : undefined), 'the request', 20000);
    const sent = api().requests[0]!.fields;
    assert.deepEqual([sent.model, sent.complexity], ['studio-nova-1', 'high']);
    await driver.waitFor('#generate:not([disabled])', 20000);
  });
});
