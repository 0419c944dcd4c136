// The CLI says what it shares with the host (core's messages: API refusals, model lifecycles,
// asset states) through the same catalogue: with the pseudo bundle installed as core's translator,
// the refusal the CLI prints is the pseudo text of the bundle's message, not English of its own.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatMessage, translateWith, useTranslator } from '../../../src/core/l10n';
import { startFakeImagesApi, type FakeImagesApi } from '../../fakeServer/server';
import { runCliAgainst } from '../reliability/cliHarness';
import { CANARY_KEY } from '../support';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

describe('the CLI’s shared messages come from the catalogue', function () {
  this.timeout(30000);
  let server: FakeImagesApi;
  let dir: string;
  before(async () => {
    server = await startFakeImagesApi({ apiKey: CANARY_KEY });
    dir = mkdtempSync(join(tmpdir(), 'cli-l10n-'));
  });
  after(async () => {
    useTranslator(formatMessage);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints an API refusal in the words of the installed bundle', async () => {
    const { pseudo } = (await import(pathToFileURL(join(ROOT, 'scripts', 'l10n.mjs')).href)) as { pseudo(text: string): string };
    const bundle = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    assert.ok(bundle['The API key was refused (401). Set the key again.'], 'the CLI’s refusal is a catalogue message');
    useTranslator(translateWith(Object.fromEntries(Object.entries(bundle).map(([k, v]) => [k, pseudo(v)]))));
    server.setMode({ apiKey: 'sk-another' });
    try {
      const r = await runCliAgainst(server, ['generate', '--prompt', 'x', '--out', dir]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^image-studio: ⟦⟦Thé ÁPÍ kéý wás réfúséd \(401\)\. Sét thé kéý ágáíñ\.⟧ \(réqúést íd req_fake_\d+\)⟧\n$/);
    } finally {
      server.setMode({ apiKey: CANARY_KEY });
      useTranslator(formatMessage);
    }
  });
});
