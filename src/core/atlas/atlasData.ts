// The one description of packed frames that every data writer reads: pages (each an image file
// and its frames) and named animations. Sheets and atlases both produce it, so a sheet's JSON and
// an atlas's JSON, Phaser and Godot files are written by the same code.

/** A rectangle as the engines' data formats spell it. */
export interface FrameRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One frame on a page, in TexturePacker's terms. */
export interface FrameRecord {
  /** Asset path without extension, or a sheet's cell name. */
  name: string;
  /** Where the frame's pixels are on the page. */
  frame: FrameRect;
  /** True when transparent borders were cut away (spriteSourceSize then says where the pixels sat). */
  trimmed: boolean;
  /** The kept pixels' rectangle within the untrimmed image. */
  spriteSourceSize: FrameRect;
  /** The untrimmed image's size. */
  sourceSize: { w: number; h: number };
  /** The pivot, as fractions of the untrimmed image (Phaser's origin, Godot's offset). */
  anchor: { x: number; y: number };
}

/** One page: its image file (relative to the data file) and its frames in output order. */
export interface PageRecord {
  image: string;
  width: number;
  height: number;
  frames: FrameRecord[];
}

/** A named animation over frame names. */
export interface AnimationRecord {
  name: string;
  frames: string[];
  fps: number;
  loop: boolean;
}

/** Pages and animations: what a sheet or an atlas became. */
export interface AtlasData {
  pages: PageRecord[];
  animations: AnimationRecord[];
}

/** The `app` and `version` written into every data file's meta: the data format's version, not the extension's, so rebuilding with a newer release writes the same bytes. */
export const ATLAS_META = { app: 'Image Studio', version: '1.0', format: 'RGBA8888', scale: '1' } as const;

/** The data formats an atlas or a sheet can be written in. */
export const ATLAS_FORMATS = ['json-hash', 'json-array', 'phaser3', 'godot'] as const;

/** One of ATLAS_FORMATS. */
export type AtlasFormat = (typeof ATLAS_FORMATS)[number];
