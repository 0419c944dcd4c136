/** A failure the user must act on before anything is sent (no key, no folder, bad setting). */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  constructor(
    message: string,
    readonly action?: 'setApiKey' | 'openFolder',
  ) {
    super(message);
  }
}
