// The one error an agent tool refuses with: its message is the tool's answer (an error result the
// model reads and can act on), never a crash of the door that runs it.

/** A refusal or failure a tool reports as its result; the message says what to do instead. */
export class AgentToolError extends Error {
  override readonly name = 'AgentToolError';
}

/** Whether `e` is a tool's own refusal. */
export function isAgentToolError(e: unknown): e is AgentToolError {
  return e instanceof AgentToolError;
}
