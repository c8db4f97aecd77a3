/**
 * Console output of one job, capped. Every accepted piece is also passed to `onAccepted` at
 * once (the child streams it to the parent), so output survives a job that is killed later.
 */
export class OutputBuffer {
  private parts: string[] = [];
  private size = 0;
  private truncated = false;

  constructor(
    readonly limit: number,
    private readonly onAccepted: (text: string) => void = () => {},
  ) {}

  write(text: string): void {
    if (this.truncated || text === '') return;
    const room = this.limit - this.size;
    if (text.length <= room) {
      this.accept(text);
      return;
    }
    this.accept(`${text.slice(0, Math.max(0, room))}\n[output truncated at ${this.limit} characters]\n`);
    this.truncated = true;
  }

  text(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }

  private accept(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    this.onAccepted(text);
  }
}
