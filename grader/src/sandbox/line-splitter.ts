/**
 * Splits a byte stream into newline-terminated UTF-8 lines, refusing any line longer than
 * `maxBytes` (a child cannot make the parent buffer without bound).
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private stopped = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (!this.stopped) {
      const nl = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, nl === -1 ? chunk.length : nl);
      if (this.size + piece.length > this.maxBytes) {
        this.stop();
        this.onOverflow();
        return;
      }
      if (nl === -1) {
        if (piece.length > 0) {
          this.parts.push(piece);
          this.size += piece.length;
        }
        return;
      }
      this.parts.push(piece);
      const line = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
      this.size = 0;
      start = nl + 1;
      this.onLine(line);
    }
  }

  stop(): void {
    this.stopped = true;
    this.parts = [];
  }
}
