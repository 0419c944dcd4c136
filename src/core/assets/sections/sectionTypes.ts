// The manifest's sections beside `assets`: `sheets` (animation frames cut from one generation or
// made as edits of an anchor), `atlases` (assets and sheets packed into pages), `icons` (a web
// icon set from a file or an asset) and `codegen` (a typed module of all of them).
import type { AtlasFormat } from '../../atlas/atlasData';
import type { SheetAnimationSpec } from '../../sheets/sheetFrames';

/** How a sheet's cells lose their background: a flat colour asked for and keyed, the corners' colour, or real transparency. */
export type SheetBackground = { kind: 'colour'; hex: string } | { kind: 'auto' } | { kind: 'transparent' };

/** The anchor-edit mode: each frame is an edit of one approved image, for identity. */
export interface SheetFramesMode {
  /** An asset path or a file (relative to the manifest). */
  anchor: string;
  prompts: string[];
}

/** One entry of `sheets`, keyed by the sheet's PNG path. */
export interface SheetSpec {
  /** What the frames show (a grid mode prompt, or the frames mode's common prefix). */
  prompt?: string;
  style?: string;
  model?: string;
  size?: string;
  quality?: string;
  /** Reference images for a grid generation (an anchor character): the sheet is one edit. */
  inputs?: string[];
  /** Columns × rows the model draws (`"4x2"`); absent in the frames mode. */
  grid?: string;
  frames?: SheetFramesMode;
  /** Every frame's size on the sheet (`"128x128"`). */
  cell: string;
  background: SheetBackground;
  names?: string[];
  animations?: Record<string, SheetAnimationSpec>;
  pivot?: [number, number];
  /** Pixels between cells. */
  spacing?: number;
  /** Data files beside the sheet; JSON Hash when absent. */
  formats: AtlasFormat[];
}

/** One entry of `atlases`, keyed by its first page's PNG path. */
export interface AtlasSpec {
  /** Asset and sheet paths, `*` matching within a folder and `**` across folders. */
  include: string[];
  padding: number;
  extrude: number;
  trim: boolean;
  maxSize: number;
  powerOfTwo: boolean;
  formats: AtlasFormat[];
}

/** The Open Graph image of an icon set. */
export interface OgSpec {
  width: number;
  height: number;
  /** A file or asset to crop to the box; the icon on the background when absent. */
  from?: string;
}

/** One entry of `icons`, keyed by the output folder (ending in `/`). */
export interface IconSetSpec {
  /** A file or an asset path. */
  from: string;
  preset: 'web';
  background: string;
  themeColor?: string;
  name?: string;
  shortName?: string;
  /** URL path the folder is served at (for head.html); `/` when absent. */
  href?: string;
  og?: OgSpec;
}

/** The `codegen` section. */
export interface CodegenSpec {
  /** The TypeScript module to write (`src/assets.gen.ts`). */
  out: string;
  /** URL prefix for `src`; the paths as written when absent. */
  base?: string;
  /** A folder served at `base` (`public/`), cut from the front of paths. */
  root?: string;
}

/** The four sections, as the manifest reader returns them. */
export interface ManifestSections {
  sheets: Record<string, SheetSpec>;
  atlases: Record<string, AtlasSpec>;
  icons: Record<string, IconSetSpec>;
  codegen?: CodegenSpec;
}

/** Defaults of an atlas. */
export const ATLAS_DEFAULTS = { padding: 2, extrude: 0, trim: true, maxSize: 2048, powerOfTwo: false } as const;
