import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const root = resolve(__dirname, '..', '..', '..', '..');

// The project's own lint configuration, run on imports that cross layers the wrong way: each must
// be refused by `npm run lint`, and each allowed direction must pass.
describe('lint: layer directions (ARCHITECTURE.md)', function () {
  this.timeout(60000);
  const eslint = new ESLint({ cwd: root });

  async function problems(file: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(source, { filePath: resolve(root, file) });
    return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
  }

  const refused: Array<[string, string]> = [
    ['src/core/naming.ts', "import { Log } from '../host/services/log';"],
    ['src/core/models/modelTable.ts', "import { runCli } from '../../cli/run';"],
    ['src/core/client/errors.ts', "import type { ToHost } from '../../shared/protocol';"],
    ['src/shared/protocol.ts', "import { studioHtml } from '../host/studio/studioHtml';"],
    ['src/webview/studio/gallery.ts', "import { Log } from '../../host/services/log';"],
    ['src/webview/main.ts', "import { runCli } from '../cli/run';"],
    ['src/cli/run.ts', "import { Log } from '../host/services/log';"],
    ['src/cli/args.ts', "import { validateToHost } from '../shared/validateMessages';"],
    ['src/host/studio/studioPanel.ts', "import { explorerSelection } from '../commands/commandInputs';"],
    ['src/host/services/settings.ts', "import { StudioPanel } from '../studio/studioPanel';"],
    ['src/host/services/settings.ts', "import { generateImageCommand } from '../commands/generateImage';"],
    ['src/host/services/settings.ts', "import { AssetManifests } from '../assets/assetManifests';"],
    ['src/host/studio/studioActions.ts', "import { addToImageAssets } from '../assets/addToAssets';"],
    ['src/core/types.ts', "import { window } from 'vscode';"],
    // The tests' shared helpers run in plain Node (unit, browser and integration suites alike).
    ['test/support/builders.ts', "import * as vscode from 'vscode';"],
    ['test/support/memento.ts', "import type { Memento } from 'vscode';"],
    ['test/support/spy.ts', "import { driver } from '../integration/support/driver';"],
  ];
  for (const [file, source] of refused) {
    it(`refuses in ${file}: ${source}`, async () => {
      assert.equal((await problems(file, `${source}\nexport const x = 1;\n`)).length, 1);
    });
  }

  const allowed: Array<[string, string]> = [
    ['src/shared/studioOptions.ts', "import { getModelCapabilities } from '../core/models/capabilities';"],
    ['src/webview/studio/gallery.ts', "import { inspectImage } from '../../core/image/imageHeader';"],
    ['src/cli/run.ts', "import { renderFileName } from '../core/naming';"],
    ['src/host/commands/generateImage.ts', "import { StudioPanel } from '../studio/studioPanel';"],
    ['src/host/studio/studioPanel.ts', "import { Log } from '../services/log';"],
    ['src/host/assets/assetsModel.ts', "import { workspaceFileSystem } from '../services/workspaceFileSystem';"],
    ['src/host/services/imageJobRunner.ts', "import { tempSpool } from '../../core/save/tempSpool';"],
    ['src/host/services/settings.ts', "import { assetStatuses } from '../../core/assets/statusCache';"],
    ['src/core/types.ts', "import type { Uri } from 'vscode';"],
    ['test/support/builders.ts', "import { createImagesClient } from '../../src/core/client/imagesClient';"],
  ];
  for (const [file, source] of allowed) {
    it(`allows in ${file}: ${source}`, async () => {
      assert.deepEqual(await problems(file, `${source}\nexport const x = 1;\n`), []);
    });
  }
});

// Core takes the day and the time from its caller; the lint rule keeps it so.
describe('lint: core never reads the clock', function () {
  this.timeout(60000);
  const eslint = new ESLint({ cwd: root });
  async function clockProblems(file: string, source: string): Promise<number> {
    const [result] = await eslint.lintText(source, { filePath: resolve(root, file) });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').length;
  }
  for (const source of ['export const now = new Date();', 'export const now = Date.now();']) {
    it(`refuses in core: ${source}`, async () => assert.equal(await clockProblems('src/core/naming.ts', source), 1));
    it(`allows in the CLI: ${source}`, async () => assert.equal(await clockProblems('src/cli/cliEngine.ts', source), 0));
  }
  it('allows a date made from a value in core', async () =>
    assert.equal(await clockProblems('src/core/naming.ts', 'export const d = new Date(0);'), 0));
});
