// Reading `atlases`, `icons` and `codegen`, and the four sections together: each output path is
// written by one entry only, and an atlas's `include` must match an asset or a sheet.
import { parseHexColour } from '../../image/raster';
import { t } from '../../l10n';
import { parseDimensions } from '../../sheets/gridCut';
import { checkAssetPath } from '../manifestRules';
import { pngOutputProblem, readFormats, readSheet, type SectionReport } from './readSheets';
import { ATLAS_DEFAULTS, type AtlasSpec, type CodegenSpec, type IconSetSpec, type ManifestSections, type OgSpec } from './sectionTypes';
import { matchesPattern } from './pathPatterns';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** The names of the sections beside `assets`. */
export const SECTION_NAMES = ['sheets', 'atlases', 'icons', 'codegen'] as const;

function unknownFields(
  value: Record<string, unknown>,
  allowed: readonly string[],
  at: Array<string | number>,
  report: SectionReport,
): number {
  let n = 0;
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) {
      n++;
      report([...at, key], t('Unknown field "{name}" ({allowed}).', { name: key, allowed: allowed.join(', ') }));
    }
  return n;
}

function readAtlas(path: string, value: unknown, report: SectionReport): AtlasSpec | undefined {
  const at = ['atlases', path];
  let errors = 0;
  const fail: SectionReport = (p, m) => {
    errors++;
    report(p, m);
  };
  const pathProblem = pngOutputProblem(path);
  if (pathProblem) fail(at, pathProblem);
  if (!isObject(value)) {
    fail(at, t('Atlas "{path}" must be an object.', { path }));
    return undefined;
  }
  errors += unknownFields(value, ['include', 'padding', 'extrude', 'trim', 'maxSize', 'powerOfTwo', 'formats'], at, report);
  const include = value.include;
  if (!(Array.isArray(include) && include.length > 0 && include.every(isText)))
    fail([...at, 'include'], t('"include" must be a list of asset or sheet paths ("*" and "**" match).'));
  const int = (key: string, min: number, max: number, fallback: number): number => {
    const v = value[key];
    if (v === undefined) return fallback;
    if (Number.isInteger(v) && (v as number) >= min && (v as number) <= max) return v as number;
    fail([...at, key], t('"{name}" must be a whole number from {min} to {max}.', { name: key, min, max }));
    return fallback;
  };
  const padding = int('padding', 0, 64, ATLAS_DEFAULTS.padding);
  const extrude = int('extrude', 0, 16, ATLAS_DEFAULTS.extrude);
  const maxSize = int('maxSize', 16, 8192, ATLAS_DEFAULTS.maxSize);
  for (const key of ['trim', 'powerOfTwo'])
    if (value[key] !== undefined && typeof value[key] !== 'boolean')
      fail([...at, key], t('"{name}" must be true or false.', { name: key }));
  const formats = readFormats(value.formats, [...at, 'formats'], fail);
  if (errors > 0) return undefined;
  return {
    include: include as string[],
    padding,
    extrude,
    maxSize,
    trim: (value.trim as boolean | undefined) ?? ATLAS_DEFAULTS.trim,
    powerOfTwo: (value.powerOfTwo as boolean | undefined) ?? ATLAS_DEFAULTS.powerOfTwo,
    formats,
  };
}

function readOg(value: unknown, at: Array<string | number>, report: SectionReport): OgSpec | undefined | null {
  const size = typeof value === 'string' ? value : isObject(value) ? value.size : undefined;
  const d = typeof size === 'string' ? parseDimensions(size) : undefined;
  const from = isObject(value) ? value.from : undefined;
  if (!d || d.a > 4096 || d.b > 4096 || (from !== undefined && !isText(from))) {
    report(at, t('"og" must be "WIDTHxHEIGHT" (such as "1200x630") or { "size", "from": a file or asset }.'));
    return null;
  }
  return { width: d.a, height: d.b, ...(typeof from === 'string' ? { from } : {}) };
}

