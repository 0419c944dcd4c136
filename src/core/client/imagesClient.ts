// The Images API client: validates against the capability table, sends through an injected fetch,
// retries only what cannot have been billed, and decodes JSON, url and streamed answers.
import type {
  EditRequest,
  Endpoint,
  FetchLike,
  GenerateRequest,
  HostLookup,
  ImagesResult,
  LogSink,
  ProviderConfig,
  RequestOptions,
  VariationRequest,
} from '../types';
import { validateEdit, validateGenerate, validateVariation, type ValidationTarget } from '../models/validate';
import { maxJsonBodyBytes, readTextPrefix } from './bodyLimits';
import type { ImageSpool } from './imageSink';
import { readImagesJson } from './imagesJsonReader';
import { ImageStudioError, errorFromResponse, isImageStudioError, redact } from './errors';
import { describeProvider, resolveTarget } from './providers';
import { cleanDecoded, cleanError, cleanRequestId } from './redaction';
import { backoffMs, failedBeforeSending, isRetryableHttp, MAX_RETRY_AFTER_MS, networkErrorCode, retryAfterMs, type Clock } from './retry';
import { RateGate } from './rateGate';
import type { DecodedResponse } from './responses';
import { readImageStream } from './stream';
import { fetchSameOrigin } from './transport';
import { editBody, editJsonBody, generateBody, variationBody, type WireBody } from './requestBodies';
import { sendEditAsJson } from '../models/capabilities';
import type { ModelCatalogue } from '../models/modelCatalogue';
import type { ServerModels } from '../models/lifecycle';
import type { ModelCapabilities } from '../models/capabilityTypes';

/** How to build a client. */
export interface ImagesClientOptions {
  provider: ProviderConfig;
  /** May be empty for compatible servers that need none. Never logged. */
  apiKey: string;
  fetch: FetchLike;
  /** Resolves result URL host names before downloading (node:dns in the CLI and host). */
  lookupHost?: HostLookup;
  /** Per attempt, from sending until the body is read. Default 10 minutes. */
  timeoutMs?: number;
  /** Default 2. */
  maxRetries?: number;
  /** Time for retry waits and retry-after dates: the caller's (core never reads the system clock). */
  clock: Clock;
  log?: LogSink;
  /** YYYY-MM-DD for shutdown dates, from the caller's Calendar (core never reads the clock for it). */
  today: string;
  /** The server's cached GET /v1/models answer, read at each request (never fetched here: it must not block). */
  serverModels?: () => ServerModels | undefined;
  /** The models the caller knows: rows for validation, splitting and error messages. */
  models: ModelCatalogue;
}

/** Per-call options of the client (adds the batch position to RequestOptions). */
export interface ClientCallOptions extends RequestOptions {
  /**
   * The request's model row when the caller has looked it up already (a job resolves its model
   * once): validation, splitting and error messages use it instead of looking the id up again.
   * Another model's row is ignored.
   */
  caps?: ModelCapabilities;
  /** Batch position of this request's first image, so partials and results say which image they are. */
  indexBase?: number;
  /** Temp files for JSON answers' images (they are then streamed to disk, not held: GeneratedImage.file). */
  spool?: ImageSpool;
}

/** Creates a client for one provider configuration, key and transport. */
export function createImagesClient(
  provider: ProviderConfig,
  apiKey: string,
  fetch: FetchLike,
  options: Omit<ImagesClientOptions, 'provider' | 'apiKey' | 'fetch'>,
): ImagesClient {
  return new ImagesClient({ ...options, provider, apiKey, fetch });
}

/** Speaks the Images API for OpenAI, Azure OpenAI and compatible servers. */
export class ImagesClient {
  private readonly clock: Clock;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** The wait every request of this client shares after a 429 with retry-after (rateGate.ts). */
  private readonly gate: RateGate;

  constructor(private readonly options: ImagesClientOptions) {
    this.clock = options.clock;
    this.gate = new RateGate(options.clock);
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.maxRetries = options.maxRetries ?? 2;
  }

  /** The provider kind, for capability lookups. */
  get providerKind(): ProviderConfig['kind'] {
    return this.options.provider.kind;
  }

  /** The models this client validates against. */
  get models(): ModelCatalogue {
    return this.options.models;
  }

  /** Where requests go (recorded in sidecars as kind and host only). */
  get provider(): ProviderConfig {
    return this.options.provider;
  }

  /** Validation target of this client (provider kind and declared endpoints). */
  get target(): ValidationTarget {
    const p = this.options.provider;
    const server = this.options.serverModels?.();
    return {
      provider: p.kind,
      ...(p.kind === 'compatible' && p.endpoints ? { endpoints: p.endpoints } : {}),
      today: this.options.today,
      ...(server ? { server } : {}),
      models: this.options.models,
    };
  }

