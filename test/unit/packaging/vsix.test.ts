// The VSIX as users get it: `vsce package` (the Marketplace's manifest checks) builds it from this
// tree, it holds exactly what .vscodeignore allows, ovsx and the Open VSX server's metadata rules
// accept it, its README images are relative and packaged, and the publish script hands tokens to
// ovsx through the environment only (checked against a fake Open VSX on 127.0.0.1).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

interface VsixModule {
  zipEntries(file: string): string[];
  openVsxIssues(manifest: Record<string, unknown>): string[];
  checkVsix(
    file: string,
    opts?: { extensionDir?: string },
  ): Promise<{ files: string[]; manifest: Record<string, unknown>; issues: string[] }>;
}
interface IconModule {
  SIZE: number;
  drawIcon(): Buffer;
  decodePng(png: Buffer): { width: number; height: number; rgba: Buffer };
}
/** The project's .mjs scripts, loaded as ES modules (a variable path keeps the import dynamic). */
async function script<T>(name: string): Promise<T> {
  const url = pathToFileURL(join(ROOT, 'scripts', name)).href;
  return (await import(url)) as T;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { recursive: true })
    .map(String)
    .filter((f) => statSync(join(ROOT, dir, f)).isFile())
    .map((f) => `${dir}/${f}`);
}

interface Upload {
  url: string;
  body: Buffer;
}

/** A stand-in for Open VSX's publish endpoint: records uploads and answers as the server does. */
async function fakeOpenVsx(vsix: VsixModule) {
  const uploads: Upload[] = [];
  const work = mkdtempSync(join(tmpdir(), 'fake-ovsx-'));
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    uploads.push({ url: req.url ?? '', body });
    const file = join(work, `upload-${uploads.length}.vsix`);
    writeFileSync(file, body);
    const { manifest, issues } = await vsix.checkVsix(file);
    const reply = issues.length
      ? { status: 400, json: { error: issues.join('; ') } }
      : {
          status: 201,
          json: { namespace: manifest.publisher, name: manifest.name, version: manifest.version, targetPlatform: 'universal' },
        };
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.json));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    uploads,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        rmSync(work, { recursive: true, force: true });
      }),
  };
}

function runPublish(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'publish.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, VSCE_PAT: '', OVSX_PAT: '', OVSX_REGISTRY_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += String(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      output += String(d);
    });
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

