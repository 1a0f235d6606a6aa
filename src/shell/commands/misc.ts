import { formatTrace } from "../format";
import type { ShellCommand } from "./types";

export const traceCommand: ShellCommand = {
  name: "trace",
  usage: ".trace",
  help: "Show the full stack trace of the last error",
  run(_args, deps) {
    const e = deps.lastError();
    deps.print(e === undefined ? "No error so far." : formatTrace(e));
  },
};

export const localCommand: ShellCommand = {
  name: "local",
  usage: ".local",
  help: "Show the embedded local AWS endpoints (Kinesis, DynamoDB, S3)",
  run(_args, deps) {
    deps.print(deps.services ? deps.services.describe() : "No embedded services: this shell talks to AWS (--aws or --endpoint).");
  },
};

/** `.help` lists tspark's commands with their usage, then the REPL's own. */
export function helpCommand(all: () => readonly ShellCommand[]): ShellCommand {
  return {
    name: "help",
    usage: ".help",
    help: "Show the shell commands",
    run(_args, deps) {
      const cmds = all();
      const entries: [string, string][] = cmds.map((c) => [c.usage, c.help]);
      entries.push(
        [".editor", "Enter editor mode (Ctrl+D to run, Ctrl+C to cancel)"],
        [".exit", "Stop all queries and leave (also Ctrl+D, or Ctrl+C twice)"],
      );
      const lines = helpTable(entries, terminalColumns());
      lines.push(
        "",
        ...wrapWords("Preloaded: spark, col, expr, lit, every function of `functions` (also F), the types (StructType, LongType ...), Trigger, Row.", terminalColumns()),
        ...wrapWords(
          "Multi-line: a line starting with .name(...) continues the statement before it (a statement that declares a DataFrame, reader or writer waits for it; a blank Enter runs it); or end a line with `.`, `(`, `,` or a pyspark `\\`. Python snippets from PySpark docs run as they are.",
          terminalColumns(),
        ),
        ...wrapWords("Ctrl+C while waiting (awaitTermination) returns to the prompt; the queries keep running.", terminalColumns()),
      );
      deps.print(lines.join("\n"));
    },
  };
}

function terminalColumns(): number {
  return Math.max(40, process.stdout.columns || 80);
}

/**
 * Usage and help in two columns that fit the terminal: help text wraps between words, and a usage too long
 * for the first column gets a line of its own with its help below, so nothing wraps mid-word.
 */
export function helpTable(entries: readonly [string, string][], columns: number): string[] {
  const first = Math.min(Math.max(...entries.map(([u]) => u.length)), 30);
  const indent = " ".repeat(first + 2);
  const lines: string[] = [];
  for (const [usage, help] of entries) {
    const wrapped = wrapWords(help, columns - indent.length);
    if (usage.length <= first) {
      lines.push(`${usage.padEnd(first)}  ${wrapped[0] ?? ""}`.trimEnd(), ...wrapped.slice(1).map((l) => indent + l));
    } else {
      lines.push(...wrapWords(usage, columns), ...wrapped.map((l) => indent + l));
    }
  }
  return lines;
}

/** Break text into lines of at most `width` characters, between words (a longer word keeps its line). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}
