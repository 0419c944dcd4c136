// Typed errors with a stable `kind` the UI can branch on, and messages a person can act on.
// Every message carries the request id when there is one; none ever carries the key, because
// messages are built only from the server's JSON and our own words, then scrubbed once more.
import { replacementFor } from '../models/capabilities';
import type { ModelCapabilities } from '../models/capabilityTypes';
import { t } from '../l10n';

/** Stable categories of failure; the UI branches on these (e.g. `invalid_key` offers "Set API Key"). */
export type ImageErrorKind =
  | 'validation'
  | 'endpoint_unsupported'
  | 'moderation'
  | 'invalid_request'
  | 'billing'
  | 'invalid_key'
  | 'verification_required'
  | 'permission'
  | 'model_retired'
  | 'model_not_found'
  | 'not_found'
  | 'rate_limit'
  | 'quota'
  | 'server'
  | 'invalid_response'
  | 'network'
  | 'timeout'
  | 'cancelled'
  /** Images arrived but writing or processing them failed (disk full, permissions). */
  | 'output';

/** Extra facts attached to an error. */
export interface ImageErrorDetails {
  status?: number;
  requestId?: string;
  param?: string;
  code?: string;
  type?: string;
  categories?: string[];
  /** Replacement model named for retired models. */
  replacement?: string;
  /** For validation: the refused value and what the model accepts. */
  value?: string;
  accepted?: string;
  /** Server-requested wait (retry-after), uncapped: the client waits up to 60 s or fails naming it. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Every failure the engine reports. */
export class ImageStudioError extends Error {
  override readonly name = 'ImageStudioError';
  readonly kind: ImageErrorKind;
  readonly status?: number;
  readonly requestId?: string;
  readonly param?: string;
  readonly code?: string;
  readonly type?: string;
  readonly categories?: string[];
  readonly replacement?: string;
  readonly value?: string;
  readonly accepted?: string;
  readonly retryAfterMs?: number;

