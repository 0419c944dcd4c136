// The data the Studio's messages carry: models and their forms, inputs, results, jobs. Plain data
// only (no vscode, no DOM, no Node); protocol.ts re-exports all of it beside the messages.
import type { ImageInfo } from '../core/image/imageHeaderTypes';
import type { ModelImageRules } from '../core/image/preparationRules';
import type { ModelOptions } from '../core/models/capabilities';
import type { EditOptions, GenerateOptions, ImageJobOptions, RequestDefaults } from '../core/jobOptions';
import type { ImageFormat } from '../core/types';

/** What a model accepts for edits and variations here (from the capability table and the provider). */
export interface EditingRules {
  /** The model can edit through this provider. */
  edits: boolean;
  /** How a variation would be made (see planVariation). */
  variationRoute: 'variations' | 'edits' | 'unavailable';
  /** The model a variation actually uses (a retired one is replaced). */
  variationModel: string;
  maxImages: number;
  /** The model takes markup edits (notes drawn in the Studio's Annotate mode, sent as `markup`). */
  markup: boolean;
  /** Input rules of /edits when a mask is sent (without one, `alphaRequiredWithoutMask` adds alpha). */
  editInput: ModelImageRules;
  alphaRequiredWithoutMask: boolean;
  /** Input rules of the variation's route. */
  variationInput: ModelImageRules;
  /** What the edit form offers: /edits' options for the model, as the host sends them. */
  editOptions: EndpointForm;
  /** What the variation form offers: n and size on the variation's route and model, nothing else. */
  variationOptions: EndpointForm;
}

/** The form fields of ModelOptions for one endpoint; the Studio lays them over the generation ones per mode. */
export type EndpointForm = Pick<
  ModelOptions,
  | 'sizes'
  | 'freeSize'
  | 'maxN'
  | 'qualities'
  | 'styles'
  | 'backgrounds'
  | 'outputFormats'
  | 'compressionFormats'
  | 'streaming'
  | 'maxPartialImages'
  | 'inputFidelity'
  | 'moderation'
  | 'complexity'
  | 'complexityDefault'
  | 'animation'
  | 'formatRules'
>;

/** One model the Studio offers, with everything its form may show (from the capability table). */
export interface ModelChoice extends ModelOptions {
  /** Output formats that allow `background: transparent`. */
  transparentFormats: ImageFormat[];
  /** Absent: the Studio offers no edits or variations with this model. */
  editing?: EditingRules;
}

/** The header facts of an input the Studio needs (read by the host with inspectImage). */
export type InputInfo = Pick<
  ImageInfo,
  'format' | 'width' | 'height' | 'hasAlpha' | 'hasAlphaChannel' | 'animated' | 'byteLength' | 'bitDepth'
> &
  Partial<Pick<ImageInfo, 'pngColorType'>>;

/** An image the host read from the workspace for an edit, named by an opaque id (never a path). */
export interface EditInputView {
  id: string;
  /** File name only, for labels. */
  name: string;
  bytes: Uint8Array;
  mimeType: string;
  info: InputInfo;
  /** `name.mask.png` found next to the image. */
  maskFile?: EditInputView;
}

/** One input as the webview sends it: the host's id, and the converted bytes when it had to be prepared. */
export interface PreparedInputRef {
  inputId: string;
  /** Prepared bytes; absent: the host sends the file as it is. */
  bytes?: Uint8Array;
  /** What preparation did, in words (recorded in the sidecar). */
  steps?: string[];
}

/** An edit or variation from the Studio; the host checks every byte again before sending. */
export interface StudioEditParams {
  mode: 'edit' | 'variation';
  /** The form's options (size, quality, n, …); the prompt may be empty for a variation. */
  options: StudioEditOptions;
  /** First image first: the mask belongs to it. */
  inputs: PreparedInputRef[];
  /** The mask PNG at the first image's (prepared) dimensions. */
  mask?: { bytes: Uint8Array; fileId?: string };
  /** Notes drawn in Annotate mode: a transparent PNG at the first image's (prepared) dimensions; never with a mask. */
  markup?: { bytes: Uint8Array };
  /** Also write the mask next to the first image as `<name>.mask.png` (at the original's dimensions). */
  saveMask?: Uint8Array;
}

/** Form values the host suggests (from settings) when the webview has nothing saved: core's request defaults. */
export type StudioDefaults = RequestDefaults;

/** Image options every request may carry; absent ones come from settings (core's vocabulary). */
export type ImageRequestOptions = ImageJobOptions;

/** What the webview asks to generate; the host validates it again and fills the rest from settings. */
export interface StudioGenerateParams extends GenerateOptions {
  /** The form always names its model. */
  model: string;
}

/** An edit's options: a generation's plus /edits' own (a variation sends n and size only). */
export interface StudioEditOptions extends EditOptions {
  model: string;
}

/** How the webview loads an image: a webview URI inside localResourceRoots, or the bytes themselves. */
export type ImageSource =
  | { kind: 'uri'; uri: string }
  | { kind: 'bytes'; bytes: Uint8Array; mimeType: string }
  /** No preview (an SVG above the size bound): the note says why. */
  | { kind: 'none'; note: string };

/** One saved result as the gallery shows it. */
export interface ResultView {
  /** Opaque id issued by the host; the only way the webview refers to the image. */
  id: string;
  image: ImageSource;
  relativePath: string;
  fileName: string;
  prompt: string;
  model: string;
  index: number;
  revisedPrompt?: string;
  requestId?: string;
  /** Token usage, already formatted for reading. */
  usage?: string;
  hasSidecar: boolean;
  /** How the image was made, in words (a variation's route, an edit). */
  route?: string;
  /** What made it, for filters and the card's badge. */
  kind?: 'generate' | 'edit' | 'variation';
  /** The file is gone (deleted or moved): the card says so instead of showing a broken image. */
  missing?: boolean;
  /** What the image cost, in words, always labelled as an estimate (see core/pricing). */
  cost?: string;
  /** The same in US dollars, for the running total; absent when unknown. */
  costUsd?: number;
}

/** What "Use these settings" / "Regenerate" put back into the form (from the result's sidecar). */
export interface ReuseSettings {
  mode: 'generate' | 'edit' | 'variation';
  prompt: string;
  model: string;
  size?: string;
  quality?: string;
  n?: number;
  background?: string;
  outputFormat?: ImageFormat;
  outputCompression?: number;
  moderation?: string;
  style?: string;
  inputFidelity?: string;
}

/** A job the Studio did not start (a palette command), shown so that it is not invisible. */
export interface ExternalJobMessage {
  type: 'externalJob';
  jobId: string;
  title: string;
  text: string;
  done: boolean;
}

/** A job that is still running when the webview (re)loads. */
export interface RunningJob {
  jobId: string;
  prompt: string;
  stage: string;
}

/** One frame of a sheet, as PNG bytes. */
export interface FrameView {
  name: string;
  bytes: Uint8Array;
}

/** An animation over a sheet's frames (indexes into its frames), played at `fps`. */
export interface FrameAnimationView {
  name: string;
  frames: number[];
  fps: number;
  loop: boolean;
}
