// Text a terminal shows as text. Asset keys, file names, batch ids and anything a server or a
// repository said can hold escape sequences that set a terminal's title, clear its screen or move
// the cursor over what was printed; printed through here they show as harmless \uXXXX escapes.

// C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI on some terminals),
// and the bidirectional overrides and isolates that make text read differently from its bytes.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every character a terminal would act on (or that reorders what it shows) written as \uXXXX. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
