// Id-correlated messaging over any postMessage (after vscode-hexeditor's shared/protocol.ts). The
// transport is injected, so the same class runs in the host, in the webview and in unit tests.
// Incoming bodies pass through a validator first: the other side is untrusted input.
import type { Envelope } from './protocol';
import { errorMessage } from '../core/errorMessage';

/** A validator's answer: the typed value, or why the input was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** What a MessageHandler needs from its side of the channel. */
export interface MessageHandlerOptions<TOut, TIn> {
  /** Sends one envelope to the other side. */
  post(envelope: Envelope<TOut>): void;
  /** Validates an incoming body (everything that arrives is `unknown` until this says otherwise). */
  parse(body: unknown): Parsed<TIn>;
  /** Handles a request or notification; a returned value is sent back as the reply. */
  onMessage(body: TIn): Promise<TOut | undefined> | TOut | undefined;
  /** The reply sent when a message is refused or its handler throws; without it nothing is sent back. */
  errorReply?(message: string): TOut;
  /** Recognises an error reply, so the awaiting request rejects with its message. */
  errorOf?(body: TIn): string | undefined;
  /** Told about every refused message (for the log); never given the raw content. */
  onRefused?(reason: string): void;
}

interface Pending<TIn> {
  resolve(value: TIn): void;
  reject(error: Error): void;
}

/** Both ends of the Studio channel: notifications, requests with replies, and validation on arrival. */
export class MessageHandler<TOut, TIn> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending<TIn>>();

  constructor(private readonly options: MessageHandlerOptions<TOut, TIn>) {}

  /** Sends a message that expects no reply. */
  notify(body: TOut): void {
    this.options.post({ messageId: this.nextId++, body });
  }

  /** Sends a request and resolves with the reply's body (rejects on an error reply or dispose). */
  request(body: TOut): Promise<TIn> {
    const messageId = this.nextId++;
    return new Promise<TIn>((resolve, reject) => {
      this.pending.set(messageId, { resolve, reject });
      this.options.post({ messageId, body });
    });
  }

  /** Number of requests still waiting for a reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Takes one raw message from the transport. Returns false when it was refused (malformed
   * envelope, invalid body, reply to nothing); true when it was delivered.
   */
  async receive(raw: unknown): Promise<boolean> {
    const envelope = parseEnvelope(raw);
    if (!envelope.ok) return this.refuse(envelope.error);
    const { messageId, inReplyTo, body } = envelope.value;
    const parsed = this.options.parse(body);
    if (inReplyTo !== undefined) {
      const waiting = this.pending.get(inReplyTo);
      if (!waiting) return this.refuse(`reply to unknown request ${inReplyTo}`);
      this.pending.delete(inReplyTo);
      if (!parsed.ok) {
        waiting.reject(new Error(`invalid reply: ${parsed.error}`));
        return this.refuse(parsed.error);
      }
      const error = this.options.errorOf?.(parsed.value);
      if (error !== undefined) waiting.reject(new Error(error));
      else waiting.resolve(parsed.value);
      return true;
    }
    if (!parsed.ok) {
      const refusal = this.options.errorReply?.(`Refused: ${parsed.error}`);
      if (refusal !== undefined) this.reply(messageId, refusal);
      return this.refuse(parsed.error);
    }
    let answer: TOut | undefined;
    try {
      answer = await this.options.onMessage(parsed.value);
    } catch (err) {
      answer = this.options.errorReply?.(errorMessage(err));
      if (answer === undefined) throw err;
    }
    if (answer !== undefined) this.reply(messageId, answer);
    return true;
  }

  /** Rejects every waiting request (the panel or page is going away). */
  dispose(): void {
    for (const p of this.pending.values()) p.reject(new Error('The Studio channel was closed.'));
    this.pending.clear();
  }

  private reply(inReplyTo: number, body: TOut): void {
    this.options.post({ messageId: this.nextId++, inReplyTo, body });
  }

  private refuse(reason: string): false {
    this.options.onRefused?.(reason);
    return false;
  }
}

/** Checks the envelope's shape; the body is checked by the caller's validator. */
export function parseEnvelope(raw: unknown): Parsed<Envelope<unknown>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'message is not an object' };
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (key !== 'messageId' && key !== 'inReplyTo' && key !== 'body')
      return { ok: false, error: `unexpected envelope field "${key.slice(0, 40)}"` };
  }
  if (!isCounter(r.messageId)) return { ok: false, error: 'messageId must be a positive integer' };
  if (r.inReplyTo !== undefined && !isCounter(r.inReplyTo)) return { ok: false, error: 'inReplyTo must be a positive integer' };
  return { ok: true, value: { messageId: r.messageId, inReplyTo: r.inReplyTo as number | undefined, body: r.body } };
}

function isCounter(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}
