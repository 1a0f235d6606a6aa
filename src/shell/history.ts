import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { REPLServer } from "node:repl";
import { redactSecrets } from "./redact";

/**
 * A persistent history file (one input line per line, oldest first), loaded into the REPL at start and
 * appended to as lines are entered. Node's own `setupHistory` cannot filter lines, and secrets must never
 * be written, so the shell keeps its own file. Location: $TSPARK_HISTORY, else ~/.tspark_history;
 * TSPARK_HISTORY="" turns history off.
 */
export const HISTORY_SIZE = 1000;

export function defaultHistoryFile(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TSPARK_HISTORY !== undefined) return env.TSPARK_HISTORY === "" ? null : env.TSPARK_HISTORY;
  return join(homedir(), ".tspark_history");
}

export function loadHistory(file: string): string[] {
  try {
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
    return lines.slice(-HISTORY_SIZE).reverse(); // readline wants newest first
  } catch {
    return [];
  }
}

export function attachHistory(repl: REPLServer, file: string | null): void {
  if (!file) return;
  const mutable = repl as unknown as { history: string[] };
  // In-memory history (arrow keys) is redacted too, so a secret cannot be recalled onto the screen later.
  mutable.history = loadHistory(file);
  let writable = true;
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch {
    writable = false;
  }
  repl.on("line", (line: string) => {
    if (line.trim() === "") return;
    const safe = redactSecrets(line);
    if (safe !== line && mutable.history[0] === line) mutable.history[0] = safe;
    if (!writable) return;
    try {
      appendFileSync(file, `${safe.replace(/\n/g, " ")}\n`, { mode: 0o600 });
    } catch {
      writable = false; // a read-only home must not break the shell
    }
  });
}
