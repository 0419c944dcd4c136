// The manifest in the editor: problems underlined where they are (parse and validation errors,
// and assets whose inputs are missing or invalid), and a CodeLens over each asset with its state
// and Build or Rebuild.
import * as vscode from 'vscode';
import { parseManifest } from '../../core/assets/manifest';
import { MANIFEST_FILE_NAME } from '../../core/assets/manifestTypes';
import { stateLabel } from '../../core/assets/status';
import { describeGateFailure } from '../../core/image/checks/describeFailure';
import { isUnusableEntry, type AssetManifests } from './assetManifests';

function isManifest(doc: vscode.TextDocument): boolean {
  return doc.uri.path.endsWith(`/${MANIFEST_FILE_NAME}`);
}

/** Keeps diagnostics of every open manifest current, from its unsaved text and the last statuses. */
export function registerManifestEditor(manifests: AssetManifests): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('imageStudio.assets');
  const update = (doc: vscode.TextDocument): void => {
    if (!isManifest(doc)) return;
    const parsed = parseManifest(manifests.models, doc.getText());
    const list = parsed.problems.map((p) => {
      const start = doc.positionAt(p.offset);
      const d = new vscode.Diagnostic(
        new vscode.Range(start, doc.positionAt(p.offset + p.length)),
        p.message,
        p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'Image Studio'; // l10n-ignore: the product's name
      return d;
    });
    const loaded = manifests.current.find((m) => m.uri.toString() === doc.uri.toString());
    for (const s of loaded?.statuses ?? []) {
      const at = parsed.assetOffsets[s.path];
      // An entry the manifest itself refused has its problem underlined above already.
      if (!at || (s.state !== 'invalid' && !s.retiring) || (loaded && isUnusableEntry(loaded.parsed, s))) continue;
      const range = new vscode.Range(doc.positionAt(at.offset), doc.positionAt(at.offset + at.length));
      const d = new vscode.Diagnostic(
        range,
        s.state === 'invalid'
          ? s.reason
          : vscode.l10n.t('{message} Rebuild with the replacement to keep this asset working.', { message: s.retiring!.message }),
        s.state === 'invalid' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Information,
      );
      d.source = 'Image Studio'; // l10n-ignore: the product's name
      list.push(d);
    }
    // The gates its file fails, on the asset's key (as `assets check --format github` marks the line).
    for (const f of loaded?.failures ?? []) {
      const at = parsed.assetOffsets[f.path];
      if (!at) continue;
      const d = new vscode.Diagnostic(
        new vscode.Range(doc.positionAt(at.offset), doc.positionAt(at.offset + at.length)),
        vscode.l10n.t('{path} fails its checks: {failure}', { path: f.path, failure: describeGateFailure(f) }),
        vscode.DiagnosticSeverity.Error,
      );
      d.source = 'Image Studio'; // l10n-ignore: the product's name
      d.code = f.code;
      list.push(d);
    }
    diagnostics.set(doc.uri, list);
  };
  const lenses = new ManifestCodeLens(manifests);
  vscode.workspace.textDocuments.forEach(update);
  return [
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument((e) => {
      update(e.document);
      if (isManifest(e.document)) lenses.changed.fire();
    }),
    // Saved: read that manifest's states now, so the CodeLens and the view agree at once.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (isManifest(doc))
        void manifests.manifest(doc.uri).then(
          () => lenses.changed.fire(),
          () => undefined,
        );
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => diagnostics.delete(doc.uri)),
    manifests.onDidChange(() => {
      vscode.workspace.textDocuments.forEach(update);
      lenses.changed.fire();
    }),
    vscode.languages.registerCodeLensProvider({ pattern: `**/${MANIFEST_FILE_NAME}` }, lenses),
    lenses,
  ];
}

class ManifestCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly manifests: AssetManifests) {}

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const parsed = parseManifest(this.manifests.models, doc.getText());
    // The states the view shows (waiting for a read under way), never older ones; a saved text the
    // last read did not see (the save's own read has not ended yet) is read now.
    let loaded = (await this.manifests.all()).find((m) => m.uri.toString() === doc.uri.toString());
    if (loaded && !doc.isDirty && JSON.stringify(loaded.parsed.manifest) !== JSON.stringify(parsed.manifest))
      loaded = await this.manifests.manifest(doc.uri).catch(() => loaded);
    const out: vscode.CodeLens[] = [];
    for (const [path, at] of Object.entries(parsed.assetOffsets)) {
      const status = loaded?.statuses.find((s) => s.path === path);
      const range = new vscode.Range(doc.positionAt(at.offset), doc.positionAt(at.offset));
      const arg = { manifest: doc.uri, path };
      out.push(
        new vscode.CodeLens(range, {
          title: status ? stateLabel(status) : doc.isDirty ? vscode.l10n.t('save to see its state') : vscode.l10n.t('reading its state…'),
          command: 'imageStudio.assets.refresh',
        }),
      );
      if (!status || status.state === 'invalid') continue;
      const fresh = status.state === 'missing' || status.state === 'stale';
      out.push(
        new vscode.CodeLens(
          range,
          fresh
            ? { title: vscode.l10n.t('Build'), command: 'imageStudio.assets.build', arguments: [arg] }
            : { title: vscode.l10n.t('Rebuild'), command: 'imageStudio.assets.rebuild', arguments: [arg] },
        ),
      );
      if (status.state !== 'missing')
        out.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Open'), command: 'imageStudio.assets.open', arguments: [arg] }));
      if (status.retiring?.replacement)
        out.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('Rebuild with {replacement}', { replacement: status.retiring.replacement }),
            command: 'imageStudio.assets.useReplacement',
            arguments: [arg],
          }),
        );
      if (this.manifests.review(doc.uri, path))
        out.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Review'), command: 'imageStudio.assets.review', arguments: [arg] }));
    }
    return out;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