  constructor(kind: ImageErrorKind, message: string, details: ImageErrorDetails = {}) {
    const withId =
      details.requestId && !message.includes(details.requestId)
        ? t('{message} (request id {requestId})', { message, requestId: details.requestId })
        : message;
    super(withId, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    const { cause: _cause, ...rest } = details;
    Object.assign(this, rest);
  }
}

/** True for errors of the given kind (works across bundles where `instanceof` would not). */
export function isImageStudioError(e: unknown, kind?: ImageErrorKind): e is ImageStudioError {
  return e instanceof Error && e.name === 'ImageStudioError' && (kind === undefined || (e as ImageStudioError).kind === kind);
}

/** The validation refusal: names the parameter, the value and what the model accepts. */
export function validationError(model: string, param: string, value: unknown, accepted: string): ImageStudioError {
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  return new ImageStudioError(
    'validation',
    t('{model} does not accept {param} {shown}: it accepts {accepted}.', { model, param, shown, accepted }),
    {
      param,
      value: String(value),
      accepted,
    },
  );
}

interface ApiErrorBody {
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | null;
  moderation_details?: { categories?: string[] };
  inner_error?: { code?: string; content_filter_results?: Record<string, { filtered?: boolean }> };
}

/** Builds the typed error for a non-2xx answer from its status, JSON body and headers. */
export function errorFromResponse(
  status: number,
  bodyText: string,
  requestId: string | undefined,
  model: string,
  retryAfterMs?: number,
  caps?: ModelCapabilities,
): ImageStudioError {
  let err: ApiErrorBody = {};
  let other = '';
  try {
    const parsed = JSON.parse(bodyText) as { error?: ApiErrorBody | string };
    if (parsed && typeof parsed.error === 'object' && parsed.error) err = parsed.error;
    else if (parsed && typeof parsed.error === 'string') err = { message: parsed.error };
    else other = describeOtherJson(parsed);
  } catch {
    // Not JSON (a proxy's HTML page, a validator's plain text): show the text itself.
    other = plainText(bodyText);
  }
  const code = typeof err.code === 'string' ? err.code : undefined;
  const serverMessage = oneLine(typeof err.message === 'string' && err.message ? err.message : other).slice(0, 500);
  const base = {
    status,
    requestId,
    code,
    type: typeof err.type === 'string' ? err.type : undefined,
    param: typeof err.param === 'string' ? err.param : undefined,
    retryAfterMs,
  };
  const said = serverMessage ? t(' The server said: {serverMessage}', { serverMessage }) : '';

  if (
    code === 'moderation_blocked' ||
    code === 'content_policy_violation' ||
    code === 'contentFilter' ||
    err.inner_error?.code === 'ResponsibleAIPolicyViolation'
  ) {
    const categories = err.moderation_details?.categories ?? filteredCategories(err.inner_error?.content_filter_results);
    const cats = categories.length ? t(' (categories: {categories})', { categories: categories.join(', ') }) : '';
    return new ImageStudioError(
      'moderation',
      t('The safety system refused this request{cats}. Reword the prompt; GPT image models also accept moderation "low".', { cats }),
      { ...base, categories },
    );
  }
  if (code === 'model_not_found' || (status === 404 && /model/i.test(serverMessage) && /not (exist|found)/i.test(serverMessage))) {
    const replacement = caps && replacementFor(caps);
    if (replacement) {
      return new ImageStudioError(
        'model_retired',
        t('The model {model} is retired or not available to this key; use {replacement} instead.', { model, replacement }),
        { ...base, replacement },
      );
    }
    return new ImageStudioError(
      'model_not_found',
      t('The model {model} does not exist or is not available to this key.{said}', { model, said }),
      base,
    );
  }
  if (code === 'insufficient_quota') {
    return new ImageStudioError(
      'quota',
      t('Your quota is used up; add credit or raise the limit at https://platform.openai.com/settings/organization/billing.'),
      base,
    );
  }
  if (code === 'billing_hard_limit_reached') {
    return new ImageStudioError(
      'billing',
      t('The billing hard limit was reached; raise it at https://platform.openai.com/settings/organization/billing.'),
      base,
    );
  }
  if (status === 401 || code === 'invalid_api_key') {
    return new ImageStudioError('invalid_key', t('The API key was refused (401). Set the key again.'), base);
  }
  if (status === 403) {
    if (/verif/i.test(serverMessage)) {
      return new ImageStudioError(
        'verification_required',
        t(
          'Your organization must be verified to use {model}: verify it at https://platform.openai.com/settings/organization/general (it can take 15 minutes to apply).',
          { model },
        ),
        base,
      );
    }
    return new ImageStudioError('permission', t('The key is not allowed to do this (403).{said}', { said }), base);
  }
  if (status === 429) {
    return new ImageStudioError(
      'rate_limit',
      t('Rate limit reached (images per minute); wait a little and try again.{said}', { said }),
      base,
    );
  }
  if (status === 502 || status === 504) {
    return new ImageStudioError(
      'server',
      t(
        'A gateway in front of the image service failed ({status}); the request may still have run (and been billed), so it was not retried. Check the output folder before trying again.',
        { status },
      ),
      base,
    );
  }
  if (status >= 500) {
    return new ImageStudioError('server', t('The image service failed ({status}); try again later.{said}', { status, said }), base);
  }
  if (status === 408) {
    return new ImageStudioError(
      'server',
      t('The server timed out before it had the whole request (408); try again.{said}', { said }),
      base,
    );
  }
  if (status === 0) {
    return new ImageStudioError('server', t('The server reported an error while streaming.{said}', { said }), {
      ...base,
      status: undefined,
    });
  }
  if (status === 404) {
    return new ImageStudioError(
      'not_found',
      t('The server has no such endpoint (404); it may not offer this operation.{said}', { said }),
      base,
    );
  }
  const param = err.param ? t(' Parameter: {param}.', { param: err.param }) : '';
  return new ImageStudioError('invalid_request', t('The request was refused ({status}).{param}{said}', { status, param, said }), base);
}

// Validating servers and proxies answer `{"errors": [...]}`, `{"detail": ...}` or `{"message": ...}`.
function describeOtherJson(parsed: unknown): string {
  if (!parsed || typeof parsed !== 'object') return typeof parsed === 'string' ? parsed : '';
  const o = parsed as Record<string, unknown>;
  for (const k of ['message', 'detail', 'error_description', 'title']) if (typeof o[k] === 'string') return o[k] as string;
  const list = Array.isArray(o.errors) ? o.errors : Array.isArray(o.detail) ? o.detail : undefined;
  if (list) {
    return list
      .slice(0, 5)
      .map((item) => {
        if (typeof item === 'string') return item;
        const i = (item ?? {}) as Record<string, unknown>;
        const text = [i.message, i.msg, i.detail, i.title].find((v) => typeof v === 'string') as string | undefined;
        const where = Array.isArray(i.loc) ? ` (${i.loc.join('.')})` : typeof i.field === 'string' ? ` (${i.field})` : '';
        return text ? `${text}${where}` : JSON.stringify(item);
      })
      .join('; ');
  }
  return JSON.stringify(parsed);
}

function plainText(text: string): string {
  return /<[a-z!/]/i.test(text)
    ? text
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&nbsp;/g, ' ')
    : text;
}

function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function filteredCategories(results?: Record<string, { filtered?: boolean }>): string[] {
  return results
    ? Object.entries(results)
        .filter(([, r]) => r?.filtered)
        .map(([k]) => k)
    : [];
}

/** Removes every occurrence of the secret from a text (last line of defence for logs and messages). */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}
