// Faults the fake injects on demand, one queued fault per matching request.

/** A fault to inject into the next matching request. */
export type FakeFault =
  | { kind: 'invalid_key' }
  | { kind: 'verification' }
  | { kind: 'moderation'; categories?: string[] }
  | { kind: 'invalid_value'; param: string; message?: string }
  | { kind: 'model_not_found' }
  | { kind: 'billing'; status?: 400 | 429 }
  | { kind: 'rate_limit'; retryAfterSeconds?: number; retryAfterMs?: number }
  | { kind: 'insufficient_quota' }
  | { kind: 'server_error'; status?: 408 | 500 | 502 | 503 | 504 }
  /** Headers and part of the body, then the socket is destroyed. */
  | { kind: 'reset_mid_body' }
  /** The socket is destroyed after the request arrived, before any answer. */
  | { kind: 'reset_before_response' }
  | { kind: 'malformed_json' }
  /** Waits before answering (headers included), then answers normally. */
  | { kind: 'slow_headers'; delayMs: number }
  /** Holds the request until the test settles `release`, then answers normally (in-process fakes only). */
  | { kind: 'wait_for'; release: Promise<void> }
  /** A slow network: the JSON answer stops for `pauseMs` once its first image has been sent whole. */
  | { kind: 'slow_body'; pauseMs: number }
  /** Streams `afterEvents` events, then destroys the socket. */
  | { kind: 'stream_cut'; afterEvents: number }
  /** Streams `afterEvents` events, then holds the stream until the test settles `release` (in-process fakes only). */
  | { kind: 'stream_hold'; afterEvents: number; release: Promise<void> }
  /** Streams `afterEvents` events, then an `error` event (with `message`, when given). */
  | { kind: 'stream_error'; afterEvents: number; message?: string }
  /** Answers with a `url` result whose download fails (404). */
  | { kind: 'url_download_fail' }
  /** Answers an opaque image although a transparent background was asked for (as models sometimes do). */
  | { kind: 'ignore_transparency' }
  /** An edit that repaints the whole image, outside the mask too (GPT image models treat the mask as guidance). */
  | { kind: 'repaint_outside_mask' }
  | HostileFault;

/** What a hostile or broken server does (test/fakeServer/hostileAnswers.ts answers these). */
export type HostileFault =
  /** Answers with a redirect to `location` (another origin, or a path on this one). */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string }
  /** A normal answer that echoes the key it was sent in x-request-id, revised_prompt, usage and size. */
  | { kind: 'echo_key' }
  /** A normal answer whose image at each listed position is broken in the given way. */
  | { kind: 'bad_images'; at: Record<number, 'bad_base64' | 'not_an_image' | 'dead_url' | 'truncated' | 'html_url'> }
  /** Answers `count` images whatever n was asked (a shortfall or a surplus). */
  | { kind: 'image_count'; count: number }
  /** A JSON answer (no Content-Length) that never ends: `{"data":[{"b64_json":"AAAA…` forever. */
  | { kind: 'endless_json' }
  /** A 200 event stream whose `data:` line never ends. */
  | { kind: 'endless_stream_line' }
  /** A url result whose download never ends. */
  | { kind: 'endless_download' }
  /** A url result pointing wherever the test says (a metadata address, another server). */
  | { kind: 'url_result'; url: string }
  /** An error answer with a body as other servers send it (`{"errors": […]}`, plain text, HTML). */
  | { kind: 'raw_error'; status: number; body: string; contentType?: string };

/** Which requests a queued fault applies to. */
export interface FaultMatch {
  endpoint?: 'generations' | 'edits' | 'variations';
  /** Only the request with this prompt (a test holding one asset of a build running in parallel). */
  prompt?: string;
}

/** The OpenAI error for a fault that is answered as a plain error, or undefined for behavioural faults. */
export function faultError(
  fault: FakeFault,
  model: string,
): { status: number; error: Record<string, unknown>; headers?: Record<string, string> } | undefined {
  const e = (
    status: number,
    message: string,
    code: string | null,
    type = 'invalid_request_error',
    param: string | null = null,
    extra: Record<string, unknown> = {},
  ) => ({ status, error: { message, type, param, code, ...extra } });
  switch (fault.kind) {
    case 'invalid_key':
      return e(
        401,
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_api_key',
      );
    case 'verification':
      return e(
        403,
        `Your organization must be verified to use the model \`${model}\`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.`,
        null,
      );
    case 'moderation':
      return e(400, 'Your request was rejected by the safety system.', 'moderation_blocked', 'image_generation_user_error', null, {
        moderation_details: { categories: fault.categories ?? ['violence'] },
      });
    case 'invalid_value':
      return e(400, fault.message ?? `Invalid value for '${fault.param}'.`, 'invalid_value', 'invalid_request_error', fault.param);
    case 'model_not_found':
      return e(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'model_not_found');
    case 'billing':
      return e(fault.status ?? 400, 'Billing hard limit has been reached.', 'billing_hard_limit_reached');
    case 'rate_limit': {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
      return { ...e(429, 'Rate limit reached for images per minute.', 'rate_limit_exceeded', 'requests'), headers };
    }
    case 'insufficient_quota':
      return e(
        429,
        'You exceeded your current quota, please check your plan and billing details.',
        'insufficient_quota',
        'insufficient_quota',
      );
    case 'server_error':
      return e(
        fault.status ?? 500,
        fault.status === 408 ? 'Request timed out.' : 'The server had an error while processing your request.',
        null,
        'server_error',
      );
    default:
      return undefined;
  }
}
