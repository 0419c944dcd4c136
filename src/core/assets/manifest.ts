// Reads an `image-studio.json` (JSON with comments): every problem gets a message and a position,
// and a bad entry never hides the good ones, so the editor can underline it and a build can still
// make the rest.
import { createScanner, findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { AssetOptions, AssetSpec, Manifest, ManifestProblem, ParsedManifest } from './manifestTypes';
import { checkAssetPath, checkOptionValues, formatForPath, parseResize } from './manifestRules';
import { effectivePipeline, pipelineFormatProblems, readChecks, readInputs, readProcess, type Report } from './manifestPipeline';
import { readSections, SECTION_NAMES } from './sections/readSections';
import type { ModelCatalogue } from '../models/modelCatalogue';

const OPTION_FIELDS = [
  'model',
  'size',
  'quality',
  'background',
  'moderation',
  'outputCompression',
  'inputFidelity',
  'complexity',
  'transparencyFallback',
  'process',
  'checks',
] as const;
const ASSET_FIELDS = new Set<string>([
  ...OPTION_FIELDS,
  'prompt',
  'style',
  'inputs',
  'mask',
  'markup',
  'resize',
  'fit',
  'sizes',
  'n',
  'alt',
]);
const TOP_FIELDS = new Set(['$schema', 'defaults', 'styles', 'assets', ...SECTION_NAMES]);

/** Parses and validates manifest text against `models`. Never throws for bad input: problems are returned. */
export function parseManifest(models: ModelCatalogue, text: string): ParsedManifest {
  const lines = lineStarts(text);
  const problems: ManifestProblem[] = [];
  const at = (
    node: Node | undefined,
    path: Array<string | number>,
    message: string,
    severity: ManifestProblem['severity'] = 'error',
  ): void => {
    const offset = node?.offset ?? 0;
    const { line, column } = position(lines, offset);
    problems.push({ severity, message, path, offset, length: node?.length ?? 1, line, column });
  };
  const manifest: Manifest = { defaults: {}, styles: {}, assets: {}, sheets: {}, atlases: {}, icons: {} };
  const assetOffsets: ParsedManifest['assetOffsets'] = {};
  // The parser recurses once per level: a file nested thousands deep would overflow the stack.
  const tooDeep = deeperThan(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    const { line, column } = position(lines, tooDeep);
    problems.push({
      severity: 'error',
      message: `The manifest is nested more than ${MAX_NESTING} levels deep here; a manifest needs a few. It was not read further.`,
      path: [],
      offset: tooDeep,
      length: 1,
      line,
      column,
    });
    return { manifest, problems, assetOffsets };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    const { line, column } = position(lines, e.offset);
    problems.push({
      severity: 'error',
      message: `Not valid JSON: ${describeParseError(printParseErrorCode(e.error))}.`,
      path: [],
      offset: e.offset,
      length: Math.max(1, e.length),
      line,
      column,
    });
  }
  if (!root || root.type !== 'object') {
    if (!errors.length) at(root, [], 'The manifest must be a JSON object with "assets".');
    return { manifest, problems, assetOffsets };
  }
  for (const prop of root.children ?? []) {
    const key = prop.children?.[0];
    if (key && !TOP_FIELDS.has(String(key.value)))
      at(
        key,
        [String(key.value)],
        `Unknown field "${String(key.value)}" (expected defaults, styles, assets, ${SECTION_NAMES.join(', ')}).`,
        'warning',
      );
  }
  const defaultsNode = findNodeAtLocation(root, ['defaults']);
  if (defaultsNode) manifest.defaults = readOptions(defaultsNode, ['defaults'], at, new Set(OPTION_FIELDS)) ?? {};
  const stylesNode = findNodeAtLocation(root, ['styles']);
  if (stylesNode) readStyles(stylesNode, at, manifest);
  const assetsNode = findNodeAtLocation(root, ['assets']);
  if (!assetsNode) at(root, ['assets'], 'The manifest has no "assets" object.');
  else if (assetsNode.type !== 'object') at(assetsNode, ['assets'], '"assets" must be an object of output path → asset.');
  // Every output path (asset keys and their "sizes") is written by exactly one asset.
  const outputOwners = new Map<string, string>();
  for (const prop of assetsNode?.type === 'object' ? (assetsNode.children ?? []) : []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const path = String(k.value);
    const before = problems.filter((p) => p.severity === 'error').length;
    assetOffsets[path] = { offset: k.offset, length: k.length, ...position(lines, k.offset) };
    const pathProblem = checkAssetPath(path);
    if (pathProblem) at(k, ['assets', path], pathProblem);
    if (path in manifest.assets) at(k, ['assets', path], `"${path}" is declared twice.`);
    if (outputOwners.has(path)) at(k, ['assets', path], `"${path}" is already an output of ${outputOwners.get(path)} ("sizes").`);
    const spec = readAsset(models, v, ['assets', path], at, manifest);
    for (const output of Object.keys(spec?.sizes ?? {})) {
      if (output in manifest.assets || outputOwners.has(output))
        at(k, ['assets', path, 'sizes', output], `Size output "${output}" is already written by ${outputOwners.get(output) ?? output}.`);
      else outputOwners.set(output, path);
    }
    const errorsNow = problems.filter((p) => p.severity === 'error').length;
    if (spec && errorsNow === before) manifest.assets[path] = spec;
  }
  // The sections beside `assets`, read from plain values; each problem is placed at its JSON path.
  const sections = readSections(
    getNodeValue(root) as Record<string, unknown>,
    new Set([...Object.keys(manifest.assets), ...outputOwners.keys()]),
    (path, message) => {
      let node: Node | undefined;
      for (let depth = path.length; depth > 0 && !node; depth--) node = findNodeAtLocation(root, path.slice(0, depth));
      at(node, path, message);
    },
  );
  Object.assign(manifest, sections);
  return { manifest, problems, assetOffsets };
}

/** Styles: a prompt suffix, or an object with a suffix (`prompt`), `process` and `checks`. */
function readStyles(node: Node, at: Report, manifest: Manifest): void {
  if (node.type !== 'object') at(node, ['styles'], '"styles" must be an object of name → prompt suffix.');
  for (const prop of node.type === 'object' ? (node.children ?? []) : []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const name = String(k.value);
    if (v.type === 'string' && String(v.value).trim()) {
      manifest.styles[name] = String(v.value);
      continue;
    }
    if (v.type !== 'object') {
      at(v, ['styles', name], `Style "${name}" must be a non-empty string, or an object with "prompt", "process" and "checks".`);
      continue;
    }
    const fields = readOptions(v, ['styles', name], at, new Set(['prompt', 'process', 'checks']));
    if (!fields) continue;
    manifest.styles[name] = typeof fields.prompt === 'string' ? fields.prompt : '';
    const options = { ...(fields.process ? { process: fields.process } : {}), ...(fields.checks ? { checks: fields.checks } : {}) };
    if (Object.keys(options).length) (manifest.styleOptions ??= {})[name] = options;
  }
}

/** Deepest nesting of objects and arrays read (a manifest has five levels at most). */
const MAX_NESTING = 64;

// jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot read).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/** Offset of the first bracket deeper than `limit`, found with the parser's own (flat) scanner; undefined when none. */
function deeperThan(text: string, limit: number): number | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind: number = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      if (++depth > limit) return scanner.getTokenOffset();
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function readOptions(
  node: Node,
  path: Array<string | number>,
  at: Report,
  allowed: Set<string>,
): (AssetOptions & Record<string, unknown>) | undefined {
  if (node.type !== 'object') {
    at(node, path, `${describePath(path)} must be an object.`);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const name = String(k.value);
    if (!allowed.has(name)) {
      at(k, [...path, name], `Unknown field "${name}" (${[...allowed].join(', ')}).`);
      continue;
    }
    const value: unknown = getNodeValue(v);
    // The fields with their own readers report their problems at the node they are about.
    if (name === 'process' || name === 'checks' || name === 'inputs') {
      const read =
        name === 'process'
          ? readProcess(v, value, [...path, name], at)
          : name === 'checks'
            ? readChecks(v, value, [...path, name], at)
            : readInputs(v, value, [...path, name], at);
      if (read && name === 'inputs') {
        const { paths, hints } = read as { paths: string[]; hints: string[] };
        out.inputs = paths;
        if (hints.some(Boolean)) out.inputHints = hints;
      } else if (read) out[name] = read;
      continue;
    }
    const expected =
      name === 'outputCompression' || name === 'n'
        ? 'number'
        : name === 'transparencyFallback'
          ? 'boolean'
          : name === 'inputs'
            ? 'array'
            : name === 'sizes'
              ? 'object'
              : 'string';
    const ok =
      expected === 'array'
        ? Array.isArray(value) && value.every((x) => typeof x === 'string' && x)
        : expected === 'object'
          ? !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((x) => typeof x === 'string')
          : typeof value === expected && (expected !== 'string' || (value as string).trim() !== '');
    if (!ok) {
      at(
        v,
        [...path, name],
        `"${name}" must be ${expected === 'array' ? 'a list of paths' : expected === 'object' ? 'an object of output path → "WIDTHxHEIGHT"' : expected === 'number' ? 'a number' : expected === 'boolean' ? 'true or false' : 'a non-empty string'}.`,
      );
      continue;
    }
    out[name] = value;
  }
  return out;
}

function readAsset(
  models: ModelCatalogue,
  node: Node,
  path: Array<string | number>,
  at: Report,
  manifest: Manifest,
): AssetSpec | undefined {
  const fields = readOptions(node, path, at, ASSET_FIELDS);
  if (!fields) return undefined;
  const value = (field: string): Node | undefined => findNodeAtLocation(node, [field]);
  if (typeof fields.prompt !== 'string') at(value('prompt') ?? node, [...path, 'prompt'], `${describePath(path)} needs a "prompt".`);
  if (typeof fields.style === 'string' && !(fields.style in manifest.styles)) {
    at(
      value('style'),
      [...path, 'style'],
      `Unknown style "${fields.style}"${Object.keys(manifest.styles).length ? ` (styles: ${Object.keys(manifest.styles).join(', ')})` : ': declare it under "styles"'}.`,
    );
  }
  for (const [i, input] of ((fields.inputs as string[] | undefined) ?? []).entries()) {
    const problem = checkAssetPath(input, 'input');
    if (problem) at(value('inputs')?.children?.[i], [...path, 'inputs', i], problem);
  }
  if (typeof fields.mask === 'string') {
    const problem =
      checkAssetPath(fields.mask, 'mask') ?? (fields.inputs ? undefined : 'A "mask" needs "inputs": it masks the first input.');
    if (problem) at(value('mask'), [...path, 'mask'], problem);
  }
  if (typeof fields.markup === 'string') {
    const problem =
      checkAssetPath(fields.markup, 'markup') ??
      (!fields.inputs
        ? 'A "markup" needs "inputs": its notes are drawn on the first input.'
        : fields.mask !== undefined
          ? 'An asset takes "markup" or "mask", not both (a markup edit cannot have a mask).'
          : undefined);
    if (problem) at(value('markup'), [...path, 'markup'], problem);
  }
  for (const [output, box] of Object.entries((fields.sizes as Record<string, string> | undefined) ?? {})) {
    const sizeNode = value('sizes')?.children?.find((c) => c.children?.[0]?.value === output);
    const problem =
      checkAssetPath(output) ??
      (formatForPath(output) !== 'png'
        ? `Size output "${output}" must be a .png path (the resampler writes PNG).`
        : output === path[1]
          ? `Size output "${output}" is the asset's own path.`
          : undefined);
    const resized = parseResize(box, fields.fit as string | undefined);
    if (problem) at(sizeNode?.children?.[0], [...path, 'sizes', output], problem);
    else if (typeof resized === 'string')
      at(sizeNode?.children?.[1], [...path, 'sizes', output], resized.replace('"resize"', `Size "${output}"`));
  }
  for (const problem of checkOptionValues(models, String(path[1]), { ...manifest.defaults, ...fields } as AssetSpec, !!fields.inputs)) {
    at(value(problem.field) ?? node, [...path, problem.field], problem.message);
  }
  const pipeline = effectivePipeline(manifest, fields as Pick<AssetSpec, 'process' | 'checks' | 'style'>);
  for (const problem of pipelineFormatProblems(formatForPath(String(path[1])), pipeline))
    at(value(problem.field) ?? value('style') ?? node, [...path, problem.field], problem.message);
  return typeof fields.prompt === 'string' ? (fields as unknown as AssetSpec) : undefined;
}

function describePath(path: Array<string | number>): string {
  return path.length >= 2 && path[0] === 'assets' ? `Asset "${String(path[1])}"` : `"${path.join('.')}"`;
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? Infinity) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}
