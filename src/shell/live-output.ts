import { clearScreenDown, cursorTo, moveCursor } from "node:readline";
import type { Interface } from "node:readline";

/**
 * Writes text (batch tables, log lines, query errors) ABOVE the prompt while the user types.
 *
 * On a terminal: move to the first row of the prompt, erase from there down, write the text, then redraw the
 * prompt and the half-typed line with the cursor where it was (readline's own refresh). Without a terminal
 * (pipes, tests with terminal: false) the text is simply written.
 *
 * Console-sink batches have two forms (`.live`):
 * - "compact" (the default on a terminal): each query's LATEST table stays in a board just above the prompt
 *   and is redrawn in place, at most once a second, with the batch number and how many batches arrived since
 *   the one drawn before. Spark's triggers are untouched: every batch runs and reaches the sink; only the
 *   drawing is coalesced, so the screen stays readable at any batch rate.
 * - "scroll": every batch table is written above the prompt and scrolls, as Spark's console sink prints.
 */
export type LiveMode = "compact" | "scroll";

export interface BatchInfo {
  readonly queryId: string;
  readonly queryName?: string | null;
  readonly batchId: number;
}

export interface LiveOutput {
  /** Write text (a trailing newline is added when missing) above the prompt. */
  write(text: string): void;
  /** A console-sink batch (its full text, as Spark prints it): drawn per the mode. */
  writeBatch(info: BatchInfo, text: string): void;
  /** A query ended: its last table leaves the board and stays in the scrolling text. */
  endQuery(queryId: string): void;
  mode(): LiveMode;
  setMode(mode: LiveMode): void;
  /**
   * The REPL wrote below the board (Enter's newline, a result): the board drawn so far stays on screen as
   * history, and the next draw puts a fresh one above the prompt.
   */
  releaseBoard(): void;
  /** While suspended (a full-screen view like .watch), the board is not drawn. */
  suspend(on: boolean): void;
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

interface BoardEntry {
  label: string;
  batchId: number;
  text: string;
  /** Batches received since the one last drawn (the one now held included). */
  unseen: number;
  drawnBatch?: number;
  skippedBeforeDrawn: number;
}

/** The board is redrawn at most this often (batches in between are counted, not drawn). */
const REDRAW_MS = 1000;

export function createLiveOutput(output: NodeJS.WritableStream): LiveOutput {
  let rl: (Interface & RefreshableInterface) | undefined;
  let terminal = false;
  let mode: LiveMode = "compact";
  let suspended = false;
  const board = new Map<string, BoardEntry>();
  /** Rows the board takes on screen now (0 when none is drawn). */
  let boardRows = 0;
  let lastDraw = 0;
  let timer: NodeJS.Timeout | undefined;

  const columns = () => Math.max(20, (output as { columns?: number }).columns || 80);
  const rowsOf = (text: string) =>
    text
      .replace(/\n$/, "")
      .split("\n")
      .reduce((n, line) => n + Math.max(1, Math.ceil(line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").length / columns())), 0);
  const live = () => rl !== undefined && terminal && typeof rl._refreshLine === "function";

  function boardText(): string {
    const parts: string[] = [];
    for (const e of board.values()) {
      const since = e.skippedBeforeDrawn > 0 ? `, ${e.skippedBeforeDrawn} more since the last drawn` : "";
      parts.push(`[${e.label}] batch ${e.batchId}${since} (latest table, redrawn in place; .live scroll shows every batch)\n${e.text}`);
    }
    return parts.join("");
  }

  /** Erase board + prompt, write `text` (scrolling), redraw board and prompt. */
  function render(text: string): void {
    const r = rl!;
    const promptRows = r.getCursorPos().rows;
    const up = promptRows + boardRows;
    if (up > 0) moveCursor(output, 0, -up);
    cursorTo(output, 0);
    clearScreenDown(output);
    if (text !== "") output.write(text);
    const b = suspended ? "" : boardText();
    if (b !== "") output.write(b.endsWith("\n") ? b : `${b}\n`);
    boardRows = b === "" ? 0 : rowsOf(b);
    // The cursor now sits at column 0 of a fresh row: tell readline so its refresh does not climb into the
    // text just written, then let it redraw prompt + line + cursor.
    r.prevRows = 0;
    r._refreshLine!();
  }

  function drawBoard(): void {
    timer = undefined;
    if (!live() || suspended) return;
    lastDraw = Date.now();
    for (const e of board.values()) {
      e.skippedBeforeDrawn = e.drawnBatch === undefined ? 0 : e.unseen - 1;
      e.drawnBatch = e.batchId;
      e.unseen = 0;
    }
    render("");
  }

  function scheduleDraw(): void {
    if (timer) return;
    const wait = lastDraw + REDRAW_MS - Date.now();
    if (wait <= 0) drawBoard();
    else {
      timer = setTimeout(drawBoard, wait);
      timer.unref?.();
    }
  }

  /** Plain text above the prompt (not through `self.write`, which the transcript and .watch wrap). */
  function writeText(text: string): void {
    const block = text.endsWith("\n") ? text : `${text}\n`;
    if (!live()) output.write(block);
    else render(block);
  }
  /** Scrolling batch tables that arrived while suspended (.watch), written when it ends. */
  let heldBatches: string[] = [];

  const self: LiveOutput = {
    write: writeText,
    writeBatch(info, text) {
      if (mode === "scroll" || !live()) {
        if (suspended) heldBatches.push(text);
        else writeText(text);
        return;
      }
      const label = info.queryName || info.queryId.slice(0, 8);
      const prev = board.get(info.queryId);
      board.set(info.queryId, {
        label,
        batchId: info.batchId,
        text: text.endsWith("\n") ? text : `${text}\n`,
        unseen: (prev?.unseen ?? 0) + 1,
        drawnBatch: prev?.drawnBatch,
        skippedBeforeDrawn: prev?.skippedBeforeDrawn ?? 0,
      });
      scheduleDraw();
    },
    endQuery(queryId) {
      const e = board.get(queryId);
      if (!e) return;
      board.delete(queryId);
      // The last table becomes ordinary text, so it stays on screen after the query.
      if (live()) render(e.text);
    },
    releaseBoard() {
      boardRows = 0;
    },
    mode: () => mode,
    setMode(next) {
      if (next === mode) return;
      mode = next;
      if (next === "scroll" && board.size > 0) {
        const last = [...board.values()].map((e) => e.text).join("");
        board.clear();
        if (live()) render(last);
      }
    },
    suspend(on) {
      suspended = on;
      if (!on) {
        const held = heldBatches;
        heldBatches = [];
        for (const t of held) writeText(t);
      }
      if (!on && board.size > 0) scheduleDraw();
      else if (on && boardRows > 0 && live()) render("");
    },
    attach(next, isTerminal) {
      rl = next as Interface & RefreshableInterface;
      terminal = isTerminal;
    },
    detach() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      rl = undefined;
    },
  };
  return self;
}
