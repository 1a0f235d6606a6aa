/** Keeps the last lines a child printed, so a failed start can show them in its error. */
export class LogTail {
  private readonly lines: string[] = [];
  private partial = "";

  constructor(private readonly max = 30) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split("\n");
    this.partial = parts.pop() ?? "";
    for (const line of parts) {
      if (!line.trim()) continue;
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }

  last(n = 10): string[] {
    const all = this.partial.trim() ? [...this.lines, this.partial] : this.lines;
    return all.slice(-n);
  }
}