  /** POST /images/generations (one request; see generateImages in batch.ts for any n). */
  async generate(req: GenerateRequest, opts: ClientCallOptions = {}): Promise<ImagesResult> {
    const warnings = this.warn(validateGenerate(req, this.target, this.rowFor(req.model, opts.caps)));
    return this.send('generations', req.model, req.n ?? 1, (wire) => generateBody(req, wire), !!req.stream, opts, warnings);
  }

  /** POST /images/edits as multipart, or as JSON where the model's row allows it and it is needed (one request). */
  async edit(req: EditRequest, opts: ClientCallOptions = {}): Promise<ImagesResult> {
    const caps = this.rowFor(req.model, opts.caps);
    const warnings = this.warn(validateEdit(req, this.target, caps));
    const json = sendEditAsJson(caps, this.options.provider.kind, req);
    const build = (wire: string): WireBody => (json ? editJsonBody(req, wire) : editBody(req, wire));
    return this.send('edits', req.model, req.n ?? 1, build, !!req.stream, opts, warnings);
  }

  /** POST /images/variations as multipart (one request). */
  async variation(req: VariationRequest, opts: ClientCallOptions = {}): Promise<ImagesResult> {
    const warnings = this.warn(validateVariation(req, this.target, this.rowFor(req.model, opts.caps)));
    return this.send('variations', req.model, req.n ?? 1, (wire) => variationBody(req, wire), false, opts, warnings);
  }

  // Each result carries its own request's warnings: requests run concurrently, so a field on the
  // client would hold whichever validation ran last.
  private warn(warnings: string[]): string[] {
    for (const w of warnings) this.options.log?.('warn', w);
    return warnings;
  }

  // Every error and answer leaves through cleanError/cleanDecoded, with the key actually sent.
  private async send(
    endpoint: Endpoint,
    model: string,
    expected: number,
    build: (wireModel: string) => WireBody,
    stream: boolean,
    opts: ClientCallOptions,
    warnings: string[],
  ): Promise<ImagesResult> {
    try {
      return { ...(await this.sendAttempts(endpoint, model, expected, build, stream, opts)), warnings };
    } catch (e) {
      throw isImageStudioError(e) ? cleanError(e, this.options.apiKey) : e;
    }
  }

