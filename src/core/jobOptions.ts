// What a person asks of an image job, before the settings fill the gaps: the one vocabulary the
// host's commands, the Studio's protocol and request building share (they extend it; core owns it).
import type { OutputFormat } from './types';

/** Image options every job may carry; absent ones come from settings. */
export interface ImageJobOptions {
  size?: string;
  quality?: string;
  n?: number;
  background?: string;
  outputFormat?: OutputFormat;
  outputCompression?: number;
  stream?: boolean;
  partialImages?: number;
  /** 2.6 models: planning effort (low, medium, high). */
  complexity?: string;
  /** GIF output: frame count and milliseconds per frame. */
  gifFrames?: number;
  gifFrameMs?: number;
  /** Stable hashed end-user id (2.6 models). */
  safetyIdentifier?: string;
  /** dall-e and compatible servers: `url` or `b64_json`. */
  responseFormat?: 'url' | 'b64_json';
}

/** A generation as asked: the prompt, and the options only /generations and /edits take. */
export interface GenerateOptions extends ImageJobOptions {
  prompt: string;
  model?: string;
  moderation?: string;
  style?: string;
}

/** An edit as asked: a generation's options plus /edits' own. */
export interface EditOptions extends GenerateOptions {
  inputFidelity?: string;
}

/** The settings a generation falls back on, field by field. */
export interface RequestDefaults {
  model: string;
  size: string;
  quality: string;
  n: number;
  background: string;
  outputFormat: OutputFormat;
}

/** How an image was made: the endpoint, or a variation sent through /edits where the model has no variations. */
export type JobRoute = 'generations' | 'edits' | 'variations' | 'edits-as-variation';
