// Checks of what came with the 2.5/2.6 models, kept beside validate.ts: output formats with their own
// limits (svg on generations only with n = 1, gif frames on one bounded sheet), complexity, the
// end-user field, experimental sizes and preview-only transparency (warnings, not refusals).
import type { CommonImageOptions, Endpoint } from '../types';
import { validationError } from '../client/errors';
import type { AnimationRule, ModelCapabilities } from './capabilityTypes';
import { parseSize, valuesOn } from './capabilities';

/** Refuses what the output format's own rule forbids; returns warnings. */
export function checkOutputRules(caps: ModelCapabilities, endpoint: Endpoint, req: CommonImageOptions): string[] {
  const warnings: string[] = [];
  const fmt = req.outputFormat;
  const rule = fmt ? caps.formatRules?.[fmt] : undefined;
  if (fmt && rule && !rule.endpoints.includes(endpoint)) {
    throw validationError(caps.id, 'output_format', fmt, `${fmt} only on /images/${rule.endpoints.join(' and /images/')}`);
  }
  if (rule?.maxN !== undefined && req.n !== undefined && req.n > rule.maxN) {
    throw validationError(caps.id, 'n', req.n, `n = ${rule.maxN} with output_format ${fmt}`);
  }
  const animation = fmt === 'gif' ? rule?.animation : undefined;
  if ((req.gifFrames !== undefined || req.gifFrameMs !== undefined) && fmt !== 'gif') {
    throw validationError(
      caps.id,
      req.gifFrames !== undefined ? 'gif.frame_count' : 'gif.frame_duration_ms',
      req.gifFrames ?? req.gifFrameMs,
      'GIF frame options only with output_format gif',
    );
  }
  if (animation) checkFrames(caps, animation, req);
  if (caps.complexity && req.complexity !== undefined) {
    const allowed = valuesOn(caps.complexity, endpoint);
    if (allowed !== undefined && !allowed.includes(req.complexity)) {
      throw validationError(
        caps.id,
        'complexity',
        req.complexity,
        allowed.length ? `one of ${allowed.join(', ')}` : `no complexity on /images/${endpoint}`,
      );
    }
  } else if (req.complexity !== undefined && !caps.unknown) {
    throw validationError(caps.id, 'complexity', req.complexity, 'no complexity (only the 2.6 models take it)');
  }
  if (!caps.unknown) endUser(caps, req);
  const free = caps.sizes.kind === 'free' ? caps.sizes : undefined;
  const wh = req.size ? parseSize(req.size) : undefined;
  if (free?.experimentalAbovePixels && wh && wh.width * wh.height > free.experimentalAbovePixels) {
    warnings.push(`${req.size} is above 2560x1440 pixels, which ${caps.id} documents as experimental: results may vary.`);
  }
  if (req.background === 'transparent' && caps.transparency === 'preview') {
    warnings.push(
      `Transparent backgrounds are only a preview on ${caps.id}: the API may refuse them; the key-colour fallback is then offered.`,
    );
  }
  return warnings;
}

function checkFrames(caps: ModelCapabilities, a: AnimationRule, req: CommonImageOptions): void {
  const frames = req.gifFrames ?? a.defaultFrames;
  if (!Number.isInteger(frames) || frames < a.minFrames || frames > a.maxFrames) {
    throw validationError(caps.id, 'gif.frame_count', frames, `${a.minFrames}–${a.maxFrames} frames (default ${a.defaultFrames})`);
  }
  if (req.gifFrameMs !== undefined && (!Number.isInteger(req.gifFrameMs) || req.gifFrameMs < 10 || req.gifFrameMs > 10_000)) {
    throw validationError(
      caps.id,
      'gif.frame_duration_ms',
      req.gifFrameMs,
      `whole milliseconds from 10 to 10000 per frame (default ${a.defaultFrameMs})`,
    );
  }
  const wh = req.size ? parseSize(req.size) : undefined;
  if (!wh) return;
  const sheet = sheetSize(frames, wh.width, wh.height);
  if (Math.max(sheet.width, sheet.height) > a.maxSheetEdge) {
    throw validationError(
      caps.id,
      'size',
      req.size,
      `a frame size whose sheet of ${frames} frames (${sheet.columns}x${sheet.rows} grid, ${sheet.width}x${sheet.height}) keeps its long edge at most ${a.maxSheetEdge} px; use fewer frames or a smaller size`,
    );
  }
}

/**
 * The sheet all frames are drawn on. The guide only bounds its long edge; we assume the nearest-square
 * grid (columns = ceil(sqrt(frames))), which is what the fake and the guide's examples (3x3 for 9) show.
 */
export function sheetSize(frames: number, width: number, height: number): { columns: number; rows: number; width: number; height: number } {
  const columns = Math.ceil(Math.sqrt(frames));
  const rows = Math.ceil(frames / columns);
  return { columns, rows, width: columns * width, height: rows * height };
}

function endUser(caps: ModelCapabilities, req: CommonImageOptions): void {
  const wants = caps.endUserParam ?? 'user';
  if (wants === 'safety_identifier' && req.user !== undefined) {
    throw validationError(
      caps.id,
      'user',
      req.user,
      'safety_identifier instead of user (a stable hash of the end user, at most 128 characters, as the image guide says)',
    );
  }
  if (wants === 'user' && req.safetyIdentifier !== undefined) {
    throw validationError(caps.id, 'safety_identifier', req.safetyIdentifier, 'user instead of safety_identifier');
  }
  if (req.safetyIdentifier !== undefined && (req.safetyIdentifier.length === 0 || req.safetyIdentifier.length > 128)) {
    throw validationError(
      caps.id,
      'safety_identifier',
      req.safetyIdentifier.slice(0, 130),
      'a non-empty identifier of at most 128 characters',
    );
  }
}