  private async sendAttempts(
    endpoint: Endpoint,
    model: string,
    expected: number,
    build: (wireModel: string) => WireBody,
    stream: boolean,
    opts: ClientCallOptions,
  ): Promise<ImagesResult> {
    const { provider, apiKey } = this.options;
    const target = resolveTarget(provider, endpoint, model, apiKey);
    const wire = build(target.wireModel);
    const headers = { ...target.headers, 'Content-Type': wire.contentType, Accept: stream ? 'text/event-stream' : 'application/json' };
    const requestIds: string[] = [];
    const where = describeProvider(provider);
    // The moment of the shared wait this request has already slept through.
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      throwIfCancelled(opts.signal);
      try {
        waited = await this.gate.pass(opts.signal, waited);
      } catch {
        throw cancelledError();
      }
      opts.onStage?.({ stage: 'sending', attempt });
      this.options.log?.(
        'info',
        `POST /images/${endpoint} model=${target.wireModel} provider=${where.kind}${where.host ? ` host=${where.host}` : ''} attempt=${attempt + 1}`,
      );
      let retryDelay: number | undefined;
      let reason = '';
      /** The server named a wait for a rate limit: it holds every request of this client. */
      let sharedWait = false;
      try {
        const decoded = cleanDecoded(
          await this.attempt(target.url, headers, wire.body, endpoint, model, expected, stream, opts, requestIds),
          apiKey,
        );
        // Nothing usable arrived: the request failed, for the first reason (a batch counts them all).
        const first = decoded.problems[0];
        if (decoded.images.length === 0 && first) {
          throw new ImageStudioError(first.code === 'download_failed' ? 'network' : 'invalid_response', first.message, {
            code: first.code,
            ...(requestIds.at(-1) ? { requestId: requestIds.at(-1)! } : {}),
          });
        }
        return { endpoint, model, requestIds, ...decoded };
      } catch (e) {
        if (isImageStudioError(e) && isRetryableHttp(e) && e.retryAfterMs !== undefined && e.retryAfterMs > MAX_RETRY_AFTER_MS) {
          throw new ImageStudioError(
            e.kind,
            `${e.message.replace(/ \(request id [^)]*\)$/, '')} The server asks to wait ${Math.ceil(e.retryAfterMs / 1000)} s before trying again, longer than the ${MAX_RETRY_AFTER_MS / 1000} s Image Studio waits, so it was not retried.`,
            {
              ...(e.status ? { status: e.status } : {}),
              ...(e.requestId ? { requestId: e.requestId } : {}),
              ...(e.code ? { code: e.code } : {}),
              retryAfterMs: e.retryAfterMs,
            },
          );
        }
        if (isImageStudioError(e) && isRetryableHttp(e) && attempt < this.maxRetries) {
          retryDelay = e.retryAfterMs ?? backoffMs(attempt, this.clock.random());
          reason = e.kind === 'rate_limit' ? 'rate limited (429)' : `server error (${e.status})`;
          sharedWait = e.kind === 'rate_limit' && e.retryAfterMs !== undefined;
        } else if (!isImageStudioError(e) && failedBeforeSending(e) && attempt < this.maxRetries) {
          retryDelay = backoffMs(attempt, this.clock.random());
          reason = `connection failed (${networkErrorCode(e)})`;
        } else {
          throw this.finalError(e, opts.signal);
        }
      }
      opts.onStage?.({ stage: 'retrying', attempt: attempt + 1, delayMs: retryDelay, reason });
      this.options.log?.('warn', `retrying /images/${endpoint} in ${retryDelay} ms: ${reason}`);
      // A rate limit's named wait holds every request of this client; a backoff only this one.
      if (sharedWait) waited = this.gate.hold(retryDelay);
      try {
        await this.clock.sleep(retryDelay, opts.signal);
      } catch {
        throw cancelledError();
      }
    }
  }

  /** One attempt: fetch with a timeout tied to the caller's signal, then read and decode the body. */
  private async attempt(
    url: string,
    headers: Record<string, string>,
    body: Uint8Array | string,
    endpoint: Endpoint,
    model: string,
    expected: number,
    stream: boolean,
    opts: ClientCallOptions,
    requestIds: string[],
  ): Promise<DecodedResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = (): void => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const what = `/images/${endpoint}`;
      const res = await fetchSameOrigin(
        this.options.fetch,
        url,
        { method: 'POST', headers, body: body as RequestInit['body'], signal: controller.signal },
        { what },
      );
      opts.onStage?.({ stage: 'waiting', attempt: requestIds.length });
      const requestId = cleanRequestId(res.headers.get('x-request-id'), this.options.apiKey);
      if (requestId) requestIds.push(requestId);
      if (!res.ok) {
        const text = redact(await readTextPrefix(res), this.options.apiKey);
        throw errorFromResponse(
          res.status,
          text,
          requestId,
          model,
          retryAfterMs(res.headers, this.clock.now()),
          this.rowFor(model, opts.caps),
        );
      }
      const indexBase = opts.indexBase ?? 0;
      if (stream && (res.headers.get('content-type') ?? '').includes('text/event-stream') && res.body) {
        return await readImageStream(res.body, {
          model,
          caps: this.rowFor(model, opts.caps),
          indexBase,
          expected,
          requestId,
          onPartial: opts.onPartial,
          onStage: opts.onStage,
        });
      }
      // Streamed: each image is decoded as its base64 arrives, never the whole answer at once.
      return await readImagesJson(res, {
        limit: maxJsonBodyBytes(expected),
        what,
        status: res.status,
        fetch: this.options.fetch,
        signal: controller.signal,
        indexBase,
        expected,
        baseUrl: url,
        ...(this.options.lookupHost ? { lookupHost: this.options.lookupHost } : {}),
        requestId,
        onDownload: () => opts.onStage?.({ stage: 'downloading' }),
        ...(opts.spool ? { spool: opts.spool } : {}),
      });
    } catch (e) {
      if (opts.signal?.aborted) throw cancelledError();
      if (timedOut)
        throw new ImageStudioError(
          'timeout',
          `No complete answer from /images/${endpoint} within ${Math.round(this.timeoutMs / 1000)} s. The request may still have run (and been billed), so it was not retried.`,
          { requestId: requestIds.at(-1), cause: e },
        );
      throw e;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The caller's row when it is this model's, else the catalogue's. */
  private rowFor(model: string, caps: ModelCapabilities | undefined): ModelCapabilities {
    return caps?.id === model ? caps : this.options.models.capabilities(model);
  }

  private finalError(e: unknown, signal: AbortSignal | undefined): ImageStudioError {
    if (isImageStudioError(e)) return e;
    if (signal?.aborted) return cancelledError();
    const code = networkErrorCode(e);
    const detail = code ? ` (${code})` : '';
    const sent = failedBeforeSending(e)
      ? 'Could not connect to the image service'
      : 'The connection to the image service failed; the request may have run';
    return new ImageStudioError('network', `${sent}${detail}. Check the network, proxy and base URL.`, {
      cause: e,
      ...(code ? { code } : {}),
    });
  }
}

function cancelledError(): ImageStudioError {
  return new ImageStudioError('cancelled', 'The request was cancelled.');
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
