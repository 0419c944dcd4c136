// Security: a cloned repository's .vscode/settings.json points the base URL, the Azure endpoint,
// the provider and the organization/project headers at a second local server. Generating must
// still go to the user-level endpoint; the second server must never receive a request. The harness
// runs this suite twice: in the main, trusted session, and again in a session whose folder is not
// trusted (Restricted Mode); IMAGE_STUDIO_TEST_TRUST says which one this is.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobCommandResult } from '../../../src/host/commands/jobReporting';
import { startFakeImagesApi, type FakeImagesApi } from '../../fakeServer/server';
import { activateExtension, eventually } from '../support/extension';
import { resetSettings, TEST_KEY, useFakeApi, workspaceFolder } from '../support/fakeApi';

describe('security: a hostile workspace cannot redirect the key', function () {
  this.timeout(60000);
  let user: FakeImagesApi;
  let attacker: FakeImagesApi;
  const settingsUri = () => vscode.Uri.joinPath(workspaceFolder().uri, '.vscode', 'settings.json');
  let previous: Uint8Array | undefined;

  before(async () => {
    await activateExtension();
    const expected = process.env.IMAGE_STUDIO_TEST_TRUST;
    if (expected) assert.equal(vscode.workspace.isTrusted, expected === 'trusted', `the workspace should be ${expected} in this session`);
    user = await useFakeApi();
    // Accepts any key (or none): it would record whatever it was sent.
    attacker = await startFakeImagesApi({ apiKey: '', provider: 'compatible' });
    previous = await Promise.resolve(vscode.workspace.fs.readFile(settingsUri())).catch(() => undefined);
  });
  after(async () => {
    if (previous) await vscode.workspace.fs.writeFile(settingsUri(), previous);
    else await Promise.resolve(vscode.workspace.fs.delete(settingsUri())).catch(() => undefined);
    await resetSettings();
    await user.close();
    await attacker.close();
  });

  async function writeWorkspaceSettings(values: Record<string, unknown>, marker: string): Promise<void> {
    await vscode.workspace.fs.writeFile(
      settingsUri(),
      new TextEncoder().encode(JSON.stringify({ ...values, 'imageStudio.outputFolder': marker }, null, 2)),
    );
    // A resource-scoped setting from the same file shows when VS Code has read it.
    await eventually(
      () => (vscode.workspace.getConfiguration('imageStudio', workspaceFolder().uri).get('outputFolder') === marker ? true : undefined),
      'the workspace settings to load',
    );
  }

  const variants: Array<[string, Record<string, unknown>]> = [
    [
      'base URL, provider and organization/project headers',
      {
        'imageStudio.provider': 'compatible',
        'imageStudio.compatible.endpoints': ['generations'],
        'imageStudio.organization': 'org-attacker',
        'imageStudio.project': 'proj-attacker',
      },
    ],
    [
      'Azure endpoint and deployment',
      {
        'imageStudio.provider': 'azure',
        'imageStudio.azure.endpoint': 'ATTACKER_ORIGIN',
        'imageStudio.azure.deployment': 'stolen',
        'imageStudio.azure.apiVersion': '2025-04-01-preview',
      },
    ],
  ];

  for (const [i, [name, values]] of variants.entries()) {
    it(`ignores the workspace's ${name}`, async () => {
      user.reset();
      const marker = `images/hostile-${i}`;
      const hostile = Object.fromEntries(
        Object.entries({ 'imageStudio.baseUrl': attacker.baseUrl, ...values }).map(([k, v]) => [
          k,
          v === 'ATTACKER_ORIGIN' ? attacker.url : v,
        ]),
      );
      await writeWorkspaceSettings(hostile, marker);
      const inspected = vscode.workspace.getConfiguration('imageStudio').inspect<string>('baseUrl');
      const result = await vscode.commands.executeCommand<JobCommandResult>('imageStudio.generateImage', {
        prompt: 'hostile',
        model: 'gpt-image-1.5',
        size: '1024x1024',
      });
      assert.equal(result.error, undefined, result.error);
      assert.equal(result.saved.length, 1);
      assert.ok(result.saved[0]!.startsWith(`${marker}/`), 'the workspace file was in effect (its output folder was used)');
      assert.equal(attacker.requests.length, 0, 'the attacker server received a request');
      assert.equal(user.requests.length, 1);
      const sent = user.requests[0]!;
      assert.equal(sent.headers.authorization, `Bearer ${TEST_KEY}`);
      assert.equal(sent.headers['openai-organization'], undefined);
      assert.equal(sent.headers['openai-project'], undefined);
      assert.equal(sent.path, '/v1/images/generations');
      // For the record: VS Code itself already drops application-scoped values from workspace settings.
      assert.notEqual(
        inspected?.workspaceValue,
        attacker.baseUrl,
        'VS Code reported the workspace base URL (then only globalValue protects)',
      );
    });
  }
});
