// A cloned repository's links, through the extension's asset and batch commands (core's one
// inside-the-folder rule, the same the CLI applies): a `sizes` output in a folder that links
// outside, .image-studio as a link, a candidate linked to a private file, and a batch collected
// into a folder that became a link after the submit. Nothing is written or read out there.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseManifest } from '../../../src/core/assets/manifest';
import { assetStatuses } from '../../../src/core/assets/statusCache';
import type { AssetBuildResult } from '../../../src/host/assets/assetsCommands';
import { workspaceFileSystem } from '../../../src/host/services/workspaceFileSystem';
import { encodePng } from '../../support/png';
import { fakeApiForSuite, workspaceFolder } from '../support/fakeApi';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const DIR = 'hostile-repository';

describe('a hostile repository through the Image Assets commands (links)', function () {
  this.timeout(60000);
  const api = fakeApiForSuite();
  const images = (): number => api().requests.filter((r) => r.endpoint).length;
  let root = '';
  let outside = '';
  const manifest = (): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, DIR, 'image-studio.json');
  const writeManifest = async (assets: Record<string, unknown>): Promise<void> => {
    writeFileSync(
      join(root, 'image-studio.json'),
      JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' }, assets }),
    );
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  };

  before(function () {
    if (workspaceFolder().uri.scheme !== 'file') this.skip();
  });
  beforeEach(() => {
    root = join(workspaceFolder().uri.fsPath, DIR);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    outside = mkdtempSync(join(tmpdir(), 'image-studio-outside-'));
  });
  afterEach(async () => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });

  it('Build refuses a "sizes" output in a folder that links outside, before sending', async () => {
    writeFileSync(join(outside, 'a-16.png'), 'private');
    symlinkSync(outside, join(root, 'icons'));
    await writeManifest({ 'a.png': { prompt: 'a coin', sizes: { 'icons/a-16.png': '16x16' } } });
    for (const command of ['imageStudio.assets.build', 'imageStudio.assets.rebuild']) {
      const r = await vscode.commands.executeCommand<AssetBuildResult>(command, { manifest: manifest(), path: 'a.png' });
      assert.match(r.error ?? '', /icons\/a-16\.png goes through a link to .*outside the manifest's folder/, command);
    }
    assert.equal(images(), 0);
    assert.deepEqual(readdirSync(outside), ['a-16.png']);
    assert.equal(readFileSync(join(outside, 'a-16.png'), 'utf8'), 'private');
    assert.ok(!existsSync(join(root, 'a.png')));
  });

  it('Build refuses a workspace whose .image-studio is a link', async () => {
    symlinkSync(outside, join(root, '.image-studio'));
    await writeManifest({ 'a.png': { prompt: 'a coin', n: 2 } });
    const r = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.build', { manifest: manifest(), path: 'a.png' });
    assert.match(r.error ?? '', /\.image-studio is a link to .*only in a real folder/);
    assert.equal(images(), 0);
    assert.deepEqual(readdirSync(outside), []);
  });

  it('Pick Candidate refuses a candidate linked to a private file', async () => {
    await writeManifest({ 'a.png': { prompt: 'a coin', n: 2 } });
    const listed = await vscode.commands.executeCommand<Array<{ path: string; manifest: string }>>('imageStudio.assets.list');
    assert.ok(listed.some((l) => l.path === 'a.png' && l.manifest === manifest().toString()));
    // The candidate sidecar names the asset's current spec, as a real one would.
    const [status] = await assetStatuses(parseManifest(BUILT_IN_MODELS, readFileSync(join(root, 'image-studio.json'), 'utf8')), {
      fs: workspaceFileSystem,
      dir: vscode.Uri.file(root).toString(),
      today: '2026-11-21',
      models: BUILT_IN_MODELS,
    });
    writeFileSync(join(outside, 'private.png'), encodePng(4, 4));
    const folder = join(root, '.image-studio/candidates/a.png');
    mkdirSync(folder, { recursive: true });
    symlinkSync(join(outside, 'private.png'), join(folder, '20260101-000000-2.png'));
    writeFileSync(join(folder, '20260101-000000-2.png.json'), JSON.stringify({ candidate: { path: 'a.png', specHash: status!.specHash } }));
    const candidate = vscode.Uri.file(join(folder, '20260101-000000-2.png')).toString();
    const r = await vscode.commands.executeCommand<{ error?: string; picked?: string }>('imageStudio.assets.pickCandidate', {
      manifest: manifest(),
      path: 'a.png',
      candidate,
    });
    assert.match(r.error ?? '', /20260101-000000-2\.png goes through a link to .*private\.png, outside the manifest's folder/);
    assert.ok(!existsSync(join(root, 'a.png')), 'the private file was copied into the asset');
  });

  it('Build All as a Batch uploads no input that links to a private file', async () => {
    writeFileSync(join(outside, 'secret.png'), encodePng(4, 4));
    symlinkSync(join(outside, 'secret.png'), join(root, 'ref.png'));
    await writeManifest({ 'a.png': { prompt: 'the same, at night', inputs: ['ref.png'] } });
    const r = await vscode.commands.executeCommand<{ error?: string; batches?: string[] }>('imageStudio.assets.buildAllAsBatch');
    assert.match(r.error ?? '', /ref\.png goes through a link to .*secret\.png, outside the manifest's folder/);
    assert.deepEqual(
      api().requests.map((q) => `${q.method} ${q.path}`),
      [],
      'something was uploaded or sent',
    );
  });

  it('Collect refuses to save a batch into a folder that became a link after the submit', async () => {
    await writeManifest({ 'art/a.png': { prompt: 'a coin' }, 'art/b.png': { prompt: 'a gem' } });
    const submitted = await vscode.commands.executeCommand<{ batches: string[] }>('imageStudio.assets.buildAllAsBatch');
    const [batchId] = submitted.batches;
    assert.ok(batchId, JSON.stringify(submitted));
    for (let i = 0; i < 3; i++) await api().batches.advance(batchId);
    await vscode.commands.executeCommand('imageStudio.assets.batchStatus');
    symlinkSync(outside, join(root, 'art'));
    const r = await vscode.commands.executeCommand<{ error?: string; saved?: string[] }>('imageStudio.assets.batchCollect', { batchId });
    assert.match(r.error ?? '', /art\/a\.png goes through a link to .*outside the manifest's folder/);
    assert.deepEqual(readdirSync(outside), []);
  });
});
