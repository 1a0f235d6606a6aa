import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { transcriptOf } from "../transcript";
import { transcriptToMarkdown, transcriptToScript } from "../transcript-render";
import type { ShellCommand } from "./types";

/** `.save notebook.md` (inputs and outputs) or `.save session.ts` (a script that re-runs the inputs). */
export const saveCommand: ShellCommand = {
  name: "save",
  usage: ".save <file.md|file.ts>",
  help: "Save this session: Markdown notebook (inputs and outputs) or a TypeScript script that re-runs it",
  async run(args, deps) {
    const file = args.trim();
    if (!file) {
      deps.print("Usage: .save notebook.md (inputs and outputs as Markdown) or .save session.ts (a runnable script)");
      return;
    }
    const t = transcriptOf(deps);
    if (!t) {
      deps.print("This shell keeps no transcript (it was created without one).");
      return;
    }
    let text: string;
    if (/\.(md|markdown)$/i.test(file)) text = transcriptToMarkdown(t);
    else if (/\.(ts|mts|cts)$/i.test(file)) text = transcriptToScript(t);
    else {
      deps.print(`Cannot tell the format of '${file}': use a .md name for a notebook or a .ts name for a script.`);
      return;
    }
    const path = resolve(file);
    await writeFile(path, text);
    const n = t.entries.filter((e) => !/^\.save\b/.test(e.input)).length;
    deps.print(`Saved ${n} input${n === 1 ? "" : "s"} to ${path}`);
  },
};
