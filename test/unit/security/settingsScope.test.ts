// Security: the settings that decide where the API key goes can only come from the user. This is
// what protects untrusted workspaces too (the integration harness runs code-server with
// --disable-workspace-trust, so Restricted Mode itself cannot be exercised there): the manifest
// gives them `application` scope (VS Code ignores them in workspace and folder settings), lists
// them in restrictedConfigurations, and the host reads only their user-level (global) value.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

/** Every setting that changes the destination of the key or what is sent with it. */
export const KEY_ROUTING_SETTINGS = [
  'imageStudio.provider',
  'imageStudio.baseUrl',
  'imageStudio.azure.endpoint',
  'imageStudio.azure.deployment',
  'imageStudio.azure.apiVersion',
  'imageStudio.organization',
  'imageStudio.project',
  'imageStudio.compatible.endpoints',
];

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations: string[] } };
  contributes: { configuration: Array<{ properties: Record<string, { scope?: string; type?: string }> }> };
}

describe('security: settings that decide where the key goes', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const properties = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Record<
    string,
    { scope?: string }
  >;

  it('are application-scoped and restricted in untrusted workspaces', () => {
    for (const key of KEY_ROUTING_SETTINGS) {
      assert.ok(properties[key], `${key} is not contributed`);
      assert.equal(properties[key]!.scope, 'application', `${key} can be set by a workspace`);
    }
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), [...KEY_ROUTING_SETTINGS].sort());
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('no other setting takes a URL, a host or a header (a new one would have to be added above)', () => {
    for (const [key, spec] of Object.entries(properties)) {
      if (KEY_ROUTING_SETTINGS.includes(key)) continue;
      assert.doesNotMatch(
        key,
        /url|endpoint|host|header|proxy|organization|project|provider|key/i,
        `${key} looks key-routing but is not protected`,
      );
      void spec;
    }
  });

  it('are read from the user-level value only (settings.ts reads globalValue, never get())', () => {
    const source = readFileSync(join(root, 'src', 'host', 'services', 'settings.ts'), 'utf8');
    const reader = /function readProviderConfig\(\)[\s\S]*?\n}\n/.exec(source)?.[0] ?? '';
    assert.ok(reader, 'readProviderConfig not found');
    assert.doesNotMatch(reader, /\.get[<(]/, 'readProviderConfig uses get(), which merges workspace values');
    for (const key of KEY_ROUTING_SETTINGS)
      assert.ok(reader.includes(`'${key.replace('imageStudio.', '')}'`), `${key} is not read through userValue`);
    assert.match(source, /inspected\?\.globalValue \?\? inspected\?\.defaultValue/);
  });
});
