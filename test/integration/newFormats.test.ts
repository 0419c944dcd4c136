// GIF and SVG results and the transparency fallback in the real extension host against the fake:
// saved as .gif/.svg with their parameters in the sidecar, previewed in the Studio (the SVG only as
// an <img> from a blob), and a refused transparent background made on a key colour and keyed out.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateImageResult } from '../../src/host/commands/generateImage';
import { countTransparentPixels } from '../../src/core/image/pngAlpha';
import { driver, driverForPart } from './support/driver';
import { pinToday } from './support/extension';
import { fakeApiForSuite, readWorkspaceFile } from './support/fakeApi';

function generate(args: Record<string, unknown>): Thenable<GenerateImageResult> {
  return vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage', args);
}

const sidecarOf = async (rel: string): Promise<Record<string, unknown>> =>
  JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`${rel}.json`))) as Record<string, unknown>;

describe('GIF and SVG results, and the transparency fallback (fake Images API)', function () {
  this.timeout(60000);
  const api = fakeApiForSuite({ refuseTransparentFor: ['gpt-image-2'] });
  before(() => pinToday('2026-12-01'));
  after(async () => {
    await pinToday(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('saves a GIF and an SVG with their parameters, and the Studio previews both as images', async function () {
    const studio = driverForPart(this, 'the Studio previews of the GIF and the SVG');
    if (studio) {
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('imageStudio.openStudio');
      await driver.waitFor('#model option', 15000);
    }
    const gif = await generate({
      prompt: 'a bouncing ball',
      model: 'gpt-image-2.6-flare',
      size: '1024x640',
      format: 'gif',
      gifFrames: 3,
      gifFrameMs: 150,
      complexity: 'low',
      outputFolder: 'images/formats',
    });
    assert.equal(gif.error, undefined);
    assert.match(gif.saved[0]!, /\.gif$/);
    assert.equal(new TextDecoder().decode((await readWorkspaceFile(gif.saved[0]!)).slice(0, 6)), 'GIF89a');
    const params = (await sidecarOf(gif.saved[0]!)).parameters as Record<string, unknown>;
    assert.deepEqual([params.outputFormat, params.gifFrames, params.gifFrameMs, params.complexity], ['gif', 3, 150, 'low']);
    assert.deepEqual(api().requests[0]!.fields.gif, { frame_count: 3, frame_duration_ms: 150 });
    const svg = await generate({
      prompt: 'an app icon',
      model: 'gpt-image-2.6-sunburst',
      size: '1024x1024',
      format: 'svg',
      outputFolder: 'images/formats',
    });
    assert.equal(svg.error, undefined);
    assert.match(svg.saved[0]!, /\.svg$/);
    if (studio) {
      await vscode.commands.executeCommand('imageStudio.openStudio');
      const gifName = gif.saved[0]!.split('/').pop()!;
      const svgName = svg.saved[0]!.split('/').pop()!;
      await driver.waitFor(`#gallery li:has(.path:text("${gifName}")) img[src]`, 15000);
      await driver.waitFor(`#gallery li:has(.path:text("${svgName}")) img[src^="blob:"]`, 15000);
      assert.equal(await driver.count('#gallery svg'), 0, 'the SVG is never inlined');
    }
  });

  it('a refused transparent background: without consent a clear message, with it a keyed-out PNG and a sidecar that says so', async () => {
    const refused = await generate({
      prompt: 'a gold coin',
      model: 'gpt-image-2',
      size: '1024x1024',
      background: 'transparent',
      transparencyFallback: false,
      outputFolder: 'images/keyed',
    });
    assert.match(refused.error ?? '', /Transparent background is not supported for this model/);
    api().reset();
    const keyed = await generate({
      prompt: 'a gold coin',
      model: 'gpt-image-2',
      size: '1024x1024',
      background: 'transparent',
      transparencyFallback: true,
      outputFolder: 'images/keyed',
    });
    assert.equal(keyed.error, undefined);
    assert.deepEqual(
      // Image calls only: a batch left by an earlier suite may still be polled in the background.
      api()
        .requests.filter((r) => r.endpoint)
        .map((r) => r.fields.background),
      ['transparent', 'opaque'],
    );
    assert.match(keyed.saved[0]!, /^images\/keyed\/a-gold-coin-/);
    const alpha = await countTransparentPixels(await readWorkspaceFile(keyed.saved[0]!));
    assert.equal(alpha?.transparent, 1024 * 512);
    const side = await sidecarOf(keyed.saved[0]!);
    assert.equal(side.transparencyCheck, 'passed');
    assert.equal((side.transparencyFallback as { keyColour: string }).keyColour, '#00ff00');
    assert.ok(
      keyed.warnings?.some((w) => /keyed out locally/.test(w)),
      keyed.warnings?.join(' | '),
    );
  });
});
