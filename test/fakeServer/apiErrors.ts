// OpenAI's error shape, as the fake answers it.

/** A status plus the `{"error": {...}}` body. */
export interface ApiErrorAnswer {
  status: number;
  body: { error: Record<string, unknown> };
  headers?: Record<string, string>;
}

/** Builds an OpenAI-shaped error answer. */
export function apiError(
  status: number,
  message: string,
  param: string | null = null,
  code: string | null = null,
  type = 'invalid_request_error',
  extra: Record<string, unknown> = {},
): ApiErrorAnswer {
  return { status, body: { error: { message, type, param, code, ...extra } } };
}
