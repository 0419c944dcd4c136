// The pseudo-locale session: the harness starts the workbench in VS Code's pseudo locale
// (qps-ploc) with l10n/bundle.l10n.qps-ploc.json beside the real bundle, every message of it
// wrapped in ⟦…⟧ and accented (scripts/l10n.mjs --pseudo). Whatever a person reads from Image
// Studio (a command's input box, its notifications, the Studio panel) must then be pseudo text: a
// string that is still plain English was left out of the catalogue.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { driver, skipWithoutDriver } from '../support/driver';
import { activateExtension, eventually } from '../support/extension';
import { clearNotifications, inNotificationCenter } from '../support/notifications';

const PSEUDO = /⟦[^⟧]*⟧/;

/** What is left of a text once its pseudo parts (nested ones too: a message in a message) are taken out. */
function outsidePseudo(text: string): string {
  let rest = text;
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  return rest;
}

/** Texts with words outside pseudo text: what a person would still read in English. */
function leftInEnglish(texts: readonly string[]): string[] {
  return texts.map((t) => t.trim()).filter((t) => /[A-Za-z]{2,}/.test(outsidePseudo(t)));
}

async function notificationTexts(): Promise<string[]> {
  await inNotificationCenter('.notification-list-item', 10000);
  // Ours only: VS Code's own notices ("Activating Extensions...") stay in its language. Ours name
  // Image Studio as their source, or carry pseudo text or the product's name in the message.
  return driver.evaluate<string[]>(
    '.notifications-center',
    `[...document.querySelectorAll('.notifications-center .notification-list-item')].filter((item) =>
    /Image Studio/.test(item.querySelector('.notification-list-item-source')?.textContent ?? '') || /⟦|Image Studio/.test(item.querySelector('.notification-list-item-message')?.textContent ?? '')).flatMap((item) => [
    item.querySelector('.notification-list-item-message')?.textContent ?? '',
    ...[...item.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => b.textContent ?? ''),
  ])`,
  );
}

describe('pseudo locale (qps-ploc): nothing left hard-coded', function () {
  this.timeout(90000);
  before(async () => {
    await activateExtension();
  });
  afterEach(clearNotifications);

  it('runs in the pseudo locale with the pseudo bundle loaded', () => {
    assert.equal(vscode.env.language, 'qps-ploc');
    assert.ok(vscode.l10n.bundle, 'VS Code loaded l10n/bundle.l10n.qps-ploc.json');
    assert.match(vscode.l10n.t('Open Log'), PSEUDO);
  });

  it('a command’s notification and the answer it returns are pseudo text', async function () {
    skipWithoutDriver(this);
    const result = await vscode.commands.executeCommand<{ changed: boolean }>('imageStudio.clearApiKey');
    assert.ok(result);
    const texts = await eventually(
      async () => {
        const t = await notificationTexts();
        return t.length ? t : undefined;
      },
      'the Clear API Key notice',
      15000,
    );
    assert.deepEqual(leftInEnglish(texts), [], `notification texts: ${JSON.stringify(texts)}`);
  });

  it('an error notification, its button and the returned error are pseudo text', async function () {
    skipWithoutDriver(this);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Add to Image Assets with nothing chosen: refused with an error that offers Open Log.
    const result = await vscode.commands.executeCommand<{ error?: string }>('imageStudio.assets.add');
    assert.match(result?.error ?? '', PSEUDO, `the command returned ${JSON.stringify(result)}`);
    const texts = await eventually(
      async () => {
        const t = await notificationTexts();
        return t.length >= 2 ? t : undefined;
      },
      'the error notification and its button',
      15000,
    );
    assert.deepEqual(leftInEnglish(texts), [], `notification texts: ${JSON.stringify(texts)}`);
  });

  it('a refused command argument: the error it shows and returns is pseudo text', async function () {
    skipWithoutDriver(this);
    const result = await vscode.commands.executeCommand<{ error?: string }>('imageStudio.createVariation', { image: '/etc/hostname' });
    assert.match(result?.error ?? '', PSEUDO, `the command returned ${JSON.stringify(result)}`);
    const texts = await eventually(
      async () => {
        const t = await notificationTexts();
        return t.length ? t : undefined;
      },
      'the error notification',
      15000,
    );
    assert.deepEqual(leftInEnglish(texts), [], `notification texts: ${JSON.stringify(texts)}`);
  });

  it('the Generate Image input box: title, placeholder, prompt and validation message', async function () {
    skipWithoutDriver(this);
    // The validation message replaces the prompt line; reading before it arrives would read the
    // prompt, which VS Code 1.96 follows with its own English "(Press 'Enter' to confirm…)".
    const emptyPrompt = vscode.l10n.t('Describe the image first: the prompt is empty.');
    assert.match(emptyPrompt, PSEUDO);
    const running = vscode.commands.executeCommand('imageStudio.generateImage');
    try {
      await driver.waitFor('.quick-input-widget .quick-input-box input', 15000);
      await driver.press('Enter', '.quick-input-widget .quick-input-box input');
      const read = () =>
        driver.evaluate<string[]>(
          '.quick-input-widget',
          `(() => {
        const w = document.querySelector('.quick-input-widget');
        return [w.querySelector('.quick-input-title')?.textContent ?? '', w.querySelector('.quick-input-box input')?.getAttribute('placeholder') ?? '',
          w.querySelector('.quick-input-message')?.textContent ?? '', ...[...w.querySelectorAll('.quick-input-titlebar .action-label')].map((a) => a.getAttribute('aria-label') ?? a.getAttribute('title') ?? '')];
      })()`,
        );
      const texts = await eventually(
        async () => {
          const t = await read();
          return t[2]?.includes(emptyPrompt) && t.filter(Boolean).length >= 3 ? t : undefined;
        },
        'the validation message',
        10000,
      );
      assert.deepEqual(leftInEnglish(texts), [], `input box texts: ${JSON.stringify(texts)}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await running;
    }
  });

  it('every text, label, title, placeholder and alt of the Studio page is pseudo text', async function () {
    skipWithoutDriver(this);
    await vscode.commands.executeCommand('imageStudio.openStudio');
    await driver.waitFor('#model option[value="gpt-image-2"]', 20000);
    // Data is shown as it is: model ids and labels, sizes, file formats, API values (an option whose
    // text is its value), paths and the prompt. Everything else a person reads comes from the catalogue.
    const texts = await driver.evaluate<string[]>(
      '#generate-form',
      `(() => {
      const out = [];
      const isData = (el) => !!el.closest('#model, #size, #outputFormat, code, .path, textarea') || (el instanceof HTMLOptionElement && el.textContent.trim() === el.value);
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('script, style') || isData(el)) continue;
        out.push(n.textContent);
      }
      for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
        if (isData(el) && !(el instanceof HTMLTextAreaElement)) continue;
        for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.hasAttribute(a)) out.push(el.getAttribute(a));
      }
      out.push(document.title);
      return out;
    })()`,
    );
    assert.ok(texts.length > 30, `the page has text (${texts.length} strings)`);
    assert.deepEqual(leftInEnglish(texts), [], 'every Studio string is from the catalogue');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
