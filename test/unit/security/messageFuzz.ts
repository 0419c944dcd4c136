// Seeded generator of hostile webview messages: valid messages mutated in ways that must be
// refused (known invalid), plus free-form random values (whose validity is unknown, so only the
// invariants apply). Shared by the unit fuzz and the integration fuzz of the real Studio handler.

import { seededRandom } from '../../fixtures/seededRandom';

/** One fuzz input: the raw message, and whether it is certainly invalid. */
export interface FuzzMessage {
  raw: unknown;
  /** True when a mutation made it invalid for sure (it must be refused). */
  mustRefuse: boolean;
  how: string;
}

// Every message type but those that open a dialog (chooseInput, chooseOutputFolder): a valid one
// would wait for the user.
const TYPES = [
  'ready',
  'generate',
  'cancel',
  'details',
  'openImage',
  'revealImage',
  'copyPath',
  'insertImage',
  'useAsInput',
  'imageBytes',
  'reuse',
  'removeResult',
  'deleteResult',
  'history',
  'dropInput',
];
const NASTY_STRINGS = [
  '',
  ' ',
  '../../../../etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  'file:///etc/passwd',
  '\u0000',
  '\u202e',
  'a'.repeat(70),
  '${process.env.OPENAI_API_KEY}',
  '<img src=x onerror=alert(1)>',
  '__proto__',
  'constructor',
  'img-1/../..',
  'x'.repeat(33000),
  '%2e%2e%2f',
];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

/** A random value of any shape structured clone can carry. */
export function randomValue(rnd: () => number, depth = 0): unknown {
  const r = rnd();
  if (depth > 3 || r < 0.3) return pick(rnd, [null, undefined, true, false, 0, -1, 1.5, NaN, Infinity, 2 ** 53, -0, 10, 11]);
  if (r < 0.55) return pick(rnd, NASTY_STRINGS);
  if (r < 0.65) return new Uint8Array(Math.floor(rnd() * 8));
  if (r < 0.7) return new Date(0);
  if (r < 0.75) return new Map([['type', 'ready']]);
  if (r < 0.85) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(rnd() * 4); i > 0; i--)
    o[pick(rnd, ['type', 'jobId', 'resultId', 'params', 'prompt', 'model', 'purpose', 'path', 'uri', '__proto__', 'x'])] = randomValue(
      rnd,
      depth + 1,
    );
  return o;
}

/** A well-formed body of each type (the starting point of mutations). */
export function validBody(type: string, rnd: () => number): Record<string, unknown> {
  const id = `id-${Math.floor(rnd() * 1e6)}`;
  switch (type) {
    case 'ready':
    case 'history':
      return { type };
    case 'generate':
      return { type, jobId: id, params: { prompt: 'a fox', model: 'gpt-image-2', n: 1 } };
    case 'cancel':
      return { type, jobId: id };
    case 'useAsInput':
      return { type, resultId: id, purpose: 'edit' };
    // Outside the workspace: a valid message the host must refuse without reading anything.
    case 'dropInput':
      return { type, uri: pick(rnd, ['file:///etc/passwd', 'file:///tmp/x.png', 'https://example.com/a.png', 'vscode-remote://x/y.png']) };
    default:
      return { type, resultId: id };
  }
}

/** Mutations that certainly make a valid body invalid. */
const BREAKERS: Array<[string, (b: Record<string, unknown>, rnd: () => number) => void]> = [
  // Only a key the type does not have (dropInput has a `uri`).
  [
    'extra field',
    (b, rnd) =>
      void (b[
        pick(
          rnd,
          ['path', 'uri', 'command', 'outputFolder', 'apiKey'].filter((k) => !(k in b)),
        )
      ] = pick(rnd, NASTY_STRINGS)),
  ],
  [
    'unknown type',
    (b, rnd) => void (b.type = pick(rnd, ['runCommand', 'writeFile', 'READY', 'generate ', 'openimage', 'toString', '__proto__'])),
  ],
  ['type not a string', (b, rnd) => void (b.type = pick(rnd, [1, null, ['ready'], { type: 'ready' }, true]))],
  [
    'id with a path or bad characters',
    (b, rnd) => {
      const key = 'jobId' in b ? 'jobId' : 'resultId' in b ? 'resultId' : undefined;
      if (key) b[key] = pick(rnd, ['../x', '/etc/passwd', 'a b', '', 'x'.repeat(65), 'id\u0000', 7, null]);
      else b.path = '../x';
    },
  ],
  [
    'params broken',
    (b, rnd) => {
      if (b.type !== 'generate') return void (b.params = {});
      const p = b.params as Record<string, unknown>;
      const breaks: Array<() => void> = [
        () => void (p.prompt = 42),
        () => void (p.prompt = 'x'.repeat(32001)),
        () => void (p.model = '../model'),
        () => void (p.n = pick(rnd, [0, 11, 1.5, '2', -1])),
        () => void (p.outputFolder = '../../..'),
        () => void (p.size = '1024x1024; rm -rf'),
        () => void (p.outputFormat = 'bmp'),
        () => void (p.stream = 'yes'),
        () => void delete p.model,
      ];
      pick(rnd, breaks)();
    },
  ],
  ['purpose wrong', (b) => void (b.type === 'useAsInput' ? (b.purpose = 'delete') : (b.purpose = 'edit'))],
];

/** Wraps a body in an envelope, sometimes a broken one (counted as a certain refusal). */
function envelope(body: unknown, rnd: () => number, messageId: number): { raw: unknown; broken: boolean } {
  const r = rnd();
  if (r < 0.85) return { raw: { messageId, body }, broken: false };
  const broken = pick(rnd, [
    { body },
    { messageId: 0, body },
    { messageId: -messageId, body },
    { messageId: `${messageId}`, body },
    { messageId, body, extra: 1 },
    { messageId, inReplyTo: 'x', body },
    [messageId, body],
    null,
    'ready',
  ]);
  return { raw: broken, broken: true };
}

/**
 * `count` messages from `seed`: 5 % valid messages of the harmless types (every type but
 * `generate`, with ids the host never issued), 65 % mutated valid messages (must be refused),
 * 30 % free-form.
 */
export function fuzzMessages(seed: number, count: number): FuzzMessage[] {
  const rnd = seededRandom(seed);
  const out: FuzzMessage[] = [];
  for (let i = 0; i < count; i++) {
    const messageId = i + 1;
    const r = rnd();
    if (r < 0.05) {
      out.push({
        raw: {
          messageId,
          body: validBody(
            pick(
              rnd,
              TYPES.filter((t) => t !== 'generate'),
            ),
            rnd,
          ),
        },
        mustRefuse: false,
        how: 'valid',
      });
    } else if (r < 0.7) {
      const body = validBody(pick(rnd, TYPES), rnd);
      const [how, breaker] = pick(rnd, BREAKERS);
      breaker(body, rnd);
      const env = envelope(body, rnd, messageId);
      out.push({ raw: env.raw, mustRefuse: true, how: env.broken ? `${how} + broken envelope` : how });
    } else {
      const env = envelope(randomValue(rnd), rnd, messageId);
      out.push({ raw: env.raw, mustRefuse: env.broken, how: env.broken ? 'random + broken envelope' : 'random' });
    }
  }
  return out;
}
