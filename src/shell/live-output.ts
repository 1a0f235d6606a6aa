import { clearScreenDown, cursorTo, moveCursor } from "node:readline";
import type { Interface } from "node:readline";

/**
 * Writes text (batch tables, log lines, query errors) ABOVE the prompt while the user types.
 *
 * On a terminal: move to the first row of the prompt, erase from there down, write the text, then redraw the
 * prompt and the half-typed line with the cursor where it was (readline's own refresh). Without a terminal
 * (pipes, tests with terminal: false) the text is simply written.
 */
export interface LiveOutput {
  /** Write text (a trailing newline is added when missing) above the prompt. */
  write(text: string): void;
  /** Bind to the readline interface once the REPL exists; before that, writes go straight out. */
  attach(rl: Interface, terminal: boolean): void;
  detach(): void;
}

/** readline keeps these on the instance; not in @types/node. */
interface RefreshableInterface {
  prevRows?: number;
  _refreshLine?: () => void;
  getCursorPos(): { rows: number; cols: number };
}

export function createLiveOutput(output: NodeJS.WritableStream): LiveOutput {
  let rl: (Interface & RefreshableInterface) | undefined;
  let terminal = false;

  return {
    write(text) {
      const block = text.endsWith("\n") ? text : `${text}\n`;
      if (!rl || !terminal || typeof rl._refreshLine !== "function") {
        output.write(block);
        return;
      }
      const rows = rl.getCursorPos().rows;
      if (rows > 0) moveCursor(output, 0, -rows);
      cursorTo(output, 0);
      clearScreenDown(output);
      output.write(block);
      // The cursor now sits at column 0 of a fresh row: tell readline so its refresh does not climb into the
      // text just written, then let it redraw prompt + line + cursor.
      rl.prevRows = 0;
      rl._refreshLine();
    },
    attach(next, isTerminal) {
      rl = next as Interface & RefreshableInterface;
      terminal = isTerminal;
    },
    detach() {
      rl = undefined;
    },
  };
}
