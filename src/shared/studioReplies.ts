// Which reply answers which request of the Studio protocol, as a type and as data (after GitLens's
// IpcRequest<P, R> and vscode-hexeditor's sendRequest<T>): the webview's `request()` returns the
// reply of its request, the host's answers are typed per request, and a reply of another type
// is an error, never dropped in silence.
import type {
  ActionResultMessage,
  DetailsMessage,
  FromWebview,
  HistoryMessage,
  ImageBytesMessage,
  InitMessage,
  InputChosenMessage,
  OutputFolderMessage,
  ReuseSettingsMessage,
  ToWebview,
} from './protocol';

/** Each request the webview sends, by its type, and the message the host answers it with. */
export interface StudioReplies {
  ready: InitMessage;
  openImage: ActionResultMessage;
  revealImage: ActionResultMessage;
  copyPath: ActionResultMessage;
  insertImage: ActionResultMessage;
  useAsInput: ActionResultMessage;
  removeResult: ActionResultMessage;
  deleteResult: ActionResultMessage;
  addToAssets: ActionResultMessage;
  details: DetailsMessage;
  chooseInput: InputChosenMessage;
  dropInput: InputChosenMessage;
  imageBytes: ImageBytesMessage;
  reuse: ReuseSettingsMessage;
  chooseOutputFolder: OutputFolderMessage;
  history: HistoryMessage;
}

/** The webview's messages that expect a reply. */
export type StudioRequest = Extract<FromWebview, { type: keyof StudioReplies }>;

/** The webview's messages that expect none (a job reports through notifications). */
export type StudioNotification = Exclude<FromWebview, StudioRequest>;

/** The reply to one request. */
export type ReplyTo<M extends StudioRequest> = StudioReplies[M['type']];

/** The same pairing as data, for the check on arrival. */
export const REPLY_TYPE: { readonly [K in keyof StudioReplies]: StudioReplies[K]['type'] } = {
  ready: 'init',
  openImage: 'actionResult',
  revealImage: 'actionResult',
  copyPath: 'actionResult',
  insertImage: 'actionResult',
  useAsInput: 'actionResult',
  removeResult: 'actionResult',
  deleteResult: 'actionResult',
  addToAssets: 'actionResult',
  details: 'details',
  chooseInput: 'inputChosen',
  dropInput: 'inputChosen',
  imageBytes: 'imageBytes',
  reuse: 'reuseSettings',
  chooseOutputFolder: 'outputFolder',
  history: 'history',
};

/** True for the messages that expect a reply. */
export function isStudioRequest(message: FromWebview): message is StudioRequest {
  return Object.hasOwn(REPLY_TYPE, message.type);
}

/** The reply when it is the one `request` is answered by; otherwise throws, naming both. */
export function expectReply<M extends StudioRequest>(request: M, reply: ToWebview): ReplyTo<M> {
  const expected: string = REPLY_TYPE[request.type as keyof StudioReplies];
  if (reply.type !== expected) throw new Error(`The host answered ${request.type} with ${reply.type} instead of ${expected}.`);
  return reply as ReplyTo<M>;
}

/** The host's answers, one per request type, each typed by its reply. */
export type StudioAnswers = { [K in keyof StudioReplies]: (message: Extract<StudioRequest, { type: K }>) => Promise<StudioReplies[K]> };