function readIconSet(folder: string, value: unknown, report: SectionReport): IconSetSpec | undefined {
  const at = ['icons', folder];
  let errors = 0;
  const fail: SectionReport = (p, m) => {
    errors++;
    report(p, m);
  };
  const folderProblem =
    folder === '/' || !folder.endsWith('/') ? t('An icon set\'s key is its output folder, ending in "/" (such as "public/").') : undefined;
  const inside = folderProblem ?? checkAssetPath(`${folder}favicon.png`);
  if (inside) fail(at, folderProblem ?? inside.replace('/favicon.png', ''));
  if (!isObject(value)) {
    fail(at, t('Icon set "{path}" must be an object.', { path: folder }));
    return undefined;
  }
  errors += unknownFields(value, ['from', 'preset', 'background', 'themeColor', 'name', 'shortName', 'href', 'og'], at, report);
  if (!isText(value.from)) fail([...at, 'from'], t('An icon set needs "from": a file or an asset path.'));
  else if (checkAssetPath(value.from, 'input')) fail([...at, 'from'], checkAssetPath(value.from, 'input')!);
  if (value.preset !== undefined && value.preset !== 'web') fail([...at, 'preset'], t('"preset" must be "web".'));
  for (const key of ['background', 'themeColor'])
    if (value[key] !== undefined && !(typeof value[key] === 'string' && parseHexColour(value[key] as string)))
      fail([...at, key], t('"{name}" must be a colour such as "#ffffff".', { name: key }));
  for (const key of ['name', 'shortName', 'href'])
    if (value[key] !== undefined && !isText(value[key])) fail([...at, key], t('"{name}" must be a non-empty string.', { name: key }));
  const og = value.og === undefined ? undefined : readOg(value.og, [...at, 'og'], fail);
  if (errors > 0 || og === null) return undefined;
  const spec: IconSetSpec = {
    from: value.from as string,
    preset: 'web',
    background: (value.background as string | undefined) ?? '#ffffff',
  };
  for (const key of ['themeColor', 'name', 'shortName', 'href'] as const) if (typeof value[key] === 'string') spec[key] = value[key];
  if (og) spec.og = og;
  return spec;
}

function readCodegen(value: unknown, report: SectionReport): CodegenSpec | undefined {
  if (!isObject(value) || !isText(value.out) || !/\.(ts|mts|cts)$/.test(value.out) || checkAssetPath(value.out, 'input')) {
    report(['codegen'], t('"codegen" must be { "out": a .ts path inside the manifest\'s folder, "base", "root" }.'));
    return undefined;
  }
  if (unknownFields(value, ['out', 'base', 'root'], ['codegen'], report) > 0) return undefined;
  for (const key of ['base', 'root'])
    if (value[key] !== undefined && typeof value[key] !== 'string') {
      report(['codegen', key], t('"{name}" must be a string.', { name: key }));
      return undefined;
    }
  return {
    out: value.out,
    ...(typeof value.base === 'string' ? { base: value.base } : {}),
    ...(typeof value.root === 'string' ? { root: value.root.replace(/\/?$/, '/') } : {}),
  };
}

/**
 * Reads the four sections from the manifest's root object. `assetOutputs` are the paths `assets`
 * writes (keys and sizes); a sheet or atlas writing one of them, or each other's, is refused.
 */
export function readSections(root: Record<string, unknown>, assetOutputs: ReadonlySet<string>, report: SectionReport): ManifestSections {
  const sections: ManifestSections = { sheets: {}, atlases: {}, icons: {} };
  const owners = new Map<string, string>([...assetOutputs].map((p) => [p, 'assets']));
  const claim = (section: string, path: string): boolean => {
    const owner = owners.get(path);
    if (owner) {
      report([section, path], t('"{path}" is already written by {owner}.', { path, owner }));
      return false;
    }
    owners.set(path, section);
    return true;
  };
  for (const name of ['sheets', 'atlases', 'icons'] as const) {
    const value = root[name];
    if (value !== undefined && !isObject(value)) report([name], t('"{name}" must be an object keyed by output path.', { name }));
  }
  for (const [path, value] of Object.entries(isObject(root.sheets) ? root.sheets : {})) {
    const spec = readSheet(path, value, report);
    if (spec && claim('sheets', path)) sections.sheets[path] = spec;
  }
  const frameSources = [...assetOutputs, ...Object.keys(sections.sheets)];
  for (const [path, value] of Object.entries(isObject(root.atlases) ? root.atlases : {})) {
    const spec = readAtlas(path, value, report);
    if (!spec || !claim('atlases', path)) continue;
    const empty = spec.include.find((pattern) => !frameSources.some((p) => matchesPattern(pattern, p)));
    if (empty) report(['atlases', path, 'include'], t('"{pattern}" matches no asset or sheet.', { pattern: empty }));
    else sections.atlases[path] = spec;
  }
  for (const [folder, value] of Object.entries(isObject(root.icons) ? root.icons : {})) {
    const spec = readIconSet(folder, value, report);
    if (spec) sections.icons[folder] = spec;
  }
  if (root.codegen !== undefined) {
    const spec = readCodegen(root.codegen, report);
    if (spec) sections.codegen = spec;
  }
  return sections;
}
