// The Studio panel's messages between the extension host and the webview. Plain data only (no
// vscode, no DOM, no Node): both sides and the unit tests import it. Results are named by opaque
// ids the host issued; the webview never sends a path and never sees the API key.
import type { PriceTable } from '../core/pricing';
import type {
  EditInputView,
  ExternalJobMessage,
  FrameAnimationView,
  FrameView,
  ModelChoice,
  ResultView,
  ReuseSettings,
  RunningJob,
  StudioDefaults,
  StudioEditParams,
  StudioGenerateParams,
} from './studioViews';

export type { ModelPrices, PriceTable } from '../core/pricing';
export type * from './studioViews';

/** The envelope every message travels in; `inReplyTo` ties a reply to its request. */
export interface Envelope<T> {
  messageId: number;
  inReplyTo?: number;
  body: T;
}

// ── host → webview ──────────────────────────────────────────────────────────

/** Reply to `ready`: the models, defaults, the gallery and any running job. */
export interface InitMessage {
  type: 'init';
  models: ModelChoice[];
  defaults: StudioDefaults;
  results: ResultView[];
  job?: RunningJob;
  prompt?: string;
  edit?: EditInputsMessage;
  /** The last edit's inputs, for a page that reloads (hidden and shown) in edit or variation mode. */
  lastEdit?: EditInputsMessage;
  /** Where new images go, relative to the workspace folder, for the output folder control. */
  outputFolder?: string;
  /** The price table in use (for estimates before sending); absent: no estimate is shown. */
  prices?: PriceTable;
  /** Frames to show as soon as the page is up (Play Sheet opened the Studio). */
  frames?: ShowFramesMessage;
}
/** A line of progress for the running job. */
export interface ProgressMessage {
  type: 'progress';
  jobId: string;
  text: string;
}
/** A streamed preview that replaces the previous one of the same image. */
export interface PartialImageMessage {
  type: 'partialImage';
  jobId: string;
  imageIndex: number;
  partialIndex: number;
  mimeType: string;
  bytes: Uint8Array;
}
/** A final image was written to the workspace; it replaces its previews. */
export interface ImageSavedMessage {
  type: 'imageSaved';
  jobId: string;
  result: ResultView;
}
/** The job ended: how many images were saved, what failed, whether it was cancelled. */
export interface JobFinishedMessage {
  type: 'jobFinished';
  jobId: string;
  saved: number;
  failures: string[];
  warnings: string[];
  cancelled: boolean;
  error?: string;
}
/** Results made elsewhere (the Generate Image command) to show at the top of the gallery. */
export interface ShowResultsMessage {
  type: 'showResults';
  prompt: string;
  results: ResultView[];
}
/** Reply to a result action: what happened, in words for the status line. */
export interface ActionResultMessage {
  type: 'actionResult';
  status: 'done' | 'failed' | 'notAvailable';
  message: string;
}
/** Reply to `details`: the sidecar, pretty-printed, or nothing when there is none. */
export interface DetailsMessage {
  type: 'details';
  resultId: string;
  json?: string;
}
/** Put this text into the prompt editor (Open Studio with a prompt). */
export interface SetPromptMessage {
  type: 'setPrompt';
  prompt: string;
}
/** Reply to a request the host refused or could not serve. */
export interface RequestFailedMessage {
  type: 'requestFailed';
  message: string;
}
/** Enter edit or variation mode with these inputs (gallery "Edit…", Explorer "Paint a mask", Open Studio with an image). */
export interface EditInputsMessage {
  type: 'editInputs';
  mode: 'edit' | 'variation';
  inputs: EditInputView[];
  prompt?: string;
  /** "paint": the user asked to paint (the Explorer's "Paint a mask"); a mask file beside stays offered, not chosen. */
  maskSource?: 'paint';
}
/** Reply to `chooseInput`: the image read from the workspace, or nothing when the dialog was cancelled. */
export interface InputChosenMessage {
  type: 'inputChosen';
  input?: EditInputView;
}
/** Reply to `imageBytes`: the saved image itself (for the clipboard and Compare). */
export interface ImageBytesMessage {
  type: 'imageBytes';
  resultId: string;
  bytes: Uint8Array;
  mimeType: string;
}
/** Reply to `reuse`: the settings that made a result. */
export interface ReuseSettingsMessage {
  type: 'reuseSettings';
  resultId: string;
  settings: ReuseSettings;
}
/** These results' files are gone (deleted or moved): mark their cards. */
export interface ResultsMissingMessage {
  type: 'resultsMissing';
  resultIds: string[];
}
/** These results left the gallery (removed, or their file deleted from the Studio). */
export interface ResultsRemovedMessage {
  type: 'resultsRemoved';
  resultIds: string[];
}
/** Reply to `chooseOutputFolder`, and sent when the setting changes: where new images go. */
export interface OutputFolderMessage {
  type: 'outputFolder';
  outputFolder?: string;
  message?: string;
}
/** The workspace's history: every image with a sidecar, newest first (reply to `history`). */
export interface HistoryMessage {
  type: 'history';
  results: ResultView[];
  truncated: boolean;
}

/** A sheet's frames to play at their fps and step through; `previous` (after a rebuild) is shown frame for frame beside them. */
export interface ShowFramesMessage {
  type: 'showFrames';
  title: string;
  frames: FrameView[];
  animations: FrameAnimationView[];
  previous?: FrameView[];
}

