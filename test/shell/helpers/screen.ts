/**
 * A tiny terminal: applies what the shell writes (text, CR/LF, the cursor and erase sequences readline
 * uses) to a grid of lines, so tests can assert what a user would SEE, not the escape codes.
 */
export class Screen {
  private lines: string[] = [""];
  private row = 0;
  private col = 0;

  write(data: string): void {
    let i = 0;
    while (i < data.length) {
      const c = data[i]!;
      if (c === "\x1b") {
        const m = /^\x1b\[([?0-9;]*)([A-Za-z])/.exec(data.slice(i));
        if (m) {
          this.csi(m[1]!, m[2]!);
          i += m[0].length;
          continue;
        }
        i++;
        continue;
      }
      if (c === "\r") this.col = 0;
      else if (c === "\n") {
        // Output post-processing of a real tty (onlcr): LF also returns the carriage.
        this.row++;
        this.col = 0;
        this.ensure();
      } else {
        this.ensure();
        const line = this.lines[this.row]!.padEnd(this.col);
        this.lines[this.row] = line.slice(0, this.col) + c + line.slice(this.col + 1);
        this.col++;
      }
      i++;
    }
  }

  private ensure(): void {
    while (this.lines.length <= this.row) this.lines.push("");
  }

  private csi(params: string, cmd: string): void {
    const n = Number.parseInt(params || "1", 10) || 1;
    const line = () => this.lines[this.row] ?? "";
    switch (cmd) {
      case "A":
        this.row = Math.max(0, this.row - n);
        break;
      case "B":
        this.row += n;
        this.ensure();
        break;
      case "C":
        this.col += n;
        break;
      case "D":
        this.col = Math.max(0, this.col - n);
        break;
      case "G":
        this.col = n - 1;
        break;
      case "K": {
        const mode = params === "" ? 0 : Number(params);
        if (mode === 0) this.lines[this.row] = line().slice(0, this.col);
        else if (mode === 1) this.lines[this.row] = " ".repeat(this.col) + line().slice(this.col);
        else this.lines[this.row] = "";
        break;
      }
      case "J":
        this.lines[this.row] = line().slice(0, this.col);
        this.lines.length = this.row + 1;
        break;
      default:
        break; // colours (m), modes (h/l): nothing to draw
    }
  }

  /** Visible lines, trailing spaces trimmed. */
  text(): string {
    return this.lines.map((l) => l.trimEnd()).join("\n");
  }

  /** The line the cursor is on and the cursor column. */
  cursorLine(): { text: string; col: number } {
    return { text: (this.lines[this.row] ?? "").trimEnd(), col: this.col };
  }
}
