// The vocabulary every layer shares: what a request asks for, what comes back, and how a client is
// configured. Plain data only, so the extension host, the CLI, the webview (through src/shared) and
// the tests can all use it.

/** The three Images API endpoints. */
export type Endpoint = 'generations' | 'edits' | 'variations';

/** Raster encodings the API returns and accepts as inputs. */
export type ImageFormat = 'png' | 'jpeg' | 'webp';

/** Every `output_format` a model may be asked for: the rasters plus GIF (animated) and SVG (2.6 models). */
export type OutputFormat = ImageFormat | 'gif' | 'svg';

/** Where requests (and the key) go. Chosen from user-level settings only. */
export type ProviderConfig =
  | {
      kind: 'openai';
      /** Defaults to https://api.openai.com/v1. */
      baseUrl?: string;
      organization?: string;
      project?: string;
    }
  | {
      kind: 'azure';
      /** Classic deployment URLs: https://<resource>.openai.azure.com + deployment + api-version. */
      endpoint?: string;
      deployment?: string;
      apiVersion?: string;
      /** Azure's v1 API (https://<resource>.openai.azure.com/openai/v1): the deployment is sent as `model`. */
      baseUrl?: string;
    }
  | {
      kind: 'compatible';
      baseUrl: string;
      /** Endpoints the server offers; others are refused before sending. */
      endpoints?: Endpoint[];
      /** The server also offers OpenAI's Files and Batch API (declared, never assumed). */
      batch?: boolean;
    };

/** Options shared by generations and edits. Absent fields are not sent. */
export interface CommonImageOptions {
  model: string;
  prompt: string;
  n?: number;
  /** `auto` or `WIDTHxHEIGHT`. */
  size?: string;
  quality?: string;
  background?: string;
  outputFormat?: OutputFormat;
  outputCompression?: number;
  moderation?: string;
  /** Planning effort before rendering (2.6 models: low, medium, high). */
  complexity?: string;
  /** GIF output: frames on the sheet (`gif.frame_count`). */
  gifFrames?: number;
  /** GIF output: milliseconds per frame (`gif.frame_duration_ms`). */
  gifFrameMs?: number;
  /** Stable hashed end-user id; 2.6 models take it instead of `user`. */
  safetyIdentifier?: string;
  responseFormat?: 'url' | 'b64_json';
  /** Stream partial images (GPT image models). */
  stream?: boolean;
  /** 0–3 partial images when streaming. */
  partialImages?: number;
  user?: string;
}

/** POST /images/generations. */
export interface GenerateRequest extends CommonImageOptions {
  style?: string;
}

/** An input image held in memory; the client never reads paths itself. */
export interface InputImage {
  bytes: Uint8Array;
  /** File name sent in the multipart part (also used to guess the content type). */
  filename: string;
  /** Content type; derived from the bytes' magic number when absent. */
  mimeType?: string;
  /** An uploaded file's id (Files API): JSON edits send it instead of the bytes. */
  fileId?: string;
}

/** POST /images/edits (multipart). One image is sent as `image`, several as repeated `image[]`. */
export interface EditRequest extends CommonImageOptions {
  images: InputImage[];
  mask?: InputImage;
  /**
   * Markup edit (2.6 models): a transparent PNG holding only notes (strokes, arrows, short text) at the
   * first image's size, sent as its own `markup` file part; never together with `mask`.
   */
  markup?: InputImage;
  inputFidelity?: string;
}

/** POST /images/variations (multipart, dall-e-2 and compatible servers). */
export interface VariationRequest {
  model: string;
  image: InputImage;
  n?: number;
  size?: string;
  responseFormat?: 'url' | 'b64_json';
  user?: string;
}

/** Token usage as reported by GPT image models. */
export interface ImageUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: Record<string, number>;
  output_tokens_details?: Record<string, number>;
}

/** One finished image, already decoded or downloaded. */
export interface GeneratedImage {
  /** The image; empty when it was streamed to `file` (only when the caller passed a spool). */
  bytes: Uint8Array;
  /** The temp file the image was streamed to (a caller-given spool); the caller moves or removes it. */
  file?: string;
  /** Size of a spooled image (`bytes` is empty then). */
  byteLength?: number;
  /** Raster, or GIF/SVG from the 2.6 models (an SVG is text and is never inlined into a page). */
  format: OutputFormat;
  mimeType: string;
  /** Position in the overall batch (0-based). */
  index: number;
  revisedPrompt?: string;
  /** x-request-id of the request that produced this image (batches have several). */
  requestId?: string;
}

/** A streamed preview of an image that is still being made. */
export interface PartialImage {
  bytes: Uint8Array;
  format: OutputFormat;
  /** `partial_image_index` from the stream. */
  partialIndex: number;
  /** Which image of the batch it previews (0-based). */
  imageIndex: number;
}

/**
 * An image that was asked for (and may have been billed) but cannot be saved: bytes that are not
 * the image they claim to be, a failed download, or images that never arrived (a shortfall).
 */
export interface ImageProblem {
  /** Batch position of the first image concerned. */
  index: number;
  /** How many images it concerns (more than 1 only for a shortfall). */
  count: number;
  code: 'not_an_image' | 'download_failed' | 'too_large' | 'missing';
  message: string;
}

/** What one request (or a fanned-out batch) produced. */
export interface ImagesResult {
  endpoint: Endpoint;
  model: string;
  images: GeneratedImage[];
  created?: number;
  /** x-request-id of each request that contributed (one per request in a batch). */
  requestIds: string[];
  usage?: ImageUsage;
  size?: string;
  quality?: string;
  background?: string;
  outputFormat?: string;
  /** Images asked for that cannot be saved (each also becomes a failure of a batch). */
  problems?: ImageProblem[];
  /** Images beyond those asked for, which were dropped unread. */
  surplus?: number;
  /** This request's validation warnings (unknown model, deprecation), for the UI to show. */
  warnings?: string[];
  /** Set when the job's `n` was split into several requests: this answer's request asked for `requestN`. */
  fanOut?: FanOutShare;
}

/** One request's share of a split job: its own `n`, the job's `n`, and how many requests were sent. */
export interface FanOutShare {
  requestN: number;
  jobN: number;
  requests: number;
}

/** Stages reported while a request runs, for progress UIs. */
export type RequestStage =
  | { stage: 'sending'; attempt: number }
  | { stage: 'waiting'; attempt: number }
  | { stage: 'retrying'; attempt: number; delayMs: number; reason: string }
  | { stage: 'downloading' }
  | { stage: 'partial'; imageIndex: number; partialIndex: number };

/** Per-call options: cancellation and progress callbacks. */
export interface RequestOptions {
  signal?: AbortSignal;
  onPartial?: (partial: PartialImage) => void;
  onStage?: (stage: RequestStage) => void;
}

/** The subset of the WHATWG fetch the client needs; the host passes the global fetch, the CLI undici's. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Resolves a host name to every address it has (IPv4 dotted, IPv6 as written), as node:dns
 * `lookup(name, { all: true })` does. Injected by the CLI and the extension host; core stays
 * runtime-neutral, and without one (the webview) names are classified by their text alone.
 */
export type HostLookup = (hostname: string) => Promise<readonly string[]>;

/** A message for the log: never contains the key. */
export type LogSink = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