/** Everything the host sends. */
export type ToWebview =
  | InitMessage
  | ProgressMessage
  | PartialImageMessage
  | ImageSavedMessage
  | JobFinishedMessage
  | ShowResultsMessage
  | ActionResultMessage
  | DetailsMessage
  | SetPromptMessage
  | RequestFailedMessage
  | EditInputsMessage
  | InputChosenMessage
  | ImageBytesMessage
  | ReuseSettingsMessage
  | ResultsMissingMessage
  | ResultsRemovedMessage
  | OutputFolderMessage
  | ExternalJobMessage
  | HistoryMessage
  | ShowFramesMessage;

// ── webview → host ──────────────────────────────────────────────────────────

/** The webview is loaded and listening (request: answered by `init`). */
export interface ReadyMessage {
  type: 'ready';
}
/** Start a generation (one job at a time); progress and the end arrive as notifications. */
export interface GenerateMessage {
  type: 'generate';
  jobId: string;
  params: StudioGenerateParams;
}
/** Cancel the running job. */
export interface CancelMessage {
  type: 'cancel';
  jobId: string;
}
/** Open a result in an editor (request: answered by `actionResult`). */
export interface OpenImageMessage {
  type: 'openImage';
  resultId: string;
}
/** Reveal a result in the Explorer (request). */
export interface RevealImageMessage {
  type: 'revealImage';
  resultId: string;
}
/** Copy a result's path relative to its workspace folder (request). */
export interface CopyPathMessage {
  type: 'copyPath';
  resultId: string;
}
/** Insert a link to a result into the active text document (request). */
export interface InsertImageMessage {
  type: 'insertImage';
  resultId: string;
}
/** Use a result as the input of an edit or a variation (request). */
export interface UseAsInputMessage {
  type: 'useAsInput';
  resultId: string;
  purpose: 'edit' | 'variation';
}
/** Read a result's sidecar (request: answered by `details`). */
export interface DetailsRequestMessage {
  type: 'details';
  resultId: string;
}

/** Ask the host to pick a workspace image (open dialog) as an input or a mask file (request: answered by `inputChosen`). */
export interface ChooseInputMessage {
  type: 'chooseInput';
  purpose: 'image' | 'mask';
}
/** Start an edit or variation with prepared inputs (one job at a time, like `generate`). */
export interface EditMessage {
  type: 'edit';
  jobId: string;
  params: StudioEditParams;
}
/** Read a result's bytes (request: answered by `imageBytes`). */
export interface ImageBytesRequestMessage {
  type: 'imageBytes';
  resultId: string;
}
/** Read the settings that made a result from its sidecar (request: answered by `reuseSettings`). */
export interface ReuseRequestMessage {
  type: 'reuse';
  resultId: string;
}
/** Take a result out of the gallery; the file stays (request: `actionResult`). */
export interface RemoveResultMessage {
  type: 'removeResult';
  resultId: string;
}
/** "Add to Image Assets": declare the result in the nearest image-studio.json from its sidecar. */
export interface AddToAssetsMessage {
  type: 'addToAssets';
  resultId: string;
}
/** Delete a result's file and sidecar after the host asked the user to confirm (request: `actionResult`). */
export interface DeleteResultMessage {
  type: 'deleteResult';
  resultId: string;
}
/** Let the user pick the output folder (a folder dialog inside the workspace; request: `outputFolder`). */
export interface ChooseOutputFolderMessage {
  type: 'chooseOutputFolder';
}
/** Read the workspace's history from the sidecars (request: `history`). */
export interface HistoryRequestMessage {
  type: 'history';
}
/** An image dropped on the Studio, by the URI VS Code's drag data gives; the host takes only workspace files (request: `inputChosen`). */
export interface DropInputMessage {
  type: 'dropInput';
  uri: string;
}

/** Everything the webview sends. */
export type FromWebview =
  | ReadyMessage
  | GenerateMessage
  | CancelMessage
  | OpenImageMessage
  | RevealImageMessage
  | CopyPathMessage
  | InsertImageMessage
  | UseAsInputMessage
  | DetailsRequestMessage
  | ChooseInputMessage
  | EditMessage
  | ImageBytesRequestMessage
  | ReuseRequestMessage
  | RemoveResultMessage
  | AddToAssetsMessage
  | DeleteResultMessage
  | ChooseOutputFolderMessage
  | HistoryRequestMessage
  | DropInputMessage;

/** The result actions that share one shape and one reply. */
export type ResultActionMessage =
  | OpenImageMessage
  | RevealImageMessage
  | CopyPathMessage
  | InsertImageMessage
  | UseAsInputMessage
  | RemoveResultMessage
  | DeleteResultMessage
  | AddToAssetsMessage;

/** Limits the validators enforce: long enough for real use, short enough to refuse floods. */
export const LIMITS = {
  promptChars: 32000,
  idChars: 64,
  wordChars: 40,
  maxN: 10,
  maxPartialImages: 3,
  /** GPT image models take up to 16 input images. */
  maxInputImages: 16,
  /** The API's per-input limit (50 MB). */
  maxInputBytes: 50 * 1024 * 1024,
  /** The API's mask limit (4 MB). */
  maxMaskBytes: 4 * 1024 * 1024,
  /** Markup: a transparent PNG of notes, bounded like an input image. */
  maxMarkupBytes: 50 * 1024 * 1024,
  preparationSteps: 12,
  stepChars: 300,
  /** A dropped file's URI. */
  uriChars: 2000,
} as const;
