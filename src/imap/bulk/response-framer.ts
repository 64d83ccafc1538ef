/**
 * Cuts the server's byte stream into complete responses (RFC 3501 §2.2.2): a response ends at a
 * CRLF that is not the start of a literal ("{n}" CRLF, then n bytes that may contain anything).
 * Chunks are joined only once a response is complete, so a 2 MB literal is copied once.
 */
export class ResponseFramer {
  private chunks: Buffer[] = [];
  private length = 0;
  /** Where in the pending bytes the next CRLF search starts (past any literal seen). */
  private scanFrom = 0;
  /** Where the current line segment starts (after the last literal of this response). */
  private lineStart = 0;

  constructor(private readonly onResponse: (response: Buffer) => void) {}

  feed(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.length < this.scanFrom + 2) return;
    let data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    for (;;) {
      const end = data.indexOf('\r\n', this.scanFrom, 'latin1');
      if (end < 0) {
        this.scanFrom = Math.max(this.scanFrom, data.length - 1);
        break;
      }
      const literal = literalSize(data, end, this.lineStart);
      if (literal >= 0) {
        this.scanFrom = end + 2 + literal;
        // Bytes of the literal itself can never announce another literal.
        this.lineStart = this.scanFrom;
        if (data.length < this.scanFrom + 2) break;
        continue;
      }
      const response = data.subarray(0, end);
      data = data.subarray(end + 2);
      this.scanFrom = 0;
      this.lineStart = 0;
      this.onResponse(response);
    }
    this.chunks = data.length ? [data] : [];
    this.length = data.length;
  }
}

/** n if the line ending at `end` announces a literal "{n}" (or "{n+}"), else -1. */
function literalSize(data: Buffer, end: number, lineStart: number): number {
  if (data[end - 1] !== 0x7d) return -1;
  let i = end - 2;
  if (data[i] === 0x2b) i -= 1;
  let size = 0;
  let scale = 1;
  let digits = 0;
  while (i >= lineStart && data[i]! >= 0x30 && data[i]! <= 0x39) {
    size += (data[i]! - 0x30) * scale;
    scale *= 10;
    digits += 1;
    i -= 1;
  }
  return digits > 0 && i >= lineStart && data[i] === 0x7b ? size : -1;
}
