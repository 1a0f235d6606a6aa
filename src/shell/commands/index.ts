import type { REPLServer } from "node:repl";
import { formatError } from "../format";
import { checkpointCommand } from "./checkpoint";
import { lsCommand } from "./ls";
import { explainCommand } from "./explain";
import { generateCommand, peekCommand } from "./generate";
import { helpCommand, localCommand, traceCommand } from "./misc";
import { progressCommand, stopCommand, streamsCommand } from "./queries";
import { shardsCommand } from "./shards";
import type { ShellCommand, ShellCommandDeps } from "./types";
import { attachTranscript, recordCommand } from "../transcript";
import { saveCommand } from "./save";
import { watchCommand } from "./watch";
import { uiCommand } from "./ui";
import { demoCommand } from "./demo";
import { exportCommand } from "./export";
import { liveCommand } from "./live";
import { rememberRepl } from "../demo/shell-handle";

export type { ShellCommandDeps } from "./types";

/** Every dot-command, in the order `.help` lists them. */
export function shellCommands(): ShellCommand[] {
  const list: ShellCommand[] = [
    streamsCommand,
    stopCommand,
    progressCommand,
    explainCommand,
    shardsCommand,
    generateCommand,
    peekCommand,
    checkpointCommand,
    lsCommand,
    localCommand,
    traceCommand,
    saveCommand,
    watchCommand,
    liveCommand,
    exportCommand,
    uiCommand,
  ];
  list.push(demoCommand(() => list));
  list.push(helpCommand(() => list));
  return list;
}

/** Commands that never reach a service run at once, even while the embedded services still start. */
const WITHOUT_SERVICES = new Set(["help", "local", "trace", "live", "ui"]);

/** Register the commands on the REPL; each runs async, prints its errors as one block, then re-prompts. */
export function defineShellCommands(
  repl: REPLServer,
  deps: ShellCommandDeps,
  guard: { begin(): void; end(): void; interruptible<T>(work: Promise<T>): Promise<T | symbol> },
  commands = shellCommands(),
): void {
  attachTranscript(repl, deps.live, deps, deps.lastError);
  rememberRepl(deps, repl);
  for (const cmd of commands) {
    const run = recordCommand(deps, cmd.name, cmd.run.bind(cmd));
    repl.defineCommand(cmd.name, {
      help: cmd.help,
      action(args: string) {
        guard.begin();
        void (async () => {
          try {
            // Ctrl-C stops waiting for a long command (.peek on a quiet stream), as for user code.
            const work = async () => {
              if (!WITHOUT_SERVICES.has(cmd.name)) await deps.awaitServices?.();
              return run(args, deps);
            };
            const r = await guard.interruptible(work());
            if (typeof r === "symbol") deps.print("Interrupted.");
          } catch (e) {
            deps.setLastError(e);
            deps.print(formatError(e));
          }
          repl.displayPrompt();
          guard.end();
        })();
      },
    });
  }
}