describe('the VSIX (vsce package, .vscodeignore, ovsx and Open VSX rules)', function () {
  this.timeout(120000);
  let dir: string;
  let file: string;
  let vsix: VsixModule;

  before(async () => {
    vsix = await script<VsixModule>('vsix.mjs');
    dir = mkdtempSync(join(tmpdir(), 'vsix-test-'));
    file = join(dir, 'image-studio.vsix');
    // The test build has just written dist/; vsce refuses a manifest it finds wrong.
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds exactly what .vscodeignore allows: the bundles (host, its image worker, webview, assets board, the CLI for the MCP server), media/, schemas/, the manifest, its strings, the l10n bundle and the documents', () => {
    // A pseudo-locale file the l10n test made may lie in the tree: it must not ship.
    const nlsFiles = readdirSync(ROOT).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f) && !f.includes('qps-ploc'));
    assert.ok(nlsFiles.includes('package.nls.json'));
    const expected = [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/dist/imageWorker.js',
      'extension/dist/webview.js',
      'extension/dist/cli.js',
      'extension/dist/board.js',
      ...nlsFiles.map((f) => `extension/${f}`),
      'extension/l10n/bundle.l10n.json',
      ...filesUnder('media').map((f) => `extension/${f}`),
      ...filesUnder('schemas').map((f) => `extension/${f}`),
    ].sort();
    assert.deepEqual(vsix.zipEntries(file).sort(), expected);
  });

  it('contains every file the manifest points to (entry point, icon, walkthrough media, JSON schemas)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      main: string;
      icon: string;
      contributes: { walkthroughs?: Array<{ steps: Array<{ media: Record<string, unknown> }> }>; jsonValidation?: Array<{ url: string }> };
    };
    const referenced = [manifest.main, manifest.icon];
    for (const w of manifest.contributes.walkthroughs ?? []) {
      for (const step of w.steps) for (const value of Object.values(step.media)) if (typeof value === 'string') referenced.push(value);
    }
    for (const v of manifest.contributes.jsonValidation ?? []) if (!/^[a-z]+:/i.test(v.url)) referenced.push(v.url);
    const files = new Set(vsix.zipEntries(file));
    const missing = referenced.map((p) => `extension/${p.replace(/^\.\//, '')}`).filter((p) => !files.has(p));
    assert.deepEqual(missing, []);
  });

  it('carries no source maps, sources, tests, tools or node_modules, and stays small', () => {
    const files = vsix.zipEntries(file);
    for (const f of files) assert.doesNotMatch(f, /\.map$|^extension\/(src|test|out|scripts|node_modules|\.vscode)\/|\.vsix$/, f);
    assert.ok(statSync(file).size < 1024 * 1024, `VSIX is ${statSync(file).size} bytes`);
  });

  it("passes ovsx's own checks and the Open VSX server's metadata rules, with the gallery fields set", async () => {
    const { manifest, issues } = await vsix.checkVsix(file, { extensionDir: ROOT });
    assert.deepEqual(issues, []);
    assert.equal(manifest.icon, 'media/icon.png');
    assert.deepEqual(Object.keys(manifest.galleryBanner as object).sort(), ['color', 'theme']);
    for (const field of ['repository', 'bugs']) assert.match((manifest[field] as { url: string }).url, /^https:\/\//, field);
    assert.match(manifest.homepage as string, /^https:\/\//);
    assert.equal(manifest.license, 'MIT');
  });

  it('refuses what the Open VSX server refuses (so the check can fail)', () => {
    const good = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(vsix.openVsxIssues(good), []);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ publisher: 'image studio' }, /publisher/],
      [{ name: '' }, /name: empty/],
      [{ version: 'latest' }, /reserved/],
      [{ version: '1.0.0/2' }, /invalid character '\/'/],
      [{ description: 'tab\there' }, /invalid character/],
      [{ displayName: 'x'.repeat(256) }, /longer than 255/],
      [{ repository: { url: 'not a url' } }, /repository: not a URL/],
      [{ galleryBanner: { color: '#312e81', theme: 'blue' } }, /theme/],
      [{ qna: 'sometimes' }, /qna/],
    ];
    for (const [change, expected] of cases) {
      assert.match(vsix.openVsxIssues({ ...good, ...change }).join('\n'), expected, JSON.stringify(change));
    }
  });

  it('has a README whose images are relative and packaged', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]!);
    assert.ok(images.length > 0, 'the README shows at least the icon');
    const files = vsix.zipEntries(file);
    for (const src of images) {
      assert.doesNotMatch(src, /^[a-z]+:|^\//i, `${src} should be relative`);
      assert.ok(files.includes(`extension/${src}`), `${src} is not in the VSIX`);
    }
  });

  it('ships the 128×128 icon that scripts/makeIcon.mjs draws', async () => {
    const icon = await script<IconModule>('makeIcon.mjs');
    const png = readFileSync(join(ROOT, 'media', 'icon.png'));
    const decoded = icon.decodePng(png);
    assert.deepEqual([decoded.width, decoded.height], [128, 128]);
    assert.ok(decoded.rgba.equals(icon.drawIcon()), 'media/icon.png is stale: run npm run icon');
    assert.ok(png.length < 16 * 1024, `icon is ${png.length} bytes`);
    assert.equal(relative(ROOT, join(ROOT, 'media', 'icon.png')), 'media/icon.png');
  });

  describe('publishing to Open VSX (npm run publish, ovsx; a stand-in registry on 127.0.0.1)', () => {
    it('uploads the checked VSIX to Open VSX with the token from OVSX_PAT only, and never prints a token', async () => {
      const registry = await fakeOpenVsx(vsix);
      try {
        const ovsxToken = 'ovsx-canary-3b8e1f0c9a7d';
        const vsceToken = 'vsce-canary-52c4a9e1d7f6';
        const { code, output } = await runPublish(['--only', 'ovsx', '--vsix', file], {
          OVSX_PAT: ovsxToken,
          VSCE_PAT: vsceToken,
          OVSX_REGISTRY_URL: registry.url,
        });
        assert.equal(code, 0, output);
        assert.equal(registry.uploads.length, 1);
        const upload = registry.uploads[0]!;
        assert.equal(new URL(upload.url, registry.url).pathname, '/api/-/publish');
        assert.equal(new URL(upload.url, registry.url).searchParams.get('token'), ovsxToken);
        assert.ok(upload.body.equals(readFileSync(file)), 'the registry got the checked file, byte for byte');
        assert.ok(!output.includes(ovsxToken) && !output.includes(vsceToken), `a token was printed:\n${output}`);
        assert.match(output, /Published image-studio\.image-studio v0\.1\.0/);
      } finally {
        await registry.close();
      }
    });

    it("ovsx's own packaging (ovsx publish from the folder) builds a VSIX the Open VSX rules accept", async () => {
      const registry = await fakeOpenVsx(vsix);
      try {
        const r = await new Promise<{ code: number | null; output: string }>((done) => {
          const child = spawn(join(ROOT, 'node_modules', '.bin', 'ovsx'), ['publish', '--no-dependencies'], {
            cwd: ROOT,
            env: { ...process.env, OVSX_PAT: 'ovsx-packaging-check', OVSX_REGISTRY_URL: registry.url },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let output = '';
          child.stdout.on('data', (d: Buffer) => {
            output += String(d);
          });
          child.stderr.on('data', (d: Buffer) => {
            output += String(d);
          });
          child.on('close', (code) => done({ code, output }));
        });
        assert.equal(r.code, 0, r.output);
        assert.equal(registry.uploads.length, 1);
        const uploaded = join(dir, 'from-ovsx.vsix');
        writeFileSync(uploaded, registry.uploads[0]!.body);
        assert.deepEqual(vsix.zipEntries(uploaded).sort(), vsix.zipEntries(file).sort(), 'ovsx and vsce package the same files');
      } finally {
        await registry.close();
      }
    });

    it('refuses to start without the token, or with a token flag, before any upload', async () => {
      const registry = await fakeOpenVsx(vsix);
      try {
        const missing = await runPublish(['--only', 'ovsx', '--vsix', file], { OVSX_REGISTRY_URL: registry.url });
        assert.equal(missing.code, 2);
        assert.match(missing.output, /set OVSX_PAT in the environment/);
        const both = await runPublish(['--vsix', file], { OVSX_PAT: 'x', OVSX_REGISTRY_URL: registry.url });
        assert.equal(both.code, 2);
        assert.match(both.output, /set VSCE_PAT and NPM_TOKEN in the environment/);
        const flag = await runPublish(['--only', 'ovsx', '--vsix', file, '--pat', 'secret-on-the-command-line'], {
          OVSX_PAT: 'x',
          OVSX_REGISTRY_URL: registry.url,
        });
        assert.equal(flag.code, 2);
        assert.match(flag.output, /never from flags/);
        assert.equal(registry.uploads.length, 0);
      } finally {
        await registry.close();
      }
    });
  });
});
