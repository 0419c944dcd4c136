// Server-sent event framing over bytes, for image streams. An image event is one multi-megabyte
// `data:` line; a text-level parser can only read it once the line has ended, then re-joins,
// re-scans, JSON-parses and decodes all of it at once. Here each `data:` run goes through the
// images scanner as it arrives, so its base64 is decoded chunk by chunk and, when the event's last
// byte arrives, only that last piece and the image check are left to do.
import { Base64StreamDecoder } from '../image/base64';
import { ImageAssembler } from './imageSink';
import { ImagesJsonScanner, type ScanEvent } from './imagesJsonScanner';
import { concatBytes } from '../concatBytes';

/** One event: its name, its data with any b64_json taken out, and that image's bytes so far. */
export interface SseImageEvent {
  event: string | undefined;
  /** The data as JSON text with `b64_json` emptied, or the raw data when it is not a JSON object. */
  data: string;
  json: boolean;
  /** The decoded b64_json (memory; checked when finished), or why it could not be decoded. */
  image?: ImageAssembler;
  imageError?: unknown;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const DATA = 'data';
const EVENT = 'event';

/** Feeds bytes in; calls `onEvent` for each complete event. */
export class SseImageEventReader {
  private name: number[] = [];
  private state: 'name' | 'valueStart' | 'value' = 'name';
  private field = '';
  private skipLf = false;
  private eventName: string | undefined;
  private eventText: number[] = [];
  private dataLines = 0;
  private scanner: ImagesJsonScanner | undefined;
  private raw: Uint8Array[] = [];
  private skeleton = '';
  private jsonFailed = false;
  private decoder: Base64StreamDecoder | undefined;
  private image: ImageAssembler | undefined;
  private imageError: unknown;

  constructor(
    private readonly requestId: string | undefined,
    private readonly onEvent: (e: SseImageEvent) => Promise<void>,
  ) {}

  async feed(chunk: Uint8Array): Promise<void> {
    let i = 0;
    if (this.skipLf && chunk.length) {
      this.skipLf = false;
      if (chunk[0] === LF) i = 1;
    }
    while (i < chunk.length) {
      const b = chunk[i] ?? 0;
      if (this.state === 'name') {
        if (b === LF || b === CR) {
          i = this.lineEnd(chunk, i);
          await this.endLine(this.name.length === 0 && this.field === '');
          continue;
        }
        if (b === COLON) {
          this.field = String.fromCharCode(...this.name);
          this.name = [];
          this.state = 'valueStart';
          if (this.field === DATA) await this.startData();
        } else {
          this.name.push(b);
        }
        i++;
        continue;
      }
      if (this.state === 'valueStart') {
        this.state = 'value';
        if (b === 0x20) {
          i++;
          continue;
        }
      }
      // A value runs to the next line end: handed on as a view.
      const lf = chunk.indexOf(LF, i);
      const cr = chunk.indexOf(CR, i);
      const stop = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      const end = stop < 0 ? chunk.length : stop;
      if (end > i) await this.value(chunk.subarray(i, end));
      if (stop < 0) return;
      i = this.lineEnd(chunk, stop);
      await this.endLine(false);
    }
  }

  /** The stream ended: an event not closed by a blank line is still delivered (as browsers do not; servers forget it). */
  async end(): Promise<void> {
    if (this.state !== 'name' || this.name.length) await this.endLine(false);
    await this.endLine(true);
  }

  private lineEnd(chunk: Uint8Array, at: number): number {
    if (chunk[at] === CR) {
      if (at + 1 < chunk.length) return chunk[at + 1] === LF ? at + 2 : at + 1;
      this.skipLf = true;
    }
    return at + 1;
  }

  private async startData(): Promise<void> {
    if (this.dataLines++ > 0) await this.value(Uint8Array.of(LF));
    else this.scanner = new ImagesJsonScanner(true);
  }

  private async value(run: Uint8Array): Promise<void> {
    if (this.field === EVENT) {
      for (const b of run) this.eventText.push(b);
      return;
    }
    if (this.field !== DATA) return;
    if (!this.jsonFailed) {
      try {
        for (const ev of this.scanner!.feed(run)) await this.scanned(ev);
      } catch {
        this.jsonFailed = true;
      }
    }
    // Only the JSON skeleton is needed when the data is an image event; raw text is kept only
    // while it is small (a `[DONE]`, an error body), which the caller's event limit bounds.
    if (this.jsonFailed || !this.image) this.raw.push(run.slice());
  }

  private async scanned(ev: ScanEvent): Promise<void> {
    if (ev.kind === 'itemEnd') {
      this.skeleton = ev.skeleton;
      return;
    }
    if (ev.kind === 'b64Start') {
      this.decoder = new Base64StreamDecoder();
      this.image = await ImageAssembler.open(0, this.requestId, undefined);
      this.raw = [];
      return;
    }
    if (this.imageError !== undefined) return;
    try {
      for (const p of ev.kind === 'b64' ? this.decoder!.push(ev.ascii) : this.decoder!.end()) await this.image!.write(p);
    } catch (e) {
      this.imageError = e;
      await this.image!.discard();
    }
  }

  private async endLine(blank: boolean): Promise<void> {
    if (this.state === 'name' && this.name.length) {
      // A line without a colon is a field with an empty value.
      this.field = String.fromCharCode(...this.name);
      if (this.field === DATA) await this.startData();
    }
    if (this.field === EVENT) this.eventName = new TextDecoder().decode(Uint8Array.from(this.eventText));
    this.name = [];
    this.state = 'name';
    this.field = '';
    this.eventText = [];
    if (!blank || this.dataLines === 0) return;
    let json = !this.jsonFailed;
    if (json) {
      try {
        this.scanner!.end();
      } catch {
        json = false;
      }
    }
    const event: SseImageEvent = {
      event: this.eventName,
      data: json ? this.skeleton : new TextDecoder().decode(concatBytes(this.raw)),
      json,
      ...(json && this.image ? { image: this.image } : {}),
      ...(this.imageError !== undefined ? { imageError: this.imageError } : {}),
    };
    this.eventName = undefined;
    this.dataLines = 0;
    this.scanner = undefined;
    this.raw = [];
    this.skeleton = '';
    this.jsonFailed = false;
    this.decoder = undefined;
    this.image = undefined;
    this.imageError = undefined;
    await this.onEvent(event);
  }
}
