import type { LiveMode } from "../live-output";
import type { ShellCommand } from "./types";

/** `.live [compact|scroll]`: how console-sink batch tables are drawn (see live-output.ts). */
export const liveCommand: ShellCommand = {
  name: "live",
  usage: ".live [compact|scroll]",
  help: "Batch tables: compact (latest table per query redrawn in place, the default) or scroll (every batch)",
  run(args, deps) {
    const live = deps.live as { mode?(): LiveMode; setMode?(m: LiveMode): void } | undefined;
    if (!live?.mode || !live.setMode) {
      deps.print("This shell draws every batch as it comes (no live board).");
      return;
    }
    const want = args.trim().toLowerCase();
    if (want === "") {
      deps.print(`Batch tables: ${live.mode()} (.live compact | .live scroll)`);
      return;
    }
    if (want !== "compact" && want !== "scroll") {
      deps.print(`Unknown mode '${args.trim()}': .live compact (latest table per query, in place) or .live scroll (every batch).`);
      return;
    }
    live.setMode(want);
    deps.print(
      want === "compact"
        ? "Batch tables: compact (each query's latest table redrawn in place above the prompt, at most once a second)."
        : "Batch tables: scroll (every batch printed as it comes, as Spark's console sink does).",
    );
  },
};
