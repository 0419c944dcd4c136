// When and how long to wait before retrying. Images are billed, so only what did not run is
// retried. Per status (documented in the README):
//   408 request timeout: the server never had the whole request: retried.
//   429 rate limit: retried after the server's wait when it is at most 60 s; a longer wait fails
//       at once, naming it. 429 insufficient_quota and billing_hard_limit_reached: never retried.
//   500, 503: the server failed before making the image: retried with backoff.
//   502, 504: a gateway lost the upstream answer, but the upstream may still be running (and
//       billing) the request: never retried.
//   Connections that never opened (refused, no route, DNS): retried. Anything cut after sending:
//   never retried.
import { type ImageStudioError } from './errors';

/** Time source and sleep, injectable so retry tests run fast yet measure real waits. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

/**
 * A clock on a time source the caller gives (the CLI and the extension pass the system's; core
 * never reads it itself), sleeping with real timers.
 */
export function timerClock(now: () => number, random: () => number = Math.random): Clock {
  return {
    now,
    random,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}

/** Longest server-requested wait we honour. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Server-requested wait from `retry-after-ms` or `retry-after` (seconds or HTTP date), however
 * long: the caller decides whether to wait (up to MAX_RETRY_AFTER_MS) or to fail naming it.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const ra = headers.get('retry-after');
  if (ra === null) return undefined;
  const seconds = Number(ra);
  const wait = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(ra) - now;
  return Number.isFinite(wait) && wait >= 0 ? Math.round(wait) : undefined;
}

/** Exponential backoff: min(0.5 s·2^attempt, 8 s) minus up to 25 % jitter. */
export function backoffMs(attempt: number, random: number): number {
  const base = Math.min(500 * 2 ** attempt, 8000);
  return Math.round(base * (1 - 0.25 * random));
}

/** Statuses retried (see the table above); 429 only as a rate limit. */
const RETRIED_STATUSES = new Set([408, 429, 500, 503]);

/** Whether an HTTP error may be retried (the request did not produce a billed image). */
export function isRetryableHttp(error: ImageStudioError): boolean {
  if (
    error.kind === 'quota' ||
    error.kind === 'billing' ||
    error.code === 'insufficient_quota' ||
    error.code === 'billing_hard_limit_reached'
  )
    return false;
  if (error.status === 429 && error.kind !== 'rate_limit') return false;
  return error.status !== undefined && RETRIED_STATUSES.has(error.status);
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The system error code in a fetch failure's cause chain (undici wraps it in `cause`). */
export function networkErrorCode(e: unknown): string | undefined {
  for (let cur = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** True when the connection failed before any byte of the request left (safe to retry). */
export function failedBeforeSending(e: unknown): boolean {
  const code = networkErrorCode(e);
  return code !== undefined && NOT_SENT_CODES.has(code);
}
