import { uiAddress, uiFailure } from "../ui/launch";
import type { ShellCommand } from "./types";

/** `.ui`: where the Spark UI's Structured Streaming page is served (docs/ui.md). */
export const uiCommand: ShellCommand = {
  name: "ui",
  usage: ".ui",
  help: "Show the address of the web UI (the Structured Streaming page, as in Spark's UI)",
  run(_args, deps) {
    const url = uiAddress();
    if (url) deps.print(`Spark context Web UI available at ${url}\n  queries: ${url}/StreamingQuery/`);
    else if (uiFailure()) deps.print(`The web UI did not start: ${uiFailure()}`);
    else deps.print("The web UI is off (--no-ui) or still starting.");
  },
};
