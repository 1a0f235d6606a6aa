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
      const width = Math.max(...cmds.map((c) => c.usage.length), 16);
      const lines = cmds.map((c) => `${c.usage.padEnd(width)}  ${c.help}`);
      lines.push(
        `${".editor".padEnd(width)}  Enter editor mode (Ctrl+D to run, Ctrl+C to cancel)`,
        `${".exit".padEnd(width)}  Stop all queries and leave (also Ctrl+D, or Ctrl+C twice)`,
        "",
        "Preloaded: spark, col, expr, lit, every function of `functions` (also F), the types (StructType, LongType ...), Trigger, Row.",
        "Multi-line: end a line with `.`, `(`, `,` or a pyspark `\\`; Python snippets from PySpark docs run as they are.",
        "Ctrl+C while waiting (awaitTermination) returns to the prompt; the queries keep running.",
      );
      deps.print(lines.join("\n"));
    },
  };
}
