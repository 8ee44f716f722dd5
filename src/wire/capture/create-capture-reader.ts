// A reader that detects the format from the first bytes and hands the stream to the right decoder.
import { copyBytes, joinChunks, type BinaryReaderOptions, type CaptureFormat, type CaptureReader, type CaptureSink } from './capture-reader.js';
import { detectCaptureFormat } from './detect-format.js';
import { PcapReader } from './pcap.js';
import { PcapngReader } from './pcapng.js';
import { TcpdumpTextReader, type TextReaderOptions } from './tcpdump-text.js';

// Options for any reader: the text reader's and the binary readers'.
export type ReaderOptions = TextReaderOptions & BinaryReaderOptions;

// Builds the reader for a known format.
export function createFormatReader(format: CaptureFormat, sink: CaptureSink, options: ReaderOptions = {}): CaptureReader {
  if (format === 'pcap') return new PcapReader(sink, options);
  if (format === 'pcapng') return new PcapngReader(sink, options);
  return new TcpdumpTextReader(sink, options);
}

// Format-detecting reader: buffers the first few bytes, then forwards everything.
export class AutoCaptureReader implements CaptureReader {
  private inner: CaptureReader | null = null;
  private head: Uint8Array | null = null;
  private unknownFormat = false;
  private readonly sink: CaptureSink;
  private readonly options: ReaderOptions;

  constructor(sink: CaptureSink, options: ReaderOptions = {}) {
    this.sink = sink;
    this.options = options;
  }

  get format(): CaptureFormat | null {
    return this.inner?.format ?? null;
  }

  get frames(): number {
    return this.inner?.frames ?? 0;
  }

  get fatal(): string | null {
    if (this.unknownFormat) return 'not a pcap, pcapng or tcpdump text capture';
    return this.inner?.fatal ?? null;
  }

  push(chunk: Uint8Array): void {
    if (this.inner !== null) return this.inner.push(chunk);
    if (this.unknownFormat) return;
    const head = joinChunks(this.head, chunk);
    this.head = head === chunk ? copyBytes(chunk) : head;
    this.decide(false);
  }

  end(): void {
    if (this.inner === null && !this.unknownFormat) this.decide(true);
    this.inner?.end();
  }

  private decide(final: boolean): void {
    const head = this.head ?? new Uint8Array(0);
    const format = detectCaptureFormat(head, final);
    if (format === null) return;
    this.head = null;
    if (format === 'unknown') {
      this.unknownFormat = true;
      this.sink.note({ kind: 'format', message: head.length === 0 ? 'the capture is empty' : 'not a pcap, pcapng or tcpdump text capture' });
      return;
    }
    this.inner = createFormatReader(format, this.sink, this.options);
    if (head.length > 0) this.inner.push(head);
  }
}
