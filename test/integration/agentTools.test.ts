// The VS Code door as an agent meets it: Image Studio's language-model tools called through
// vscode.lm.invokeTool in a real extension host, against the fake Images API. A call that sends
// or writes is confirmed first: the test reads what the confirmation names (what is sent, where
// the files go, the estimated cost). With IMAGE_STUDIO_TRANSCRIPTS set, the calls and answers are
// written out.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readImageInfo } from '../../src/core/image/imageInfo';
import { encodePng } from '../support/png';
import { Transcript } from '../support/transcript';
import type { ImageStudioApi } from '../../src/extension';
import { EXTENSION_ID } from './support/extension';
import { fakeApiForSuite, filesIn, readWorkspaceFile, TEST_KEY, workspaceFolder } from './support/fakeApi';

const DIR = 'agent-door';

interface Answer {
  text: string;
  images: Array<{ mimeType: string; bytes: number }>;
}

const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, rel);
const write = async (rel: string, bytes: Uint8Array | string): Promise<void> =>
  vscode.workspace.fs.writeFile(uri(rel), typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
const exists = async (rel: string): Promise<boolean> =>
  Promise.resolve(vscode.workspace.fs.stat(uri(rel))).then(
    () => true,
    () => false,
  );

const extensionApi = (): ImageStudioApi => vscode.extensions.getExtension<ImageStudioApi>(EXTENSION_ID)!.exports;
const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The parts of a result as plain data (data parts only where this VS Code has them). */
function answerOf(result: vscode.LanguageModelToolResult): Answer {
  const text: string[] = [];
  const images: Answer['images'] = [];
  for (const part of result.content) {
    if (part instanceof vscode.LanguageModelTextPart) text.push(part.value);
    else {
      const data = part as { mimeType?: string; data?: Uint8Array };
      if (data.mimeType?.startsWith('image/') && data.data) images.push({ mimeType: data.mimeType, bytes: data.data.length });
    }
  }
  return { text: text.join('\n'), images };
}

describe('agent tools: the language-model tools through vscode.lm.invokeTool (fake Images API)', function () {
  this.timeout(90000);
  const api = fakeApiForSuite({ refuseTransparentFor: ['gpt-image-2'] });
  const transcript = new Transcript(
    `The VS Code door: language-model tools through vscode.lm.invokeTool (VS Code ${vscode.version}, fake Images API)`,
  );
  const answers: string[] = [];
  const posts = (): number => api().requests.filter((r) => r.endpoint).length;

  after(async () => {
    transcript.write(`vscode-${vscode.version}.md`);
    await Promise.resolve(vscode.workspace.fs.delete(uri(DIR), { recursive: true })).catch(() => undefined);
  });

  /** Invokes a tool that asks for no confirmation (it sends and writes nothing, or is refused). */
  async function invoke(name: string, input: object, title?: string): Promise<Answer> {
    const answer = answerOf(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));
    answers.push(answer.text);
    if (title) transcript.add(title, { tool: name, input }, answer);
    return answer;
  }

  /**
   * Invokes a tool whose call VS Code confirms first. VS Code skips its dialogs while extension
   * tests run (it confirms them itself), so the confirmation is asked from the extension before the
   * call: the same prepareInvocation VS Code calls. Returns the confirmation's text and the answer.
   */
  async function invokeConfirmed(name: string, input: object, title: string): Promise<Answer & { confirmation: string }> {
    const prepared = await extensionApi().agentToolConfirmation(name, input);
    assert.ok(prepared, `${name} asks for confirmation`);
    const confirmation = `${prepared.title}\n${prepared.message}`;
    const answer = answerOf(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));
    answers.push(answer.text, confirmation);
    transcript.add(title, { tool: name, input }, answer, [`VS Code asks first: ${flat(confirmation)}`]);
    return { ...answer, confirmation };
  }

  it('registers the three tools, each with its tags, for every extension and agent to see', () => {
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('image_studio_'));
    assert.deepEqual(ours.map((t) => t.name).sort(), ['image_studio_assets', 'image_studio_edit', 'image_studio_generate']);
    for (const tool of ours) assert.ok(tool.tags.includes('images') && tool.inputSchema, tool.name);
  });

  it('makes the transparent 64×64 sprite through the manifest: add, build, check; a rebuild keeps the old one in the history', async () => {
    const manifest = `${DIR}/image-studio.json`;
    const refused = await invoke(
      'image_studio_generate',
      { prompt: 'A gold coin, pixel art', path: `${DIR}/assets/coin.png`, size: '64x64', background: 'transparent' },
      'Generate a 64×64 sprite directly (refused before anything is sent)',
    );
    assert.match(refused.text, /image_studio_assets with "resize"/);
    assert.equal(posts(), 0);

    const added = await invokeConfirmed(
      'image_studio_assets',
      {
        action: 'add',
        manifest,
        path: `${DIR}/assets/coin.png`,
        prompt: 'A gold coin, pixel art',
        size: '1024x1024',
        background: 'transparent',
        resize: '64x64',
      },
      'Declare the sprite in the manifest',
    );
    assert.match(added.confirmation, /Sends nothing to the Images API/);
    assert.match(added.confirmation, /agent-door\/image-studio\.json \(new\): declares agent-door\/assets\/coin\.png/);
    assert.match(added.text, /Added agent-door\/assets\/coin\.png to agent-door\/image-studio\.json/);

    const built = await invokeConfirmed('image_studio_assets', { action: 'build', manifest }, 'Build it (the confirmation names the cost)');
    assert.match(
      built.confirmation,
      /Sends: the prompts of 1 asset\(s\) of agent-door\/image-studio\.json: agent-door\/assets\/coin\.png \(gpt-image-2, missing\)/,
    );
    assert.match(built.confirmation, /Estimated cost: \$0\.008 to \$0\.125 \(gpt-image-2: estimated from token prices by pixel count\)/);
    assert.match(built.text, /built agent-door\/assets\/coin\.png \(sidecar agent-door\/assets\/coin\.png\.json/);
    const info = readImageInfo(await readWorkspaceFile(`${DIR}/assets/coin.png`))!;
    assert.deepEqual([info.width, info.height, info.hasAlpha], [64, 64, true]);
    if (typeof (vscode as unknown as { LanguageModelDataPart?: unknown }).LanguageModelDataPart === 'function')
      assert.deepEqual(built.images, [{ mimeType: 'image/png', bytes: (await readWorkspaceFile(`${DIR}/assets/coin.png`)).length }]);
    else assert.deepEqual(built.images, [], 'no data parts before VS Code has them');

    const checked = await invoke(
      'image_studio_assets',
      { action: 'check', manifest },
      'Check the manifest (no confirmation: it sends nothing)',
    );
    assert.match(checked.text, /Check passed/);

    const rebuilt = await invokeConfirmed(
      'image_studio_assets',
      { action: 'build', manifest, force: true },
      'Rebuild it: the previous version goes to the history',
    );
    assert.match(rebuilt.text, /the previous version is kept as agent-door\/\.image-studio\/history\//);
    const history = await vscode.workspace.findFiles(`${DIR}/.image-studio/history/**/*.png`);
    assert.equal(history.length, 1, 'the replaced sprite is kept');
  });

  it('generates into a taken name without overwriting it, and edits with a mask', async () => {
    await write(`${DIR}/art/hero.png`, encodePng(1024, 1024, { color: [90, 60, 30] }));
    await write(`${DIR}/art/hero-mask.png`, encodePng(1024, 1024, { alpha: 'transparent-left' }));
    const before = await readWorkspaceFile(`${DIR}/art/hero.png`);
    const generated = await invokeConfirmed(
      'image_studio_generate',
      { prompt: 'A hero on a cliff', path: `${DIR}/art/hero.png`, size: '1024x1024', quality: 'low' },
      'Generate into a file that exists (kept; the new image gets a numbered name)',
    );
    assert.match(generated.confirmation, /Sends: the prompt "A hero on a cliff" to gpt-image-2 \(1 image, 1024x1024, low, png\)/);
    assert.match(generated.confirmation, /agent-door\/art\/hero\.png exists and is kept/);
    assert.match(generated.confirmation, /Estimated cost: about \$0\.008/);
    assert.match(generated.text, /- agent-door\/art\/hero-2\.png \(sidecar agent-door\/art\/hero-2\.png\.json\)/);
    assert.deepEqual(await readWorkspaceFile(`${DIR}/art/hero.png`), before);

    const edited = await invokeConfirmed(
      'image_studio_edit',
      { images: [`${DIR}/art/hero.png`], mask: `${DIR}/art/hero-mask.png`, prompt: 'Add a red cape', path: `${DIR}/edits/` },
      'Edit with a mask',
    );
    assert.match(
      edited.confirmation,
      /Sends: agent-door\/art\/hero\.png with the mask agent-door\/art\/hero-mask\.png and the prompt "Add a red cape"/,
    );
    assert.match(edited.confirmation, /plus the input images, billed as input tokens/);
    const files = await filesIn(`${DIR}/edits`);
    assert.equal(files.filter((f) => /^add-a-red-cape.*\.png$/.test(f) && !f.includes('.raw.')).length, 1, files.join());
    assert.ok(files.some((f) => f.endsWith('.raw.png')) && files.some((f) => f.endsWith('.png.json')), files.join());
  });

  it('refuses paths outside the workspace folder with no confirmation and nothing sent', async () => {
    const outside = await invoke('image_studio_generate', { prompt: 'x', path: '../outside.png' }, 'A path outside the workspace folder');
    assert.match(outside.text, /outside the workspace folder/);
    const absolute = await invoke('image_studio_edit', { images: ['/etc/hosts'], prompt: 'x' });
    assert.match(absolute.text, /outside the workspace folder/);
    assert.equal(posts(), 0);
  });

  it('never puts the key in a tool result or a confirmation', () => {
    assert.ok(answers.length > 3);
    for (const a of answers) assert.ok(!a.includes(TEST_KEY), 'the key reached a tool result');
  });
});

describe('agent tools: their answers in a trusted workspace', () => {
  it('status needs no confirmation and sends nothing', async () => {
    const result = await vscode.lm.invokeTool('image_studio_assets', {
      input: { action: 'status', manifest: 'no-such/image-studio.json' },
      toolInvocationToken: undefined,
    });
    assert.match((result.content[0] as vscode.LanguageModelTextPart).value, /There is no manifest at no-such\/image-studio\.json/);
    assert.equal(await exists('no-such'), false);
  });
});
