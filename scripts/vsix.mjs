// Checks a VSIX the way the two registries will, without a network: the file list (read from
// the zip's central directory), the manifest as ovsx itself reads it from the VSIX, ovsx's own
// client-side checks (required fields, license), and the metadata rules the Open VSX server
// applies on upload (its ExtensionValidator: name and namespace characters, version characters,
// field lengths, URL fields, gallery banner theme, markdown and qna values). `vsce package`
// runs the Marketplace's own manifest checks when it builds the VSIX.
// `node scripts/vsix.mjs image-studio.vsix` prints the files and any issue (exit 1 on issues).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Entry names of a zip file, from its central directory. */
export function zipEntries(file) {
  const zip = readFileSync(file);
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const NAME = /^[\w\-+$~]+$/;
const VERSION_PUNCTUATION = new Set(['$', '+', '-', ',', '.', ':', ';', '_']);
const SHORT_FIELD = 255;
// Control, format, unassigned, private-use and line/paragraph separator characters are refused.
const BAD_CHARACTER = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}]/u;

function isUrl(value) {
  const url = value.startsWith('git+') ? value.slice(4) : value;
  try {
    return new URL(url).host !== '';
  } catch {
    return false;
  }
}

const urlOf = (field) => (typeof field === 'string' ? field : field?.url);

/** What the Open VSX server would refuse in this manifest (an empty list when it would take it). */
export function openVsxIssues(manifest) {
  const issues = [];
  const text = (value, field, limit = SHORT_FIELD) => {
    if (value === undefined || value === null) return;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (BAD_CHARACTER.test(String(v))) issues.push(`${field}: invalid character in ${JSON.stringify(v)}`);
      if (String(v).length > limit) issues.push(`${field}: longer than ${limit} characters`);
    }
  };
  const url = (value, field) => {
    if (!value) return;
    if (!isUrl(value)) issues.push(`${field}: not a URL: ${value}`);
    if (value.length > SHORT_FIELD) issues.push(`${field}: longer than ${SHORT_FIELD} characters`);
  };
  for (const [field, value] of [
    ['publisher (namespace)', manifest.publisher],
    ['name', manifest.name],
  ]) {
    if (!value || value === '-') issues.push(`${field}: empty`);
    else if (!NAME.test(value)) issues.push(`${field}: only letters, digits, _ - + $ ~ are allowed: ${value}`);
    else if (value.length > SHORT_FIELD) issues.push(`${field}: longer than ${SHORT_FIELD} characters`);
  }
  const version = manifest.version ?? '';
  if (!version) issues.push('version: empty');
  if (['latest', 'pre-release', 'reviews'].includes(version)) issues.push(`version: '${version}' is reserved`);
  const badVersionChar = [...version].find((c) => !/[\p{L}\p{N}]/u.test(c) && !VERSION_PUNCTUATION.has(c));
  if (badVersionChar) issues.push(`version: invalid character '${badVersionChar}'`);
  text(manifest.displayName, 'displayName');
  text(manifest.description, 'description', 2048);
  text(manifest.categories, 'categories');
  text(manifest.keywords, 'keywords');
  text(manifest.license, 'license');
  url(manifest.homepage, 'homepage');
  url(urlOf(manifest.repository), 'repository');
  url(urlOf(manifest.bugs), 'bugs');
  if (manifest.markdown && !['github', 'standard'].includes(manifest.markdown))
    issues.push(`markdown: '${manifest.markdown}' is not github or standard`);
  text(manifest.galleryBanner?.color, 'galleryBanner.color', 16);
  const theme = manifest.galleryBanner?.theme;
  if (theme && !['dark', 'light'].includes(theme)) issues.push(`galleryBanner.theme: '${theme}' is not dark or light`);
  const qna = manifest.qna === false ? 'false' : manifest.qna;
  if (qna && !['marketplace', 'false'].includes(qna) && !isUrl(qna)) issues.push(`qna: '${qna}' is not marketplace, false or a URL`);
  return issues;
}

/**
 * Everything the registries would object to in `vsixFile`: ovsx's own reading of the VSIX and its
 * checks, then the Open VSX server's metadata rules. Returns { files, manifest, issues }.
 */
export async function checkVsix(vsixFile, { extensionDir } = {}) {
  const files = zipEntries(vsixFile);
  const issues = [];
  const { readVSIXPackage } = require('ovsx/lib/zip');
  const { validateManifest, isLicenseOk } = require('ovsx');
  const manifest = await readVSIXPackage(vsixFile);
  try {
    validateManifest(manifest);
  } catch (err) {
    issues.push(`ovsx: ${err.message}`);
  }
  // ovsx checks the license in the folder it packages from; a prepackaged VSIX must carry one.
  if (extensionDir && !(await isLicenseOk(extensionDir, manifest))) issues.push('ovsx: no license (Open VSX requires one)');
  if (!manifest.license && !files.some((f) => /^extension\/licen[cs]e(\.md|\.txt)?$/i.test(f)))
    issues.push('no license field and no LICENSE file in the VSIX');
  if (manifest.icon && !files.includes(`extension/${manifest.icon}`)) issues.push(`icon ${manifest.icon} is not in the VSIX`);
  issues.push(...openVsxIssues(manifest));
  return { files, manifest, issues };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/vsix.mjs <file.vsix>');
    process.exit(2);
  }
  const { files, manifest, issues } = await checkVsix(file, { extensionDir: process.cwd() });
  console.log(`${file}: ${manifest.publisher}.${manifest.name} ${manifest.version}, ${files.length} files`);
  for (const f of files) console.log(`  ${f}`);
  for (const issue of issues) console.error(`issue: ${issue}`);
  console.log(issues.length ? `${issues.length} issue(s): the registries would refuse it` : 'ovsx and Open VSX metadata checks: no issues');
  process.exit(issues.length ? 1 : 0);
}
