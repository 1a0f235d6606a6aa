import { replOf } from "../demo/shell-handle";
import { jump, leave, runNext, startOrResume, type TourContext } from "../demo/tour";
import type { ShellCommand } from "./types";

/**
 * `.demo` starts (or resumes) the guided tour of the blog; `.demo next` runs the current step (so does Enter on
 * an empty line while the tour is on); `.demo <n>` jumps to step n; `.demo stop` leaves.
 */
export function demoCommand(all: () => readonly ShellCommand[]): ShellCommand {
  return {
    name: "demo",
    usage: ".demo [next|<step>|stop]",
    help: "Guided tour of the blog: streams, generator, then each step shown, run and explained",
    async run(args, deps) {
      const ctx: TourContext = { deps, repl: replOf(deps), commands: all };
      const arg = args.trim();
      if (arg === "") await startOrResume(ctx);
      else if (arg === "next") await runNext(ctx);
      else if (arg === "stop") await leave(ctx);
      else if (/^\d+$/.test(arg)) await jump(ctx, Number(arg));
      else deps.print("Usage: .demo (start or resume) | .demo next | .demo <step number> | .demo stop");
    },
  };
}
